package mlsnapshotrevert

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// ModifyPlan decides whether the plan reverts the job, and says so.
//
// Triggers force a replacement here rather than through a schema plan
// modifier, because of adoption: after an import the state has no
// triggers, and the first apply records the configured ones in place.
func (r *revertResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.modifyPlan(ctx, req, resp, req.Private)
}

// modifyPlan is ModifyPlan reading the adoption mark from private, which
// a test can hand in (the framework's private state cannot be made
// outside it).
func (r *revertResource) modifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, private triggers.PrivateReader) {
	if req.Plan.Raw.IsNull() {
		return // destroy: the job is not touched
	}
	if req.Plan.Raw.Equal(req.State.Raw) && !triggers.IsAdopted(ctx, private) {
		return // nothing changes: no revert, nothing to read
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	reverts := req.State.Raw.IsNull()
	if !reverts {
		var state resourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		change := triggers.Compare(ctx, plan.Triggers, state.Triggers, private)
		if change.Replace {
			resp.RequiresReplace.Append(path.Root("triggers"))
		}
		reverts = change.Replace || !plan.JobID.Equal(state.JobID) || !plan.SnapshotID.Equal(state.SnapshotID)
		if change.Adopting && !reverts {
			// Plan one in-place update even when nothing else changes, so
			// that apply ends the adoption.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("latest_record_time"), types.StringUnknown())...)
		}
	}
	if !reverts {
		return
	}

	// What the revert will be known as, and what only it can tell.
	id := types.StringUnknown()
	if !plan.JobID.IsUnknown() && !plan.SnapshotID.IsUnknown() {
		id = types.StringValue(resourceID(plan.JobID.ValueString(), plan.SnapshotID.ValueString()))
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("latest_record_time"), types.StringUnknown())...)

	gates := r.checkAtPlan(ctx, plan)
	resp.Diagnostics.Append(gates...)
	if gates.HasError() {
		return
	}
	resp.Diagnostics.Append(r.revertWarning(ctx, plan)...)
	resp.Diagnostics.Append(resumeWarning(plan)...)
}

// planVersionTimeout bounds reading the version while planning, so that an
// endpoint that never answers fails the plan in reasonable time.
const planVersionTimeout = time.Minute

// checkAtPlan fails the plan when the cluster cannot take the revert
// (serverless; the empty snapshot before 7.11), once the values it depends
// on are known.
func (r *revertResource) checkAtPlan(ctx context.Context, plan resourceModel) diag.Diagnostics {
	if r.provider == nil || plan.JobID.IsUnknown() || plan.SnapshotID.IsUnknown() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, planVersionTimeout)
	defer cancel()
	subject := resetdiag.RevertOf(plan.JobID.ValueString(), plan.SnapshotID.ValueString())
	warnings, err := r.provider.Engine.CheckRevert(ctx, plan.revertRequest())
	diags := resetdiag.WarningDiagnosticsOf(subject, warnings, r.provider.FirstVersionWarning)
	if err != nil {
		diags.Append(resetdiag.ErrorDiagnosticsOf(subject, err)...)
	}
	return diags
}
