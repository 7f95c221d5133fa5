// Package mlreset resets one anomaly-detection job, top to bottom: check
// the cluster's version, close the job, reset it, wait for the reset, then
// the steps after the reset. The resource runs it (and, later, the action);
// it knows Elasticsearch through esclient and nothing of Terraform: it
// reports progress through a callback and returns warnings as values.
package mlreset

import (
	"context"
	"errors"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// DefaultTimeout bounds a whole reset (version check, close, reset, wait,
// and what after_reset starts) unless the caller says otherwise.
const DefaultTimeout = 20 * time.Minute

// MaxCloseAttempts bounds how often the job is closed again when something
// (a user, Kibana, another pipeline) re-opens it between close and reset.
const MaxCloseAttempts = 3

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
	// value means AfterResetClosed.
	AfterReset AfterReset
	// DatafeedStart is the start time given to a datafeed started after
	// the reset, passed as written; empty: none, so the datafeed reads
	// its source from the earliest data.
	DatafeedStart string
}

// Result is how a reset ended.
type Result struct {
	// TaskID is the reset's task: the one followed when the reset ran as a
	// task, or, when the deadline or an interrupt stopped the wait, the
	// one Elasticsearch may still be running. Empty when there is none.
	TaskID   string
	Warnings []Warning
	// ResetCompleted: the job was reset, even when Err says that bringing
	// it back afterwards (after_reset) failed.
	ResetCompleted bool
	// Err is nil once the reset, and what after_reset asks, have
	// completed. Ask esclient's predicates (and errors.Is with context
	// errors, *VersionError and *AfterResetError) what it means.
	Err error
}

// Engine resets jobs of one cluster. It is safe for concurrent use.
type Engine struct {
	client *esclient.Client
	// pollWindow is the longest single long poll of a task.
	pollWindow time.Duration
}

// New returns an engine that works through client.
func New(client *esclient.Client) *Engine {
	return &Engine{client: client, pollWindow: maxPollWindow}
}

// Reset resets the job and returns once the reset has completed, failed,
// or run out of time (the context's deadline).
func (e *Engine) Reset(ctx context.Context, req Request, progress Progress) Result {
	r := &run{client: e.client, pollWindow: e.pollWindow, req: req, progress: progress}

	warnings, err := e.CheckVersions(ctx, req)
	r.warnings = append(r.warnings, warnings...)
	if err != nil {
		return r.finish(ctx, err)
	}
	// What after_reset brings back is read before the close changes it.
	before, err := r.readBefore(ctx)
	if err != nil {
		return r.finish(ctx, err)
	}
	for attempt := 1; ; attempt++ {
		// Reset works only on a closed job. Closing a closed job does
		// nothing; closing an open one stops its datafeed first.
		err = r.closeJob(ctx, attempt)
		if err == nil {
			err = r.reset(ctx)
		}
		if err == nil {
			err = r.wait(ctx)
		}
		if !esclient.IsJobNotClosed(err) || attempt == MaxCloseAttempts {
			break
		}
		r.report(Event{Step: StepReopened, Attempt: attempt})
	}
	if err == nil {
		r.resetCompleted = true
		err = r.afterReset(ctx, before)
	}
	return r.finish(ctx, err)
}

// run is the state of one Reset.
type run struct {
	client     *esclient.Client
	pollWindow time.Duration
	req        Request
	progress   Progress

	taskID         string
	warnings       []Warning
	resetCompleted bool
}

func (r *run) closeJob(ctx context.Context, attempt int) error {
	r.report(Event{Step: StepClosing, Attempt: attempt})
	return r.client.CloseJob(ctx, r.req.JobID, r.req.ForceClose)
}

// reset makes the blocking reset call, or starts the reset as a task.
func (r *run) reset(ctx context.Context) error {
	if r.req.WaitForCompletion {
		r.report(Event{Step: StepResetting})
		return r.resetBlocking(ctx)
	}
	// The task id comes back before Elasticsearch has checked anything:
	// only the task's result says what happened.
	taskID, err := r.client.StartReset(ctx, r.req.JobID, r.options())
	if err != nil {
		return err
	}
	r.taskID = taskID
	r.report(Event{Step: StepResetStarted})
	return nil
}

// wait follows the reset task to its end. When the task cannot tell, the
// reset is waited for through the job instead, with a blocking reset call:
// Elasticsearch turns it into a wait on the running reset, and re-runs a
// reset that was abandoned.
func (r *run) wait(ctx context.Context) error {
	if r.req.WaitForCompletion {
		return nil // the blocking call has waited
	}
	err := r.followTask(ctx)
	warning, join := r.cannotFollow(err)
	if !join {
		return err
	}
	if warning != nil {
		r.warnings = append(r.warnings, *warning)
	}
	r.report(Event{Step: StepJoiningReset})
	return r.resetBlocking(ctx)
}

// finish makes the result. A reset stopped by the deadline or an
// interrupt may still run in Elasticsearch: the result names its task, so
// the user can follow it.
func (r *run) finish(ctx context.Context, err error) Result {
	res := Result{TaskID: r.taskID, Warnings: r.warnings, ResetCompleted: r.resetCompleted, Err: err}
	if f, ok := esclient.AsTaskFailure(err); ok {
		res.TaskID = f.TaskID
	}
	if err != nil && res.TaskID == "" && stopped(ctx, err) {
		res.TaskID = r.runningResetTask()
	}
	r.report(Event{Step: StepDone})
	return res
}

// stopped reports a reset cut short by the deadline or an interrupt.
func stopped(ctx context.Context, err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || ctx.Err() != nil
}

// runningResetTask asks the job which reset task holds it, on a fresh short
// deadline since the operation's own has passed.
func (r *run) runningResetTask() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	job, err := r.client.GetJob(ctx, r.req.JobID)
	if err != nil {
		return ""
	}
	taskID, _ := job.ResetTask()
	return taskID
}

func (r *run) options() esclient.ResetOptions {
	return esclient.ResetOptions{DeleteUserAnnotations: r.req.DeleteUserAnnotations}
}

func (r *run) report(ev Event) {
	if r.progress == nil {
		return
	}
	ev.JobID, ev.TaskID = r.req.JobID, r.taskID
	r.progress(ev)
}
