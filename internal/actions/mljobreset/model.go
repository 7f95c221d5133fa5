package mljobreset

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

type actionModel struct {
	JobID                 types.String `tfsdk:"job_id"`
	DeleteUserAnnotations types.Bool   `tfsdk:"delete_user_annotations"`
	WaitForCompletion     types.Bool   `tfsdk:"wait_for_completion"`
	ForceClose            types.Bool   `tfsdk:"force_close"`
	AfterReset            types.String `tfsdk:"after_reset"`
	DatafeedStart         types.String `tfsdk:"datafeed_start"`
	Timeout               types.String `tfsdk:"timeout"`
}

// resetRequest applies the defaults the schema cannot hold: action
// attributes have no defaults, so a null value means the resource's
// default (a null after_reset is the engine's unset, its default).
func (m actionModel) resetRequest() mlreset.Request {
	return mlreset.Request{
		JobID:                 m.JobID.ValueString(),
		DeleteUserAnnotations: m.DeleteUserAnnotations.ValueBool(),
		WaitForCompletion:     m.WaitForCompletion.IsNull() || m.WaitForCompletion.ValueBool(),
		ForceClose:            m.ForceClose.ValueBool(),
		AfterReset:            mlreset.AfterReset(m.AfterReset.ValueString()),
		DatafeedStart:         m.DatafeedStart.ValueString(),
	}
}
