package mljobreset

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// durationValidator accepts what time.ParseDuration reads, above zero: a
// reset bounded by nothing would fail before it starts.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "a positive duration such as 30m or 1h30m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err == nil && d <= 0 {
		err = fmt.Errorf("%s is not above zero", req.ConfigValue.ValueString())
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout",
			fmt.Sprintf("timeout must be a positive duration such as 30m or 1h30m (units h, m, s): %v.", err))
	}
}
