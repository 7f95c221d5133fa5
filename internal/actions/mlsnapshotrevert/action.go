// Package mlsnapshotrevert is the elasticsearch_ml_model_snapshot_revert
// action: the revert of the resource of the same name, run on demand
// (terraform apply -invoke) or from another resource's action_trigger,
// with no state. The revert itself is mlreset's, the same engine the
// resource runs; this package turns the action's configuration into a
// revert request, the steps into progress messages (invocation), and the
// result into diagnostics (resetdiag, shared with the resource).
package mlsnapshotrevert

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the action's constructor, as the provider lists it.
func New() action.Action { return &revertAction{} }

type revertAction struct {
	// provider is nil when the provider has no endpoint (or is not
	// configured yet, during an early plan).
	provider *providerdata.Data
}

var (
	_ action.ActionWithConfigure  = (*revertAction)(nil)
	_ action.ActionWithModifyPlan = (*revertAction)(nil)
)

func (a *revertAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_model_snapshot_revert"
}

func (a *revertAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}
