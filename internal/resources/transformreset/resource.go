// Package transformreset is the elasticsearch_transform_reset resource: it
// resets a transform when it is created or replaced, which happens when
// its triggers change. The reset itself is mlreset's; this package turns
// Terraform's plan into a reset request and the result into state and
// diagnostics.
package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the resource's constructor, as the provider lists it.
func New() resource.Resource { return &transformResetResource{} }

type transformResetResource struct {
	// provider is nil when the provider has no endpoint (or is not
	// configured yet, during an early plan).
	provider *providerdata.Data
}

var (
	_ resource.ResourceWithConfigure   = (*transformResetResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*transformResetResource)(nil)
	_ resource.ResourceWithImportState = (*transformResetResource)(nil)
	_ resource.ResourceWithIdentity    = (*transformResetResource)(nil)
)

func (r *transformResetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_transform_reset"
}

func (r *transformResetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// requireClient reports the missing endpoint when a step needs the cluster.
func (r *transformResetResource) requireClient(diags *diag.Diagnostics) bool {
	if r.provider != nil {
		return true
	}
	diags.Append(diagnostics.MissingEndpoint())
	return false
}
