package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The resource's identity is its job: Terraform 1.12 and later import by
// it (an import block with identity = { job_id = … }), and the list
// resource returns it for every job a query finds.

type identityModel struct {
	JobID types.String `tfsdk:"job_id"`
}

func (r *jobResetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Id of the anomaly-detection job.",
			},
		},
	}
}

// setIdentity records the job as the resource's identity. Terraform before
// 1.12 has no identity to set.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, jobID types.String) diag.Diagnostics {
	if identity == nil || jobID.IsUnknown() || jobID.IsNull() {
		return nil
	}
	// One attribute: cheaper than reflecting a model, on every refresh.
	return identity.SetAttribute(ctx, path.Root("job_id"), jobID)
}
