package transformreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Delete forgets the reset. The transform belongs to whoever created it; a
// reset resource has nothing to undo.
func (r *transformResetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Info(ctx, "Removing the reset from the state; the transform itself is left as it is", map[string]any{"transform_id": state.TransformID.ValueString()})
}
