package mlreset

import (
	"context"
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// A synchronous operation (the blocking job reset today; a model snapshot
// revert and a transform reset work alike) answers once its work has
// ended. A gateway in front of the cluster (a load balancer, an ingress)
// may cut that wait, with a 502/503/504 of its own or a dropped
// connection, while Elasticsearch goes on (esclient.IsWaitCut). Then the
// work may be running, done, or never begun: failing would fail an
// operation that succeeds, and sending the call again blindly could do
// the work twice. callBlocking follows the work through the object it
// holds instead, until it ends or the deadline passes (DESIGN.md §3).

// blockingOperation is a synchronous operation that, while it runs, holds
// its object and names its task there, as a job's blocked.reason and
// blocked.task_id do.
type blockingOperation interface {
	// call makes the blocking call. Sent while the operation runs, it
	// waits for that run rather than starting another.
	call(ctx context.Context, s *session) error
	// trace reads what the object shows of the operation. An error ends
	// the operation with it (the object is gone, say).
	trace(ctx context.Context, s *session) (trace, error)
}

// trace is what an object shows of an operation.
type trace struct {
	// task is the operation's task that holds the object; "" when none
	// does.
	task string
	// applied: no task holds the object and the operation's effect shows,
	// so it completed. false: the call never took hold, or another
	// operation holds the object, which the call sent again has
	// Elasticsearch refuse with its reason.
	applied bool
}

// OutcomeLostError is an operation whose task ended without completing it
// (it failed or was cancelled) while every call that would have said why
// was cut: the first, and the one sent again to learn the reason. The
// object stays held until the operation completes.
type OutcomeLostError struct {
	TaskID string
	// Cut is how the last call was cut.
	Cut error
}

func (e *OutcomeLostError) Error() string {
	return fmt.Sprintf("task %s ended without completing its work, and the answer that says why was cut twice (%v)", e.TaskID, e.Cut)
}

// afterCut is what following a cut call through its object found.
type afterCut int

const (
	// cutEnded: the operation ended, completed or with the error given.
	cutEnded afterCut = iota
	// cutNoTrace: the call never took hold.
	cutNoTrace
	// cutReasonLost: the operation's task ended without completing it and
	// its reason went with the cut.
	cutReasonLost
	// cutUnfollowable: the task may not be read (403).
	cutUnfollowable
)

// callBlocking makes op's call and, when it is cut, follows the operation
// through its object until it has ended. The call is sent again only when
// that cannot repeat completed work:
//   - the call left no trace: at most esclient.MaxAttempts such calls in
//     all, as the client sends a request that got no answer;
//   - the operation's task ended without completing it, its reason lost
//     with the cut: once, since the call sent again re-runs it (a reset
//     does from Elasticsearch 8.13; before, it answers that the task is
//     lost) and answers why it fails;
//   - the task may not be read: the call sent again waits for the run.
//
// The deadline is the only bound on waiting.
func (s *session) callBlocking(ctx context.Context, op blockingOperation) error {
	untraced, rerun := 0, false
	for {
		err := op.call(ctx, s)
		if !esclient.IsWaitCut(err) {
			return err
		}
		s.report(Event{Step: StepWaitCut})
		found, task, ferr := s.followHeld(ctx, op)
		switch found {
		case cutEnded:
			return ferr
		case cutNoTrace:
			if untraced++; untraced >= esclient.MaxAttempts {
				return err
			}
		case cutReasonLost:
			if rerun {
				return &OutcomeLostError{TaskID: task, Cut: err}
			}
			rerun = true
		case cutUnfollowable:
			// Reading tasks needs the monitor privilege; the call waits
			// for the running operation instead, as when a task cannot be
			// followed (wait.go).
			s.warnOnce(Warning{Kind: WarningTasksForbidden, TaskID: task, Cause: ferr})
		}
		s.report(Event{Step: StepCallingAgain})
	}
}

// followHeld follows op, whose call was cut, through its object: while a
// task of op holds the object, it follows that task (naming it, should
// the deadline stop the run), then looks again. It returns what it found,
// the task it concerns, and the error that ended the operation or stopped
// the following.
func (s *session) followHeld(ctx context.Context, op blockingOperation) (afterCut, string, error) {
	var ended string // the task last seen to end
	for {
		tr, err := op.trace(ctx, s)
		switch {
		case err != nil:
			return cutEnded, "", err
		case tr.task == "" && tr.applied:
			return cutEnded, "", nil
		case tr.task == "":
			return cutNoTrace, "", nil
		case tr.task == ended:
			// It ended, and still holds the object.
			return cutReasonLost, tr.task, nil
		}
		if tr.task != s.following {
			s.following = tr.task
			s.report(Event{Step: StepFollowingTask})
		}
		err = s.followTask(ctx, tr.task)
		switch {
		case err == nil, esclient.IsTaskVanished(err):
			// The task of a blocking call stores no result: a poll that
			// outlasts it answers "completed" with nothing to say, a
			// later one that the task is unknown. Either way it has
			// ended, and only the object tells how.
			ended = tr.task
		case esclient.IsForbidden(err):
			return cutUnfollowable, tr.task, err
		default:
			return cutEnded, tr.task, err
		}
	}
}
