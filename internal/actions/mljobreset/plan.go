package mljobreset

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// planVersionTimeout bounds reading the version while planning, so that an
// endpoint that never answers fails the plan in reasonable time.
const planVersionTimeout = time.Minute

// ModifyPlan checks the version gates (mlreset.Gates) while the action is
// planned, so that a cluster too old for the reset, or for an attribute,
// fails the plan before anything is sent.
func (a *jobResetAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.provider == nil {
		return // not configured yet, or no endpoint: Invoke says so
	}
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.JobID.IsUnknown() || m.DeleteUserAnnotations.IsUnknown() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planVersionTimeout)
	defer cancel()
	warnings, err := a.provider.Engine.CheckVersions(ctx, m.resetRequest())
	resp.Diagnostics.Append(resetdiag.WarningDiagnostics(warnings, a.provider.FirstVersionWarning)...)
	if err != nil {
		resp.Diagnostics.Append(resetdiag.ErrorDiagnostics(m.JobID.ValueString(), err)...)
	}
}
