package mlreset

import (
	"context"
	"errors"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// flow is one operation on one object, as Engine.run runs it: check the
// cluster's version, read what to bring back, stop the object, operate on
// it (the destructive step), wait for the operation, and bring back what
// ran. A flow supplies the steps; the skeleton orders them, stops the
// object again when it was started again before the operation, tells the
// destructive step's completion apart, and makes the Result. The job reset
// (jobReset) is one flow; another operation is another type with these
// methods and an Engine method that runs it.
type flow interface {
	// object is what the flow works on.
	object() Object
	// checkVersions refuses, before anything else is sent, what the
	// cluster is known to be too old for (usually s.checkGates).
	checkVersions(ctx context.Context, s *session) error
	// readBefore reads what bringBack needs, before stop changes it.
	readBefore(ctx context.Context, s *session) error
	// stop readies the object for the operation; attempt counts from 1.
	stop(ctx context.Context, s *session, attempt int) error
	// operate is the destructive step. Run as a task, it sets s.taskID.
	operate(ctx context.Context, s *session) error
	// wait waits for what operate started; nil at once for an operation
	// that returns when done.
	wait(ctx context.Context, s *session) error
	// notStopped says that err, from stop, operate or wait, means the
	// object was started again after stop: then it is stopped again.
	notStopped(err error) bool
	// bringBack starts what the request asks once the operation has
	// completed.
	bringBack(ctx context.Context, s *session) error
	// runningTask names the task that may still be running the operation
	// when the deadline or an interrupt stopped the wait; "" for none.
	// ctx is a fresh, short one: the run's own has ended.
	runningTask(ctx context.Context, s *session) string
}

// MaxCloseAttempts bounds how often the object is stopped (the job closed)
// again when something (a user, Kibana, another pipeline) starts it again
// between stop and operation.
const MaxCloseAttempts = 3

// Result is how a run ended.
type Result struct {
	// TaskID is the operation's task: the one followed when it ran as a
	// task, or, when the deadline or an interrupt stopped the wait, the
	// one Elasticsearch may still be running. Empty when there is none.
	TaskID   string
	Warnings []Warning
	// ResetCompleted: the destructive step (the reset) completed, even
	// when Err says that bringing things back afterwards failed; a caller
	// with state keeps it, marked for another run.
	ResetCompleted bool
	// Err is nil once the operation, and what the request asks after it,
	// have completed. Ask esclient's predicates (and errors.Is with
	// context errors, *VersionError and *AfterResetError) what it means.
	Err error
}

// session is the state of one run, and what the skeleton offers a flow's
// steps: the client, progress, warnings and the task.
type session struct {
	client *esclient.Client
	// pollWindow is the longest single long poll of a task.
	pollWindow time.Duration
	object     Object
	progress   Progress

	taskID string
	// following is the task last followed for an operation whose call a
	// gateway cut (blocking.go): the one to name when the run stops.
	following string
	warnings  []Warning
	completed bool
}

// run runs f to its end: completed, failed, or out of time (the context's
// deadline).
func (e *Engine) run(ctx context.Context, f flow, progress Progress) Result {
	s := &session{client: e.client, pollWindow: e.pollWindow, object: f.object(), progress: progress}
	err := s.steps(ctx, f)
	return s.finish(ctx, f, err)
}

func (s *session) steps(ctx context.Context, f flow) error {
	if err := f.checkVersions(ctx, s); err != nil {
		return err
	}
	if err := f.readBefore(ctx, s); err != nil {
		return err
	}
	if err := s.operateStopped(ctx, f); err != nil {
		return err
	}
	s.completed = true
	return f.bringBack(ctx, s)
}

// operateStopped stops the object, operates on it and waits for the
// operation, stopping it again, MaxCloseAttempts times at most, while the
// operation finds it started again.
func (s *session) operateStopped(ctx context.Context, f flow) error {
	for attempt := 1; ; attempt++ {
		err := f.stop(ctx, s, attempt)
		if err == nil {
			err = f.operate(ctx, s)
		}
		if err == nil {
			err = f.wait(ctx, s)
		}
		if !f.notStopped(err) || attempt == MaxCloseAttempts {
			return err
		}
		s.report(Event{Step: StepReopened, Attempt: attempt})
	}
}

// finish makes the result. An operation stopped by the deadline or an
// interrupt may still run in Elasticsearch: the result names its task, so
// the user can follow it.
func (s *session) finish(ctx context.Context, f flow, err error) Result {
	res := Result{TaskID: s.taskID, Warnings: s.warnings, ResetCompleted: s.completed, Err: err}
	if failure, ok := esclient.AsTaskFailure(err); ok {
		res.TaskID = failure.TaskID
	}
	if err != nil && stopped(ctx, err) {
		if s.following != "" {
			res.TaskID = s.following
		}
		if res.TaskID == "" {
			fresh, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			res.TaskID = f.runningTask(fresh, s)
			cancel()
		}
	}
	s.report(Event{Step: StepDone})
	return res
}

// stopped reports a run cut short by the deadline or an interrupt.
func stopped(ctx context.Context, err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || ctx.Err() != nil
}

// report tells the listener, if any, of a step, naming the object and the
// task.
func (s *session) report(ev Event) {
	if s.progress == nil {
		return
	}
	ev.Object, ev.TaskID = s.object, s.taskID
	if ev.TaskID == "" {
		ev.TaskID = s.following
	}
	if s.object.Kind == ObjectJob {
		ev.JobID = s.object.ID
	}
	s.progress(ev)
}

// warn keeps warnings for the result, naming the object in each.
func (s *session) warn(warnings ...Warning) {
	for _, w := range warnings {
		s.warnings = append(s.warnings, s.object.stamp(w))
	}
}

// warnOnce is warn for a warning not yet given about the same task.
func (s *session) warnOnce(w Warning) {
	for _, given := range s.warnings {
		if given.Kind == w.Kind && given.TaskID == w.TaskID {
			return
		}
	}
	s.warn(w)
}
