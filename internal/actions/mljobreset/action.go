// Package mljobreset is the elasticsearch_ml_job_reset action: the reset
// of the resource of the same name, run on demand (terraform apply
// -invoke) or from another resource's action_trigger, with no state. The
// reset itself is mlreset's, the same engine the resource runs; this
// package turns the action's configuration into a reset request, the
// reset's steps into progress messages, and its result into diagnostics
// (resetdiag, shared with the resource).
package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the action's constructor, as the provider lists it.
func New() action.Action { return &jobResetAction{} }

type jobResetAction struct {
	// provider is nil when the provider has no endpoint (or is not
	// configured yet, during an early plan).
	provider *providerdata.Data
}

var (
	_ action.ActionWithConfigure      = (*jobResetAction)(nil)
	_ action.ActionWithModifyPlan     = (*jobResetAction)(nil)
	_ action.ActionWithValidateConfig = (*jobResetAction)(nil)
)

func (a *jobResetAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_job_reset"
}

func (a *jobResetAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}
