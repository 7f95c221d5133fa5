package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// adoptedKey marks, in private state, a resource imported but not yet
// applied: its first apply records the triggers without a reset.
const adoptedKey = "adopted"

// privateState is the part of the framework's private state API we use.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

func isAdopted(ctx context.Context, p privateState) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, adoptedKey)
	return string(v) == "true"
}

// ImportState adopts an existing job by id, without resetting it.
func (r *jobResetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if why := validJobID(req.ID); why != "" {
		resp.Diagnostics.AddError("Invalid import id", "Import takes the id of an anomaly-detection job; "+req.ID+" is not one: "+why+".")
		return
	}
	state := resourceModel{
		ID:                    types.StringValue(req.ID),
		JobID:                 types.StringValue(req.ID),
		Triggers:              types.MapNull(types.StringType),
		DeleteUserAnnotations: types.BoolValue(false),
		WaitForCompletion:     types.BoolValue(true),
		ForceClose:            types.BoolValue(false),
		TaskID:                types.StringNull(),
		Timeouts:              timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, adoptedKey, []byte("true"))...)
}

var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType}
