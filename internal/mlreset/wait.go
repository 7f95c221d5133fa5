package mlreset

import (
	"context"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// maxPollWindow is the longest single long poll, Elasticsearch's own
// default; the deadline shortens the last one.
const maxPollWindow = 30 * time.Second

// followTask waits for the reset task with the tasks API's long poll,
// which answers the moment the task ends, so the reset's end is seen
// within a round trip instead of a polling interval.
func (r *run) followTask(ctx context.Context) error {
	for {
		window := r.pollWindow
		if deadline, ok := ctx.Deadline(); ok {
			window = min(window, time.Until(deadline))
		}
		if window <= 0 {
			return context.DeadlineExceeded
		}
		completed, err := r.client.WaitForTask(ctx, r.taskID, window)
		switch {
		case esclient.IsTaskStillRunning(err):
			r.report(Event{Step: StepStillWaiting})
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

// cannotFollow says whether the task could not tell how the reset ended,
// so that it must be waited for through the job, and what to warn about.
func (r *run) cannotFollow(err error) (warning *Warning, join bool) {
	if _, ended := esclient.AsTaskFailure(err); ended {
		// The task gave up waiting (30 s) for an earlier reset of the job:
		// wait for that one as a blocking reset does.
		return nil, esclient.IsEarlierResetStillRunning(err)
	}
	switch {
	case esclient.IsForbidden(err):
		// Reading tasks needs the monitor privilege, which manage_ml lacks.
		// Watching the job's blocked field instead could not tell a failed
		// reset from a running one. If the task has already finished, the
		// job is reset once more: the safe side, since a reset that seemed
		// done but had not started would end the wait too early.
		return &Warning{Kind: WarningTasksForbidden, JobID: r.req.JobID, TaskID: r.taskID, Cause: err}, true
	case esclient.IsTaskVanished(err):
		// Gone without a stored result (its node left the cluster): the
		// blocking call re-runs the reset if it was abandoned (Elasticsearch
		// 8.13 and later; before, it answers the lost task's "not found").
		return &Warning{Kind: WarningTaskVanished, JobID: r.req.JobID, TaskID: r.taskID, Cause: err}, true
	}
	return nil, false
}

// resetBlocking makes a blocking reset call. When the job is already being
// reset (an earlier, interrupted apply, or the task being joined),
// Elasticsearch waits for that reset instead and gives up waiting after 30
// seconds: then call again.
func (r *run) resetBlocking(ctx context.Context) error {
	for {
		err := r.client.ResetJob(ctx, r.req.JobID, r.options())
		if !esclient.IsTaskStillRunning(err) {
			return err
		}
		r.report(Event{Step: StepEarlierResetRunning})
	}
}
