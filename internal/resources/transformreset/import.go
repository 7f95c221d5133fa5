package transformreset

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/transformid"
	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// ImportState adopts an existing transform, named by id (terraform import,
// an import block's id) or by identity (an import block's identity, what
// terraform query generates), without resetting it.
func (r *transformResetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var byIdentity identityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &byIdentity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = byIdentity.TransformID.ValueString()
	}
	if why := transformid.Problem(id); why != "" {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("Import takes the id of a transform; %q is not one: %s.", id, why))
		return
	}
	if !r.transformExists(ctx, id, &resp.Diagnostics) {
		return
	}
	state := adoptedState(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.TransformID)...)
	resp.Diagnostics.Append(triggers.MarkAdopted(ctx, resp.Private)...)
}

// adoptedState is the state of a transform adopted without a reset: no
// triggers yet (the first apply records them), every setting at its
// default.
func adoptedState(id string) resourceModel {
	return resourceModel{
		ID:          types.StringValue(id),
		TransformID: types.StringValue(id),
		Triggers:    types.MapNull(types.StringType),
		ForceStop:   types.BoolValue(false),
		AfterReset:  types.StringValue(string(mlreset.DefaultTransformAfterReset)),
		Timeouts:    timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
}

// transformExists checks the transform before adopting it, so that a
// missing one fails the import with its name rather than Terraform's
// generic "non-existent remote object".
func (r *transformResetResource) transformExists(ctx context.Context, id string, diags *diag.Diagnostics) bool {
	if r.provider == nil {
		// Endpoints not known yet (an import block planned before the
		// cluster exists): the apply's refresh reads the transform.
		return true
	}
	_, err := r.provider.Client.GetTransform(ctx, id)
	switch {
	case esclient.IsTransformNotFound(err):
		diags.AddError(fmt.Sprintf("Cannot import transform %q: not found", id),
			fmt.Sprintf("There is no transform %q in this cluster, so there is nothing to adopt. "+
				"Check the id, or the endpoint the provider is configured with. Elasticsearch said: %v", id, err))
		return false
	case err != nil:
		diags.Append(diagnostics.ImportTransform(id).Error(err))
		return false
	}
	return true
}
