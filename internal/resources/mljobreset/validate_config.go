package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// afterResetModes are the values of after_reset.
var afterResetModes = []string{string(mlreset.AfterResetClosed), string(mlreset.AfterResetRestore), string(mlreset.AfterResetStarted)}

// ValidateConfig refuses a datafeed_start that nothing would use: only
// restore and started start a datafeed.
func (r *jobResetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var start, mode types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("datafeed_start"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("after_reset"), &mode)...)
	if resp.Diagnostics.HasError() || start.IsNull() || mode.IsUnknown() {
		return
	}
	if mode.IsNull() || mode.ValueString() == string(mlreset.AfterResetClosed) {
		resp.Diagnostics.Append(resetdiag.DatafeedStartNeedsAfterReset())
	}
}
