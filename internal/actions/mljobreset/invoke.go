package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
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
	if a.provider == nil {
		resp.Diagnostics.Append(diagnostics.MissingEndpoint())
		return
	}
	timeout, err := invocation.Timeout(m.Timeout)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("timeout"), "Invalid timeout", err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	jobID := m.JobID.ValueString()
	progress := invocation.StartProgress(invocation.Operation{Object: mlreset.Object{Kind: mlreset.ObjectJob, ID: jobID}, Noun: "reset", Done: "reset"}, resp.SendProgress, a.provider.Clock)
	res := a.provider.Engine.Reset(ctx, m.resetRequest(), progress.Report)
	progress.Stop()

	resp.Diagnostics.Append(resetdiag.WarningDiagnostics(res.Warnings, a.provider.FirstVersionWarning)...)
	if res.Err != nil {
		resp.Diagnostics.Append(resetdiag.Action.Failure(ctx, jobID, res, timeout)...)
		return
	}
	progress.Completed(res.TaskID)
}
