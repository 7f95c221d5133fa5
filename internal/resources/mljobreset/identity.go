package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/identity"
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

// setIdentity records the job as the resource's identity.
func setIdentity(ctx context.Context, target *tfsdk.ResourceIdentity, jobID types.String) diag.Diagnostics {
	return identity.Set(ctx, target, "job_id", jobID)
}
