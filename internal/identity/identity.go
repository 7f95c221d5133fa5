// Package identity is what the reset resources share to be adopted in
// fleets (DESIGN.md §7): the identity, one id attribute, that Terraform
// 1.12 and later import by, and the results of a list resource, which
// `terraform query` (1.14 and later) turns into import blocks.
package identity

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Set records id as the identity's one attribute. Terraform before 1.12
// has no identity to set, and an unknown or null id is none.
func Set(ctx context.Context, target *tfsdk.ResourceIdentity, attribute string, id types.String) diag.Diagnostics {
	if target == nil || id.IsUnknown() || id.IsNull() {
		return nil
	}
	// One attribute: cheaper than reflecting a model, on every refresh.
	return target.SetAttribute(ctx, path.Root(attribute), id)
}
