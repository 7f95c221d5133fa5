package esclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

func jobPath(jobID, action string) string {
	p := "/_ml/anomaly_detectors/" + url.PathEscape(jobID)
	if action != "" {
		p += "/" + action
	}
	return p
}

// CloseJob closes a job and returns once it is closed. Closing a closed job
// does nothing; closing a job stops its started datafeed first. A failed
// job closes only with force.
func (c *Client) CloseJob(ctx context.Context, jobID string, force bool) error {
	query := url.Values{}
	if force {
		query.Set("force", "true")
	}
	_, err := c.do(ctx, http.MethodPost, jobPath(jobID, "_close"), query)
	return err
}

// ResetOptions are the reset API's optional parameters. Only those set are
// sent: an older cluster rejects a parameter it does not know.
type ResetOptions struct {
	DeleteUserAnnotations bool
}

func (o ResetOptions) query() url.Values {
	q := url.Values{}
	if o.DeleteUserAnnotations {
		q.Set("delete_user_annotations", "true")
	}
	return q
}

// ResetJob resets a closed job and blocks until the reset ends. It returns
// false when the reset was cancelled part way.
func (c *Client) ResetJob(ctx context.Context, jobID string, opts ResetOptions) (acknowledged bool, err error) {
	res, err := c.do(ctx, http.MethodPost, jobPath(jobID, "_reset"), opts.query())
	if err != nil {
		return false, err
	}
	var body struct {
		Acknowledged bool `json:"acknowledged"`
	}
	if err := json.Unmarshal(res.body, &body); err != nil {
		return false, fmt.Errorf("reading the reset answer: %w", err)
	}
	return body.Acknowledged, nil
}

// StartReset starts a reset as a task and returns the task's id at once.
// Elasticsearch validates nothing before answering: the task's result says
// whether the reset happened.
func (c *Client) StartReset(ctx context.Context, jobID string, opts ResetOptions) (taskID string, err error) {
	q := opts.query()
	q.Set("wait_for_completion", "false")
	res, err := c.do(ctx, http.MethodPost, jobPath(jobID, "_reset"), q)
	if err != nil {
		return "", err
	}
	var body struct {
		Task string `json:"task"`
	}
	if err := json.Unmarshal(res.body, &body); err != nil || body.Task == "" {
		return "", fmt.Errorf("the reset answer carries no task id: %s", fallbackReason(res.status, res.body))
	}
	return body.Task, nil
}

// Job is the part of a job's configuration the provider looks at.
type Job struct {
	ID string `json:"job_id"`
	// Blocked is set while a delete, revert or reset runs (or was
	// abandoned part way).
	Blocked *Blocked `json:"blocked,omitempty"`
}

// Blocked says which operation holds a job, and its task.
type Blocked struct {
	Reason string `json:"reason"`
	TaskID string `json:"task_id,omitempty"`
}

// GetJob reads one job. A missing job is an *Error with status 404.
func (c *Client) GetJob(ctx context.Context, jobID string) (Job, error) {
	res, err := c.do(ctx, http.MethodGet, jobPath(jobID, ""), nil)
	if err != nil {
		return Job{}, err
	}
	var body struct {
		Jobs []Job `json:"jobs"`
	}
	if err := json.Unmarshal(res.body, &body); err != nil {
		return Job{}, fmt.Errorf("reading job %q: %w", jobID, err)
	}
	for _, j := range body.Jobs {
		if j.ID == jobID {
			return j, nil
		}
	}
	return Job{}, &Error{Status: http.StatusNotFound, Type: "resource_not_found_exception", Reason: fmt.Sprintf("No known job with id '%s'", jobID)}
}
