package transformreset

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

// ModifyPlan decides whether the plan resets the transform, and says so.
//
// Triggers force a replacement here rather than through a schema plan
// modifier, because of adoption: after an import the state has no
// triggers, and the first apply records the configured ones in place.
func (r *transformResetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: the transform is not touched
	}
	if req.Plan.Raw.Equal(req.State.Raw) && !triggers.IsAdopted(ctx, req.Private) {
		return // nothing changes: no reset, no gate to check
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	resets := req.State.Raw.IsNull()
	if !resets {
		var state resourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		// An edit that keeps the non-null values (say {} to no triggers)
		// is an in-place update that stores the map as written.
		change := triggers.Compare(ctx, plan.Triggers, state.Triggers, req.Private)
		if change.Replace {
			resp.RequiresReplace.Append(path.Root("triggers"))
		}
		resets = change.Replace || !plan.TransformID.Equal(state.TransformID)
		if change.Adopting && !resets {
			// Plan one in-place update even when nothing else changes, so
			// that apply ends the adoption: from then on a change of
			// triggers resets the transform.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
		}
	}
	if !resets {
		return
	}
	gates := r.checkVersionAtPlan(ctx, plan)
	resp.Diagnostics.Append(gates...)
	if gates.HasError() {
		// The plan fails: what the reset would lose is not worth a read.
		resp.Diagnostics.Append(plainResetWarning(quoted(plan)))
		return
	}
	resp.Diagnostics.Append(r.resetWarning(ctx, plan))
}

// planVersionTimeout bounds reading the version while planning, so that an
// endpoint that never answers fails the plan in reasonable time.
const planVersionTimeout = time.Minute

// checkVersionAtPlan fails the plan when the cluster is known to be too
// old for a transform reset (mlreset.TransformGates).
func (r *transformResetResource) checkVersionAtPlan(ctx context.Context, plan resourceModel) diag.Diagnostics {
	if r.provider == nil || plan.TransformID.IsUnknown() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, planVersionTimeout)
	defer cancel()
	warnings, err := r.provider.Engine.CheckTransformVersions(ctx, plan.resetRequest())
	diags := resetdiag.WarningDiagnostics(warnings, r.provider.FirstVersionWarning)
	if err != nil {
		diags.Append(resetdiag.ErrorDiagnosticsOf(resetdiag.TransformResetOf(plan.TransformID.ValueString()), err)...)
	}
	return diags
}
