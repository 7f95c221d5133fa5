package transformreset

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Read keeps the resource while its transform exists. A transform deleted
// out of band takes the resource with it, so the next plan shows a reset
// to create.
func (r *transformResetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// Only the transform id: a refresh reads no more than it needs.
	var idValue types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("transform_id"), &idValue)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Every read returns the identity, even one that drops the resource:
	// Terraform before 1.12 stores none, and a state written before the
	// resource had one has none either.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, idValue)...)
	if r.provider == nil {
		// The endpoints are not known yet (they come from a resource being
		// replaced) or not set: keep the state rather than fail the plan.
		tflog.Debug(ctx, "No Elasticsearch client to refresh with; keeping the state")
		return
	}
	id := idValue.ValueString()
	_, err := r.provider.Client.GetTransform(ctx, id)
	// Only Elasticsearch's own "no such transform" removes the resource: a
	// bare 404 from a proxy or a wrong endpoint must not make every
	// transform look deleted, and so reset on the next apply.
	if esclient.IsTransformNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Transform %q no longer exists", id),
			fmt.Sprintf("Transform %q was deleted outside Terraform, so its reset is removed from the state. "+
				"If the configuration still names it, the next apply tries to reset it again.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.RefreshTransform(id).Error(err))
	}
}
