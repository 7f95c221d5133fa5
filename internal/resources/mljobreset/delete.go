package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Delete forgets the reset. The job belongs to whoever created it; a reset
// resource has nothing to undo.
func (r *jobResetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "Removing the reset from the state; the job itself is left as it is", map[string]any{"job_id": state.JobID.ValueString()})
}
