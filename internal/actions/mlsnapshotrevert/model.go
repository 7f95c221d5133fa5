package mlsnapshotrevert

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

type actionModel struct {
	JobID                    types.String `tfsdk:"job_id"`
	SnapshotID               types.String `tfsdk:"snapshot_id"`
	DeleteInterveningResults types.Bool   `tfsdk:"delete_intervening_results"`
	ForceClose               types.Bool   `tfsdk:"force_close"`
	AfterRevert              types.String `tfsdk:"after_revert"`
	DatafeedStart            types.String `tfsdk:"datafeed_start"`
	Timeout                  types.String `tfsdk:"timeout"`
}

// revertRequest: a null attribute is the resource's default (a null
// after_revert is the engine's unset, its default).
func (m actionModel) revertRequest() mlreset.RevertRequest {
	return mlreset.RevertRequest{
		JobID:                    m.JobID.ValueString(),
		SnapshotID:               m.SnapshotID.ValueString(),
		DeleteInterveningResults: m.DeleteInterveningResults.ValueBool(),
		ForceClose:               m.ForceClose.ValueBool(),
		AfterRevert:              mlreset.AfterReset(m.AfterRevert.ValueString()),
		DatafeedStart:            m.DatafeedStart.ValueString(),
	}
}

func (m actionModel) subject() resetdiag.Subject {
	return resetdiag.RevertOf(m.JobID.ValueString(), m.SnapshotID.ValueString())
}
