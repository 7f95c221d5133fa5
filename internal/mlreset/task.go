package mlreset

import (
	"context"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// maxPollWindow is the longest single long poll, Elasticsearch's own
// default; the deadline shortens the last one.
const maxPollWindow = 30 * time.Second

// followTask waits for the run's task with the tasks API's long poll,
// which answers the moment the task ends, so its end is seen within a
// round trip instead of a polling interval.
func (s *session) followTask(ctx context.Context) error {
	for {
		window := s.pollWindow
		if deadline, ok := ctx.Deadline(); ok {
			window = min(window, time.Until(deadline))
		}
		if window <= 0 {
			return context.DeadlineExceeded
		}
		completed, err := s.client.WaitForTask(ctx, s.taskID, window)
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
