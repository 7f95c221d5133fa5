package mlsnapshotrevert

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Read keeps the resource while its job exists: a revert that happened is
// not undone by the snapshot being deleted later (by retention), nor by
// the job learning since. A job deleted out of band takes the resource
// with it, so the next plan shows a revert to create.
func (r *revertResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// Only the job id: reading the whole model costs more than the rest
	// of a refresh, a thousand times over in a large plan.
	var jobIDValue types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("job_id"), &jobIDValue)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.provider == nil {
		// The endpoints are not known yet (they come from a resource being
		// replaced) or not set: keep the state rather than fail the plan.
		tflog.Debug(ctx, "No Elasticsearch client to refresh with; keeping the state")
		return
	}
	jobID := jobIDValue.ValueString()
	_, err := r.provider.Client.GetJob(ctx, jobID)
	// Only Elasticsearch's own "no such job" removes the resource: a bare
	// 404 from a proxy or a wrong endpoint must not make every job look
	// deleted, and so revert on the next apply.
	if esclient.IsJobNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("ML job %q no longer exists", jobID),
			fmt.Sprintf("Job %q was deleted outside Terraform, so its revert is removed from the state. "+
				"If the configuration still names it, the next apply tries to revert it again.", jobID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.Refresh(jobID).Error(err))
	}
}
