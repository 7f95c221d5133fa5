package mlsnapshotrevert

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Invoke reverts the job, telling the user each step as it happens, and
// fails with the resource's diagnostics.
func (a *revertAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := invocation.Operation{Object: mlreset.Object{Kind: mlreset.ObjectJob, ID: m.JobID.ValueString()}, Noun: "revert", Done: "reverted",
		Outcome: fmt.Sprintf(" to model snapshot %q", m.SnapshotID.ValueString())}
	invocation.Run(ctx, a.provider, m.Timeout, op, m.subject(), func(ctx context.Context, report mlreset.Progress) mlreset.Result {
		return a.provider.Engine.RevertModelSnapshot(ctx, m.revertRequest(), report).Result
	}, resp)
}
