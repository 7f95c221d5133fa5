package transformreset

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

type resourceModel struct {
	ID          types.String   `tfsdk:"id"`
	TransformID types.String   `tfsdk:"transform_id"`
	Triggers    types.Map      `tfsdk:"triggers"`
	ForceStop   types.Bool     `tfsdk:"force_stop"`
	AfterReset  types.String   `tfsdk:"after_reset"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (m resourceModel) resetRequest() mlreset.TransformResetRequest {
	return mlreset.TransformResetRequest{
		TransformID: m.TransformID.ValueString(),
		ForceStop:   m.ForceStop.ValueBool(),
		AfterReset:  mlreset.TransformAfterReset(m.AfterReset.ValueString()),
	}
}

// timeoutsAttrTypes is the timeouts block's shape: create only, since an
// update never resets.
var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType}
