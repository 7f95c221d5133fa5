package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// Create resets the transform. Only a completed reset reaches the state;
// when starting the transform afterwards failed, the state is written with
// the error, so Terraform taints the resource and the next apply resets
// and starts it again.
func (r *transformResetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
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

	res := r.provider.Engine.ResetTransform(ctx, plan.resetRequest(), logProgress(ctx))
	resp.Diagnostics.Append(resetdiag.WarningDiagnostics(res.Warnings, r.provider.FirstVersionWarning)...)
	if res.Err != nil {
		resp.Diagnostics.Append(resetdiag.Resource.FailureOf(ctx, resetdiag.TransformResetOf(plan.TransformID.ValueString()), res, timeout)...)
	}
	if !res.ResetCompleted {
		return
	}
	plan.ID = plan.TransformID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.TransformID)...)
}

// logProgress writes the reset's steps to the provider's log.
func logProgress(ctx context.Context) mlreset.Progress {
	return func(ev mlreset.Event) {
		fields := map[string]any{"transform_id": ev.Object.ID}
		if ev.Attempt > 0 {
			fields["attempt"] = ev.Attempt
		}
		tflog.Debug(ctx, ev.Message(), fields)
	}
}
