package mlreset

import (
	"context"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// maxPollWindow is the longest single long poll, Elasticsearch's own
// default; the deadline shortens the last one.
const maxPollWindow = 30 * time.Second

// After a poll a gateway cut, the window halves down to a fifteenth of the
// full one (2 s of 30 s): under the timeout of any gateway worth the name,
// and still long enough that a poll is not mostly its round trip. And the
// next poll goes no sooner than a thirtieth of the full window (1 s of 30
// s) after the cut one, so that a gateway that drops every long poll at
// once is not hammered until the deadline.
const (
	floorShare   = 15
	spacingShare = 30
)

// shrinkingWindow is the window of the next long poll. A poll a gateway
// cuts says only that the gateway waits less than the window: the next
// asks for half as long, down to a floor (floorShare), so that
// Elasticsearch's own answer (the task ended, or still runs) comes through
// the gateway again. A window that came through stays: the gateway's
// timeout does not change during a run, so growing again would only be cut
// again, a wasted round trip each time.
type shrinkingWindow struct {
	full, next time.Duration
}

func newShrinkingWindow(full time.Duration) *shrinkingWindow {
	return &shrinkingWindow{full: full, next: full}
}

// cut halves the next window.
func (w *shrinkingWindow) cut() {
	w.next = max(w.next/2, w.full/floorShare)
}

// within is the next window, shortened to what is left before ctx's
// deadline; zero or less when nothing is left.
func (w *shrinkingWindow) within(ctx context.Context) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return min(w.next, time.Until(deadline))
	}
	return w.next
}

// followTask waits for task taskID with the tasks API's long poll, which
// answers the moment the task ends, so its end is seen within a round trip
// instead of a polling interval. It returns nil once the task has ended
// with nothing to say against it (a task that stored no result ends so
// too), the task's failure, or why it could not be followed.
func (s *session) followTask(ctx context.Context, taskID string) error {
	w := newShrinkingWindow(s.pollWindow)
	for {
		window := w.within(ctx)
		if window <= 0 {
			return context.DeadlineExceeded
		}
		sent := time.Now()
		completed, err := s.client.WaitForTask(ctx, taskID, window)
		if esclient.IsWaitCut(err) {
			// A gateway gave up before Elasticsearch answered; the task
			// goes on, and the work with it.
			w.cut()
			s.report(Event{Step: StepWaitCut})
			if err := esclient.Sleep(ctx, w.full/spacingShare-time.Since(sent)); err != nil {
				return err
			}
			continue
		}
		switch {
		case esclient.IsTaskStillRunning(err):
			s.report(Event{Step: StepStillWaiting})
			continue
		case err != nil:
			return err
		case !completed:
			// Not what a long poll answers: do not spin on a proxy that
			// drops the parameter.
			if err := esclient.Sleep(ctx, time.Second); err != nil {
				return err
			}
			continue
		}
		return nil
	}
}
