package transformreset

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

type actionModel struct {
	TransformID types.String `tfsdk:"transform_id"`
	ForceStop   types.Bool   `tfsdk:"force_stop"`
	AfterReset  types.String `tfsdk:"after_reset"`
	Timeout     types.String `tfsdk:"timeout"`
}

// resetRequest: action attributes have no defaults, so a null value means
// the resource's default (a null after_reset is the engine's unset, its
// default).
func (m actionModel) resetRequest() mlreset.TransformResetRequest {
	return mlreset.TransformResetRequest{
		TransformID: m.TransformID.ValueString(),
		ForceStop:   m.ForceStop.ValueBool(),
		AfterReset:  mlreset.TransformAfterReset(m.AfterReset.ValueString()),
	}
}
