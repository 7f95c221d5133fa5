package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// Invoke resets the transform, telling the user each step as it happens,
// and fails with the resource's diagnostics.
func (a *transformResetAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m actionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.TransformID.ValueString()
	op := invocation.Operation{Object: mlreset.Object{Kind: mlreset.ObjectTransform, ID: id}, Noun: "reset", Done: "reset"}
	invocation.Run(ctx, a.provider, m.Timeout, op, resetdiag.TransformResetOf(id), func(ctx context.Context, report mlreset.Progress) mlreset.Result {
		return a.provider.Engine.ResetTransform(ctx, m.resetRequest(), report)
	}, resp)
}
