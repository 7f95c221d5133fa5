package invocation

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// Run is every action's Invoke once it has read its configuration: it
// bounds the run by the action's timeout, tells the user each step of op
// as it happens, and words the result as the resource of the same name
// does, with the action's own retry sentence (DESIGN.md §7). run starts
// the engine's flow with the context and progress it is given.
func Run(ctx context.Context, data *providerdata.Data, timeout types.String, op Operation, subject resetdiag.Subject,
	run func(context.Context, mlreset.Progress) mlreset.Result, resp *action.InvokeResponse) {
	if data == nil {
		resp.Diagnostics.Append(diagnostics.MissingEndpoint())
		return
	}
	bound, err := Timeout(timeout)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("timeout"), "Invalid timeout", err.Error())
		return
	}
	ctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()

	progress := StartProgress(op, resp.SendProgress, data.Clock)
	res := run(ctx, progress.Report)
	progress.Stop()

	resp.Diagnostics.Append(resetdiag.WarningDiagnosticsOf(subject, res.Warnings, data.FirstVersionWarning)...)
	if res.Err != nil {
		resp.Diagnostics.Append(resetdiag.Action.FailureOf(ctx, subject, res, bound)...)
		return
	}
	progress.Completed(res.TaskID)
}
