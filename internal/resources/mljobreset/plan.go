package mljobreset

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// ModifyPlan decides whether the plan resets the job, and says so.
//
// Triggers force a replacement here rather than through a schema plan
// modifier, because of adoption: after an import the state has no
// triggers, and the first apply records the configured ones in place.
func (r *jobResetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: the job is not touched
	}
	if req.Plan.Raw.Equal(req.State.Raw) && !triggers.IsAdopted(ctx, req.Private) {
		// Nothing changes: no reset, no gate to check. The common case
		// of every plan, so it skips reading the values into a model.
		return
	}
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	resets := req.State.Raw.IsNull()
	gatesChanged := resets
	if !resets {
		var state resourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		// An edit that keeps the non-null values (say {} to no triggers)
		// is an in-place update that stores the map as written.
		change := triggers.Compare(ctx, plan.Triggers, state.Triggers, req.Private)
		adopting := change.Adopting
		if change.Replace {
			resp.RequiresReplace.Append(path.Root("triggers"))
		}
		resets = change.Replace || !plan.JobID.Equal(state.JobID)
		gatesChanged = resets || !plan.DeleteUserAnnotations.Equal(state.DeleteUserAnnotations)
		if adopting && !resets {
			// Plan one in-place update even when nothing else changes, so
			// that apply ends the adoption: from then on a change of
			// triggers resets the job.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("task_id"), types.StringUnknown())...)
		}
	}
	if gatesChanged {
		resp.Diagnostics.Append(r.checkVersionAtPlan(ctx, plan)...)
	}
	if !resets {
		return
	}

	// A blocking reset has no task: say so in the plan instead of
	// "known after apply".
	if !plan.WaitForCompletion.IsUnknown() && plan.WaitForCompletion.ValueBool() {
		plan.TaskID = types.StringNull()
	} else {
		plan.TaskID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("task_id"), plan.TaskID)...)

	resp.Diagnostics.Append(r.resetWarning(ctx, plan))
}

// planVersionTimeout bounds reading the version while planning, so that an
// endpoint that never answers fails the plan in reasonable time.
const planVersionTimeout = time.Minute

// checkVersionAtPlan fails the plan when the cluster is known to be too old
// for what the plan asks, once the values it depends on are known.
func (r *jobResetResource) checkVersionAtPlan(ctx context.Context, plan resourceModel) diag.Diagnostics {
	if r.provider == nil || plan.JobID.IsUnknown() || plan.DeleteUserAnnotations.IsUnknown() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, planVersionTimeout)
	defer cancel()
	return r.checkVersion(ctx, plan)
}
