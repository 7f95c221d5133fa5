package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Create resets the job. Only a completed reset reaches the state; when
// bringing the job back afterwards failed, the state is written with the
// error, so Terraform taints the resource and the next apply resets and
// starts the job again.
func (r *jobResetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan resourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, mlreset.DefaultTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	taskID, completed, diags := r.resetJob(ctx, plan, timeout)
	resp.Diagnostics.Append(diags...)
	if !completed {
		return
	}

	plan.ID = plan.JobID
	plan.TaskID = types.StringNull()
	if taskID != "" {
		plan.TaskID = types.StringValue(taskID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.JobID)...)
}
