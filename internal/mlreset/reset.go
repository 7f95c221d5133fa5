package mlreset

import (
	"context"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The reset of an anomaly-detection job (DESIGN.md §3), as a flow: close
// the job, reset it, wait for the reset, then bring back what after_reset
// asks (restart.go).

// DefaultTimeout bounds a whole reset (version check, close, reset, wait,
// and what after_reset starts) unless the caller says otherwise.
const DefaultTimeout = 20 * time.Minute

// Request is one reset and how to do it.
type Request struct {
	JobID                 string
	DeleteUserAnnotations bool
	// WaitForCompletion true: one blocking reset call. false: start the
	// reset as a task and follow the task.
	WaitForCompletion bool
	// ForceClose closes with force, as a job in state failed needs.
	ForceClose bool
	// AfterReset says what runs once the reset has completed; the zero
	// value means DefaultAfterReset.
	AfterReset AfterReset
	// DatafeedStart is the start time given to a datafeed started after
	// the reset, passed as written; empty: none, so the datafeed reads
	// its source from the earliest data.
	DatafeedStart string
}

// Reset resets the job and returns once the reset has completed, failed,
// or run out of time (the context's deadline).
func (e *Engine) Reset(ctx context.Context, req Request, progress Progress) Result {
	return e.run(ctx, &jobReset{req: req}, progress)
}

// jobReset is the flow of one Reset.
type jobReset struct {
	req Request
	// before is what ran before the close, read for after_reset.
	before Before
}

func (j *jobReset) object() Object { return Object{Kind: ObjectJob, ID: j.req.JobID} }

func (j *jobReset) checkVersions(ctx context.Context, s *session) error {
	return s.checkGates(ctx, j.req.gates())
}

// stop closes the job: reset works only on a closed job. Closing a closed
// job does nothing; closing an open one stops its datafeed first.
func (j *jobReset) stop(ctx context.Context, s *session, attempt int) error {
	s.report(Event{Step: StepClosing, Attempt: attempt})
	return s.client.CloseJob(ctx, j.req.JobID, j.req.ForceClose)
}

// notStopped: the job was re-opened between close and reset.
func (j *jobReset) notStopped(err error) bool { return esclient.IsJobNotClosed(err) }

// operate makes the blocking reset call, or starts the reset as a task.
func (j *jobReset) operate(ctx context.Context, s *session) error {
	if j.req.WaitForCompletion {
		s.report(Event{Step: StepResetting})
		return s.callBlocking(ctx, j)
	}
	// The task id comes back before Elasticsearch has checked anything:
	// only the task's result says what happened. The answer comes at
	// once, so no gateway's timeout cuts it, and the client's retries of
	// a dropped start are safe: a reset started again while the first
	// runs waits for it instead of resetting twice.
	taskID, err := s.client.StartReset(ctx, j.req.JobID, j.options())
	if err != nil {
		return err
	}
	s.taskID = taskID
	s.report(Event{Step: StepResetStarted})
	return nil
}

// runningTask asks the job which reset task holds it.
func (j *jobReset) runningTask(ctx context.Context, s *session) string {
	job, err := s.client.GetJob(ctx, j.req.JobID)
	if err != nil {
		return ""
	}
	taskID, _ := job.ResetTask()
	return taskID
}

func (j *jobReset) options() esclient.ResetOptions {
	return esclient.ResetOptions{DeleteUserAnnotations: j.req.DeleteUserAnnotations}
}
