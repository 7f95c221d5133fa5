package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// datafeedStartNeedsAfterReset refuses a datafeed_start that nothing would
// use (mlreset.CheckDatafeedStart). On the attribute, not the resource, so
// that a configuration without datafeed_start (nearly all of them) costs
// no read of after_reset.
type datafeedStartNeedsAfterReset struct{}

func (datafeedStartNeedsAfterReset) Description(context.Context) string {
	return `only with after_reset "restore" or "started"`
}

func (v datafeedStartNeedsAfterReset) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (datafeedStartNeedsAfterReset) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() {
		return
	}
	var mode types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("after_reset"), &mode)...)
	if resp.Diagnostics.HasError() || mode.IsUnknown() {
		return
	}
	if mlreset.CheckDatafeedStart(mlreset.AfterReset(mode.ValueString())) != nil {
		resp.Diagnostics.Append(resetdiag.DatafeedStartNeedsAfterReset())
	}
}
