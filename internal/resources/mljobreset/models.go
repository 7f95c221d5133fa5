package mljobreset

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

type resourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	JobID                 types.String   `tfsdk:"job_id"`
	Triggers              types.Map      `tfsdk:"triggers"`
	DeleteUserAnnotations types.Bool     `tfsdk:"delete_user_annotations"`
	WaitForCompletion     types.Bool     `tfsdk:"wait_for_completion"`
	ForceClose            types.Bool     `tfsdk:"force_close"`
	AfterReset            types.String   `tfsdk:"after_reset"`
	DatafeedStart         types.String   `tfsdk:"datafeed_start"`
	TaskID                types.String   `tfsdk:"task_id"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (m resourceModel) resetRequest() mlreset.Request {
	return mlreset.Request{
		JobID:                 m.JobID.ValueString(),
		DeleteUserAnnotations: m.DeleteUserAnnotations.ValueBool(),
		WaitForCompletion:     m.WaitForCompletion.ValueBool(),
		ForceClose:            m.ForceClose.ValueBool(),
		AfterReset:            mlreset.AfterReset(m.AfterReset.ValueString()),
		DatafeedStart:         m.DatafeedStart.ValueString(),
	}
}
