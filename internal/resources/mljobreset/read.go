package mljobreset

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Read keeps the resource while its job exists. A job deleted out of band
// takes the resource with it, so the next plan shows a reset to create.
func (r *jobResetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state resourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.requireClient(&resp.Diagnostics) {
		return
	}
	jobID := state.JobID.ValueString()
	_, err := r.client.GetJob(ctx, jobID)
	if esclient.IsStatus(err, http.StatusNotFound) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("ML job %q no longer exists", jobID),
			fmt.Sprintf("Job %q was deleted outside Terraform, so its reset is removed from the state. "+
				"If the configuration still names it, the next apply tries to reset it again.", jobID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		ex := describeError(jobID, err)
		resp.Diagnostics.AddError(ex.summary, ex.detail)
	}
}
