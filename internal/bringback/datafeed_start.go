// Package bringback is the schema side of what a reset or a revert brings
// back once it has completed (DESIGN.md §4): the rule that ties
// datafeed_start to after_reset or after_revert, for resources and actions
// alike. The rule itself is mlreset's.
package bringback

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// DatafeedStartNeedsMode refuses a datafeed_start that nothing would use
// (mlreset.CheckDatafeedStart): modeAttribute (after_reset, after_revert)
// must start a datafeed after the operation ("reset", "revert"). On the
// attribute, not the resource, so that a configuration without
// datafeed_start (nearly all of them) costs no read of the mode.
func DatafeedStartNeedsMode(modeAttribute, operation string) validator.String {
	return datafeedStartNeedsMode{modeAttribute: modeAttribute, operation: operation}
}

type datafeedStartNeedsMode struct {
	modeAttribute, operation string
}

func (v datafeedStartNeedsMode) Description(context.Context) string {
	return fmt.Sprintf(`only with %s "restore" or "started"`, v.modeAttribute)
}

func (v datafeedStartNeedsMode) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v datafeedStartNeedsMode) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() {
		return
	}
	var mode types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(v.modeAttribute), &mode)...)
	if resp.Diagnostics.HasError() || mode.IsUnknown() {
		return
	}
	if mlreset.CheckDatafeedStart(mlreset.AfterReset(mode.ValueString())) != nil {
		resp.Diagnostics.Append(resetdiag.DatafeedStartNeeds(v.modeAttribute, v.operation))
	}
}
