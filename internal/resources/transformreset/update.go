package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// Update records settings that do not reset the transform (and the
// triggers of a just-adopted one). It sends nothing to Elasticsearch.
func (r *transformResetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The plan of an adoption's first apply leaves id unknown.
	plan.ID = plan.TransformID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.TransformID)...)
	// From now on, a change of triggers resets the transform.
	resp.Diagnostics.Append(triggers.EndAdoption(ctx, resp.Private)...)
}
