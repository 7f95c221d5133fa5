package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/identity"
)

// The resource's identity is its transform: Terraform 1.12 and later
// import by it (an import block with identity = { transform_id = … }), and
// the list resource returns it for every transform a query finds.

// identityAttribute names the identity's one attribute.
const identityAttribute = "transform_id"

type identityModel struct {
	TransformID types.String `tfsdk:"transform_id"`
}

func (r *transformResetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			identityAttribute: identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Id of the transform.",
			},
		},
	}
}

// setIdentity records the transform as the resource's identity, after
// every step that writes state: Terraform 1.12 and later require it.
func setIdentity(ctx context.Context, target *tfsdk.ResourceIdentity, id types.String) diag.Diagnostics {
	return identity.Set(ctx, target, identityAttribute, id)
}
