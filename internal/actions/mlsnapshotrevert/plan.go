package mlsnapshotrevert

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// planVersionTimeout bounds reading the version while planning, so that an
// endpoint that never answers fails the plan in reasonable time.
const planVersionTimeout = time.Minute

// ModifyPlan checks, while the action is planned, that the cluster can
// take the revert (mlreset.CheckRevert: not serverless; the empty snapshot
// from 7.11), so that it fails the plan before anything is sent.
func (a *revertAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if a.provider == nil {
		return // not configured yet, or no endpoint: Invoke says so
	}
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.JobID.IsUnknown() || m.SnapshotID.IsUnknown() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, planVersionTimeout)
	defer cancel()
	warnings, err := a.provider.Engine.CheckRevert(ctx, m.revertRequest())
	resp.Diagnostics.Append(resetdiag.WarningDiagnosticsOf(m.subject(), warnings, a.provider.FirstVersionWarning)...)
	if err != nil {
		resp.Diagnostics.Append(resetdiag.ErrorDiagnosticsOf(m.subject(), err)...)
	}
}
