package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// Update records settings that do not reset the job (and the triggers of a
// just-adopted job). It sends nothing to Elasticsearch.
func (r *jobResetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// task_id belongs to the last reset, which this update is not.
	plan.TaskID = state.TaskID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.JobID)...)
	// From now on, a change of triggers resets the job.
	resp.Diagnostics.Append(triggers.EndAdoption(ctx, resp.Private)...)
}
