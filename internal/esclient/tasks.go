package esclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// ErrResetCancelled is a reset that Elasticsearch stopped part way because
// someone cancelled its task: it answers acknowledged false.
var ErrResetCancelled = errors.New("the reset was cancelled before it finished (Elasticsearch answered acknowledged: false); the job stays blocked until it is reset again")

// TaskFailedError is a task that ended without doing its work: it stored
// an error (Err is *Error, without a status) or was cancelled (Err is
// ErrResetCancelled).
type TaskFailedError struct {
	TaskID string
	Err    error
}

func (e *TaskFailedError) Error() string {
	return fmt.Sprintf("task %s ended with %v", e.TaskID, e.Err)
}

func (e *TaskFailedError) Unwrap() error { return e.Err }

// AsTaskFailure reports whether err is a task that ended in failure.
func AsTaskFailure(err error) (*TaskFailedError, bool) {
	var f *TaskFailedError
	ok := errors.As(err, &f)
	return f, ok
}

// TaskVanishedError is a task the tasks API no longer knows (404): it is
// neither running nor stored.
type TaskVanishedError struct {
	TaskID string
	Cause  *Error
}

func (e *TaskVanishedError) Error() string {
	return fmt.Sprintf("task %s is unknown to Elasticsearch: %v", e.TaskID, e.Cause)
}

func (e *TaskVanishedError) Unwrap() error { return e.Cause }

// task is the tasks API's view of a task: running, or ended with a stored
// response or error.
type task struct {
	Completed bool            `json:"completed"`
	Response  json.RawMessage `json:"response,omitempty"`
	Error     *Cause          `json:"error,omitempty"`
}

// WaitForTask long-polls a task: Elasticsearch answers as soon as the task
// ends, or after wait with an error for which IsTaskStillRunning is true.
// completed is false when the answer came back at once with the task still
// running (a proxy that drops the wait). Once completed, err is the task's
// own outcome: nil, or a *TaskFailedError. A 403 (reading tasks needs the
// monitor privilege) satisfies IsForbidden; a task that vanished,
// IsTaskVanished; a wait cut by a gateway or a dropped connection, with
// the task maybe still running, IsWaitCut.
func (c *Client) WaitForTask(ctx context.Context, taskID string, wait time.Duration) (completed bool, err error) {
	waitForCompletion := true
	body, err := c.performWait(ctx, esapi.TasksGetRequest{
		TaskID:            taskID,
		WaitForCompletion: &waitForCompletion,
		Timeout:           max(wait, time.Millisecond), // shorter is written in nanos, which 7.x rejects
	})
	if e, ok := AsError(err); ok && e.Status == http.StatusNotFound {
		return false, &TaskVanishedError{TaskID: taskID, Cause: e}
	}
	if err != nil {
		return false, err
	}
	t, err := parseTask(body)
	if err != nil || !t.Completed {
		return false, err
	}
	return true, t.outcome(taskID)
}

func parseTask(body []byte) (task, error) {
	var t task
	if err := json.Unmarshal(body, &t); err != nil {
		return task{}, fmt.Errorf("reading the task answer: %w", err)
	}
	return t, nil
}

// outcome reads a finished task: a stored error, or a stored response that
// says it was cancelled (acknowledged false), is a failure.
func (t task) outcome(taskID string) error {
	if t.Error != nil {
		e := &Error{Type: t.Error.Type, Reason: t.Error.Reason}
		if inner := t.Error.innermost(); inner != t.Error && inner.Reason != t.Error.Reason {
			e.RootCause = inner.Reason
		}
		return &TaskFailedError{TaskID: taskID, Err: e}
	}
	if acknowledged(t.Response) == ackFalse {
		return &TaskFailedError{TaskID: taskID, Err: ErrResetCancelled}
	}
	return nil
}

type ack int

const (
	ackAbsent ack = iota // nothing stored, or no acknowledged field
	ackTrue
	ackFalse
)

// acknowledged reads the acknowledged field of an answer or stored response.
func acknowledged(body json.RawMessage) ack {
	var doc struct {
		Acknowledged *bool `json:"acknowledged"`
	}
	if len(body) == 0 || json.Unmarshal(body, &doc) != nil || doc.Acknowledged == nil {
		return ackAbsent
	}
	if *doc.Acknowledged {
		return ackTrue
	}
	return ackFalse
}
