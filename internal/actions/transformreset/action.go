// Package transformreset is the elasticsearch_transform_reset action: the
// reset of the resource of the same name, run on demand (terraform apply
// -invoke) or from another resource's action_trigger, with no state. The
// reset itself is mlreset's, the engine the resource runs; this package
// turns the action's configuration into a reset request, the reset's steps
// into progress messages, and its result into diagnostics (resetdiag,
// shared with the resource).
package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the action's constructor, as the provider lists it.
func New() action.Action { return &transformResetAction{} }

type transformResetAction struct {
	// provider is nil when the provider has no endpoint (or is not
	// configured yet, during an early plan).
	provider *providerdata.Data
}

var (
	_ action.ActionWithConfigure  = (*transformResetAction)(nil)
	_ action.ActionWithModifyPlan = (*transformResetAction)(nil)
)

func (a *transformResetAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_transform_reset"
}

func (a *transformResetAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}
