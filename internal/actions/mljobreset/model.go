package mljobreset

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// defaultTimeout bounds a whole reset, as the resource's timeouts.create
// does by default.
const defaultTimeout = 20 * time.Minute

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
// default.
func (m actionModel) resetRequest() mlreset.Request {
	return mlreset.Request{
		JobID:                 m.JobID.ValueString(),
		DeleteUserAnnotations: m.DeleteUserAnnotations.ValueBool(),
		WaitForCompletion:     m.WaitForCompletion.IsNull() || m.WaitForCompletion.ValueBool(),
		ForceClose:            m.ForceClose.ValueBool(),
		AfterReset:            afterReset(m.AfterReset),
		DatafeedStart:         m.DatafeedStart.ValueString(),
	}
}

func afterReset(v types.String) mlreset.AfterReset {
	if v.IsNull() {
		return mlreset.AfterResetClosed
	}
	return mlreset.AfterReset(v.ValueString())
}

// timeout is the configured bound, or the default. The value was
// validated with the configuration.
func (m actionModel) timeout() (time.Duration, error) {
	if m.Timeout.IsNull() {
		return defaultTimeout, nil
	}
	return time.ParseDuration(m.Timeout.ValueString())
}
