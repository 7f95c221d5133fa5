package mlreset

import (
	"context"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// wait follows the reset task to its end. When the task cannot tell, the
// reset is waited for through the job instead, with a blocking reset call:
// Elasticsearch turns it into a wait on the running reset, and re-runs a
// reset that was abandoned.
func (j *jobReset) wait(ctx context.Context, s *session) error {
	if j.req.WaitForCompletion {
		return nil // the blocking call has waited
	}
	err := s.followTask(ctx, s.taskID)
	warning, join := cannotFollow(err, s.taskID)
	if !join {
		return err
	}
	if warning != nil {
		s.warn(*warning)
	}
	s.report(Event{Step: StepJoiningReset})
	return s.callBlocking(ctx, j)
}

// cannotFollow says whether the reset task (taskID) could not tell how the
// reset ended, so that it must be waited for through the job, and what to
// warn about.
func cannotFollow(err error, taskID string) (warning *Warning, join bool) {
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
		return &Warning{Kind: WarningTasksForbidden, TaskID: taskID, Cause: err}, true
	case esclient.IsTaskVanished(err):
		// Gone without a stored result (its node left the cluster): the
		// blocking call re-runs the reset if it was abandoned (Elasticsearch
		// 8.13 and later; before, it answers the lost task's "not found").
		return &Warning{Kind: WarningTaskVanished, TaskID: taskID, Cause: err}, true
	}
	return nil, false
}

// call makes a blocking reset call (blockingOperation). When the job is
// already being reset (an earlier, interrupted apply, or the task being
// joined), Elasticsearch waits for that reset instead and gives up waiting
// after 30 seconds: then call again.
func (j *jobReset) call(ctx context.Context, s *session) error {
	for {
		err := s.client.ResetJob(ctx, j.req.JobID, j.options())
		if !esclient.IsTaskStillRunning(err) {
			return err
		}
		s.report(Event{Step: StepEarlierResetRunning})
	}
}

// trace reads the job after a cut reset call (blockingOperation): blocked
// by a reset, that reset's task holds it. Otherwise the job's model
// snapshot tells a completed reset from one that never took hold. The job
// is closed, as the reset requires. A closed job that has learned anything
// names the model snapshot it persisted (closing persists one). A reset
// deletes the snapshots and the name with them, and nothing else takes the
// name away from a closed job that no other operation holds: only an open
// job persists a model, and a revert to another snapshot blocks the job
// while it runs. So a name left means that the reset never ran, and no
// name that it completed, or that the job had learned nothing, which a
// reset would not change. A job held by a delete or a revert is no trace
// of the reset: the call sent again is refused with Elasticsearch's
// reason, as a first call would have been.
func (j *jobReset) trace(ctx context.Context, s *session) (trace, error) {
	job, err := s.client.GetJob(ctx, j.req.JobID)
	if err != nil {
		return trace{}, err
	}
	if task, held := job.ResetTask(); held {
		return trace{task: task}, nil
	}
	return trace{applied: job.Blocked == nil && job.ModelSnapshotID == ""}, nil
}
