package transformreset

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// planVersionTimeout bounds reading the version while planning, so that an
// endpoint that never answers fails the plan in reasonable time.
const planVersionTimeout = time.Minute

// ModifyPlan checks the version gate (mlreset.TransformGates) while the
// action is planned, so that a cluster too old for a transform reset fails
// the plan before anything is sent.
func (a *transformResetAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.provider == nil {
		return // not configured yet, or no endpoint: Invoke says so
	}
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.TransformID.IsUnknown() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planVersionTimeout)
	defer cancel()
	warnings, err := a.provider.Engine.CheckTransformVersions(ctx, m.resetRequest())
	resp.Diagnostics.Append(resetdiag.WarningDiagnostics(warnings, a.provider.FirstVersionWarning)...)
	if err != nil {
		resp.Diagnostics.Append(resetdiag.ErrorDiagnosticsOf(resetdiag.TransformResetOf(m.TransformID.ValueString()), err)...)
	}
}
