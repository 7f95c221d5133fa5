package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
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
		resp.Diagnostics.AddAttributeError(path.Root("datafeed_start"), "datafeed_start needs after_reset",
			`datafeed_start is the start time of a datafeed started after the reset, and only after_reset = "restore" or "started" starts one; `+
				`with after_reset = "closed" (the default) the datafeed stays stopped. Set after_reset, or remove datafeed_start.`)
	}
}
