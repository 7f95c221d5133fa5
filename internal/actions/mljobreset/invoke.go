package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// Invoke resets the job, telling the user each step as it happens, and
// fails with the resource's diagnostics.
func (a *jobResetAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobID := m.JobID.ValueString()
	op := invocation.Operation{Object: mlreset.Object{Kind: mlreset.ObjectJob, ID: jobID}, Noun: "reset", Done: "reset"}
	invocation.Run(ctx, a.provider, m.Timeout, op, resetdiag.ResetOf(jobID), func(ctx context.Context, report mlreset.Progress) mlreset.Result {
		return a.provider.Engine.Reset(ctx, m.resetRequest(), report)
	}, resp)
}
