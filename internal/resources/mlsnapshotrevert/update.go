package mlsnapshotrevert

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// Update records settings that do not revert the job (and the triggers of
// a just-adopted job). It sends nothing to Elasticsearch.
func (r *revertResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// latest_record_time belongs to the last revert, which this update
	// is not.
	plan.ID, plan.LatestRecordTime = state.ID, state.LatestRecordTime
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	// From now on, a change of triggers reverts the job.
	resp.Diagnostics.Append(triggers.EndAdoption(ctx, resp.Private)...)
}
