// Package mlsnapshotrevert is the elasticsearch_ml_model_snapshot_revert
// resource: it reverts an anomaly-detection job to one of its model
// snapshots when it is created or replaced, which happens when the job,
// the snapshot or the triggers change. The revert itself is mlreset's;
// this package turns Terraform's plan into a revert request and the result
// into state and diagnostics.
package mlsnapshotrevert

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the resource's constructor, as the provider lists it.
func New() resource.Resource { return &revertResource{} }

type revertResource struct {
	// provider is nil when the provider has no endpoint (or is not
	// configured yet, during an early plan).
	provider *providerdata.Data
}

var (
	_ resource.ResourceWithConfigure   = (*revertResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*revertResource)(nil)
	_ resource.ResourceWithImportState = (*revertResource)(nil)
)

func (r *revertResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_model_snapshot_revert"
}

func (r *revertResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

// requireClient reports the missing endpoint when a step needs the cluster.
func (r *revertResource) requireClient(diags *diag.Diagnostics) bool {
	if r.provider != nil {
		return true
	}
	diags.Append(diagnostics.MissingEndpoint())
	return false
}
