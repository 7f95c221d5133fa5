package mljobreset

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// resetJob runs one reset (mlreset) and turns its result into diagnostics.
// It returns the reset task's id when the reset ran as a task, and whether
// the reset completed: it may have, even when bringing the job back
// afterwards failed.
func (r *jobResetResource) resetJob(ctx context.Context, plan resourceModel, timeout time.Duration) (taskID string, completed bool, diags diag.Diagnostics) {
	res := r.provider.Engine.Reset(ctx, plan.resetRequest(), logProgress(ctx))
	diags.Append(resetdiag.WarningDiagnostics(res.Warnings, r.provider.FirstVersionWarning)...)
	if res.Err != nil {
		diags.Append(resetdiag.Resource.Failure(ctx, plan.JobID.ValueString(), res, timeout)...)
	}
	if !res.ResetCompleted {
		return "", false, diags
	}
	return res.TaskID, true, diags
}

// logProgress writes the reset's steps to the provider's log.
func logProgress(ctx context.Context) mlreset.Progress {
	return func(ev mlreset.Event) {
		fields := map[string]any{"job_id": ev.JobID}
		if ev.TaskID != "" {
			fields["task_id"] = ev.TaskID
		}
		if ev.DatafeedID != "" {
			fields["datafeed_id"] = ev.DatafeedID
		}
		if ev.Attempt > 0 {
			fields["attempt"] = ev.Attempt
		}
		tflog.Debug(ctx, ev.Message(), fields)
	}
}
