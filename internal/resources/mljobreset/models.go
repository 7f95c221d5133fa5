package mljobreset

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

type resourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	JobID                 types.String   `tfsdk:"job_id"`
	Triggers              types.Map      `tfsdk:"triggers"`
	DeleteUserAnnotations types.Bool     `tfsdk:"delete_user_annotations"`
	WaitForCompletion     types.Bool     `tfsdk:"wait_for_completion"`
	ForceClose            types.Bool     `tfsdk:"force_close"`
	TaskID                types.String   `tfsdk:"task_id"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (m resourceModel) resetOptions() esclient.ResetOptions {
	return esclient.ResetOptions{DeleteUserAnnotations: m.DeleteUserAnnotations.ValueBool()}
}
