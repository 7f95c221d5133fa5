package esclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Task is the tasks API's view of a task: running, or ended with a stored
// response or error.
type Task struct {
	Completed bool            `json:"completed"`
	Response  json.RawMessage `json:"response,omitempty"`
	Error     *Cause          `json:"error,omitempty"`
}

// WaitForTask long-polls a task: Elasticsearch answers as soon as the task
// ends, or after wait with a timeout_exception (HTTP 500 on older clusters,
// 429 on newer) while it still runs.
func (c *Client) WaitForTask(ctx context.Context, taskID string, wait time.Duration) (Task, error) {
	q := url.Values{}
	q.Set("wait_for_completion", "true")
	q.Set("timeout", FormatDuration(wait))
	res, err := c.do(ctx, http.MethodGet, "/_tasks/"+url.PathEscape(taskID), q)
	if err != nil {
		return Task{}, err
	}
	return parseTask(res.body)
}

func parseTask(body []byte) (Task, error) {
	var t Task
	if err := json.Unmarshal(body, &t); err != nil {
		return Task{}, fmt.Errorf("reading the task answer: %w", err)
	}
	return t, nil
}

// IsPollTimeout reports whether err is a long poll that ended before its
// task did.
func IsPollTimeout(err error) bool {
	return IsType(err, "timeout_exception")
}

// FormatDuration writes d in Elasticsearch's time-unit syntax, in whole
// milliseconds (at least 1ms).
func FormatDuration(d time.Duration) string {
	return fmt.Sprintf("%dms", max(d.Milliseconds(), 1))
}
