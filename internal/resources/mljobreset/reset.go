package mljobreset

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// maxCloseAttempts bounds how often the job is closed again when something
// (a user, Kibana, another pipeline) re-opens it between close and reset.
const maxCloseAttempts = 3

// resetJob is one reset, top to bottom: close the job, reset it, wait until
// the reset has finished. It returns the reset task's id when the reset ran
// as a task.
func (r *jobResetResource) resetJob(ctx context.Context, plan resourceModel, timeout time.Duration) (taskID string, diags diag.Diagnostics) {
	jobID := plan.JobID.ValueString()
	opts := plan.resetOptions()
	for attempt := 1; ; attempt++ {
		// Closing a closed job does nothing; closing an open one stops its
		// datafeed first. Reset works only on a closed job.
		err := r.client.CloseJob(ctx, jobID, plan.ForceClose.ValueBool())
		if err == nil {
			if plan.WaitForCompletion.ValueBool() {
				err = r.resetBlocking(ctx, jobID, opts)
			} else {
				// The task id comes back before Elasticsearch has checked
				// anything: only the task's result says what happened.
				taskID, err = r.client.StartReset(ctx, jobID, opts)
				if err == nil {
					err = r.waitForTask(ctx, jobID, taskID, opts, &diags)
				}
			}
		}
		if isJobNotClosed(err) && attempt < maxCloseAttempts {
			tflog.Warn(ctx, "The job was re-opened before the reset; closing it again", map[string]any{"job_id": jobID, "attempt": attempt})
			continue
		}
		if err != nil {
			diags.Append(r.failure(ctx, jobID, taskID, timeout, err))
			return "", diags
		}
		return taskID, diags
	}
}

// resetBlocking makes a blocking reset call. When the job is already being
// reset (an earlier, interrupted apply), Elasticsearch waits for that reset
// instead, re-runs it if it was abandoned, and gives up waiting after 30
// seconds with a timeout_exception: then call again.
func (r *jobResetResource) resetBlocking(ctx context.Context, jobID string, opts esclient.ResetOptions) error {
	for {
		acknowledged, err := r.client.ResetJob(ctx, jobID, opts)
		switch {
		case esclient.IsPollTimeout(err):
			tflog.Debug(ctx, "Elasticsearch is still waiting for an earlier reset of the job", map[string]any{"job_id": jobID})
			continue
		case err != nil:
			return err
		case !acknowledged:
			return errResetCancelled
		}
		return nil
	}
}
