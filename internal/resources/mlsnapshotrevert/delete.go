package mlsnapshotrevert

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Delete forgets the revert. The job and its snapshots belong to whoever
// created them; a revert has nothing to undo (revert to a newer snapshot
// to go forward again).
func (r *revertResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "Removing the revert from the state; the job itself is left as it is",
		map[string]any{"job_id": state.JobID.ValueString(), "snapshot_id": state.SnapshotID.ValueString()})
}
