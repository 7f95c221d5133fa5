package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// ValidateConfig refuses a datafeed_start that nothing would use
// (mlreset.CheckDatafeedStart), as the resource does.
func (a *jobResetAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var start, mode types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("datafeed_start"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("after_reset"), &mode)...)
	if resp.Diagnostics.HasError() || start.IsNull() || mode.IsUnknown() {
		return
	}
	if mlreset.CheckDatafeedStart(mlreset.AfterReset(mode.ValueString())) != nil {
		resp.Diagnostics.Append(resetdiag.DatafeedStartNeedsAfterReset())
	}
}
