package mlsnapshotrevert

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// Create reverts the job. Only a completed revert reaches the state; when
// bringing the job back afterwards failed, the state is written with the
// error, so Terraform taints the resource and the next apply reverts and
// starts the job again.
func (r *revertResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, mlreset.DefaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	subject := resetdiag.RevertOf(plan.JobID.ValueString(), plan.SnapshotID.ValueString())
	res := r.provider.Engine.RevertModelSnapshot(ctx, plan.revertRequest(), logProgress(ctx, plan.SnapshotID.ValueString()))
	resp.Diagnostics.Append(resetdiag.WarningDiagnosticsOf(subject, res.Warnings, r.provider.FirstVersionWarning)...)
	if res.Err != nil {
		resp.Diagnostics.Append(resetdiag.Resource.FailureOf(ctx, subject, res.Result, timeout)...)
	}
	if !res.ResetCompleted {
		return
	}
	plan.ID = types.StringValue(resourceID(plan.JobID.ValueString(), plan.SnapshotID.ValueString()))
	plan.LatestRecordTime = timeValue(res.Snapshot.LatestRecordTime)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// logProgress writes the revert's steps to the provider's log.
func logProgress(ctx context.Context, snapshotID string) mlreset.Progress {
	return func(ev mlreset.Event) {
		fields := map[string]any{"job_id": ev.JobID, "snapshot_id": snapshotID}
		if ev.DatafeedID != "" {
			fields["datafeed_id"] = ev.DatafeedID
		}
		if ev.Attempt > 0 {
			fields["attempt"] = ev.Attempt
		}
		tflog.Debug(ctx, ev.Message(), fields)
	}
}
