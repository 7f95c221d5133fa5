package mlsnapshotrevert

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

type resourceModel struct {
	ID                       types.String   `tfsdk:"id"`
	JobID                    types.String   `tfsdk:"job_id"`
	SnapshotID               types.String   `tfsdk:"snapshot_id"`
	Triggers                 types.Map      `tfsdk:"triggers"`
	DeleteInterveningResults types.Bool     `tfsdk:"delete_intervening_results"`
	ForceClose               types.Bool     `tfsdk:"force_close"`
	AfterRevert              types.String   `tfsdk:"after_revert"`
	DatafeedStart            types.String   `tfsdk:"datafeed_start"`
	LatestRecordTime         types.String   `tfsdk:"latest_record_time"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`
}

func (m resourceModel) revertRequest() mlreset.RevertRequest {
	return mlreset.RevertRequest{
		JobID:                    m.JobID.ValueString(),
		SnapshotID:               m.SnapshotID.ValueString(),
		DeleteInterveningResults: m.DeleteInterveningResults.ValueBool(),
		ForceClose:               m.ForceClose.ValueBool(),
		AfterRevert:              mlreset.AfterReset(m.AfterRevert.ValueString()),
		DatafeedStart:            m.DatafeedStart.ValueString(),
	}
}

// resourceID is the resource's id: the job and the snapshot it was
// reverted to.
func resourceID(jobID, snapshotID string) string { return jobID + "/" + snapshotID }

// timeValue is t in RFC 3339, null when zero (Elasticsearch left it out).
func timeValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
