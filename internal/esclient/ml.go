package esclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// CloseJob closes a job and returns once it is closed. Closing a closed job
// does nothing; closing a job stops its started datafeed first. A failed
// job closes only with force (IsJobFailed).
func (c *Client) CloseJob(ctx context.Context, jobID string, force bool) error {
	req := esapi.MLCloseJobRequest{JobID: jobID}
	if force {
		req.Force = &force
	}
	_, err := c.perform(ctx, req)
	return err
}

// ResetOptions are the reset API's optional parameters. Only those set are
// sent: an older cluster rejects a parameter it does not know.
type ResetOptions struct {
	DeleteUserAnnotations bool
}

func (o ResetOptions) request(jobID string) esapi.MLResetJobRequest {
	req := esapi.MLResetJobRequest{JobID: jobID}
	if o.DeleteUserAnnotations {
		req.DeleteUserAnnotations = &o.DeleteUserAnnotations
	}
	return req
}

// ResetJob resets a closed job and blocks until the reset ends. A reset
// cancelled part way is ErrResetCancelled. When the job is already being
// reset, Elasticsearch waits for that reset instead and may give up
// waiting (IsTaskStillRunning). A wait cut by a gateway or a dropped
// connection (IsWaitCut) leaves the reset unknown, maybe running: the job's
// reset task (GetJob, Job.ResetTask) tells.
func (c *Client) ResetJob(ctx context.Context, jobID string, opts ResetOptions) error {
	body, err := c.performWait(ctx, opts.request(jobID))
	if err != nil {
		return err
	}
	if acknowledged(body) != ackTrue {
		return ErrResetCancelled
	}
	return nil
}

// StartReset starts a reset as a task and returns the task's id at once.
// Elasticsearch validates nothing before answering: the task's result says
// whether the reset happened (WaitForTask).
func (c *Client) StartReset(ctx context.Context, jobID string, opts ResetOptions) (taskID string, err error) {
	req := opts.request(jobID)
	async := false
	req.WaitForCompletion = &async
	body, err := c.perform(ctx, req)
	if err != nil {
		return "", err
	}
	var answer struct {
		Task string `json:"task"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Task == "" {
		return "", fmt.Errorf("the reset answer carries no task id: %s", fallbackReason(http.StatusOK, body))
	}
	return answer.Task, nil
}

// Job is the part of a job's configuration the provider looks at.
type Job struct {
	ID string `json:"job_id"`
	// ModelSnapshotID is the job's current model snapshot: set once a
	// job has persisted a model, removed by a reset.
	ModelSnapshotID string `json:"model_snapshot_id,omitempty"`
	// Blocked is set while a delete, revert or reset runs (or was
	// abandoned part way).
	Blocked *Blocked `json:"blocked,omitempty"`
}

// Blocked says which operation holds a job, and its task.
type Blocked struct {
	Reason string `json:"reason"`
	TaskID string `json:"task_id,omitempty"`
}

// ResetTask is the task of the reset that holds the job, if one does.
func (j Job) ResetTask() (taskID string, ok bool) {
	if j.Blocked == nil || j.Blocked.Reason != "reset" {
		return "", false
	}
	return j.Blocked.TaskID, true
}

// GetJob reads one job. A missing job satisfies IsJobNotFound.
func (c *Client) GetJob(ctx context.Context, jobID string) (Job, error) {
	var answer struct {
		Jobs []Job `json:"jobs"`
	}
	if err := c.Do(ctx, esapi.MLGetJobsRequest{JobID: jobID}, &answer); err != nil {
		return Job{}, err
	}
	for _, j := range answer.Jobs {
		if j.ID == jobID {
			return j, nil
		}
	}
	return Job{}, jobNotFound(jobID)
}
