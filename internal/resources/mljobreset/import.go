package mljobreset

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// ImportState adopts an existing job, named by id (terraform import, an
// import block's id) or by identity (an import block's identity, what
// terraform query generates), without resetting it.
func (r *jobResetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	jobID := req.ID
	if jobID == "" && req.Identity != nil {
		var identity identityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		jobID = identity.JobID.ValueString()
	}
	if why := jobid.Problem(jobID); why != "" {
		resp.Diagnostics.AddError("Invalid import id", "Import takes the id of an anomaly-detection job; "+jobID+" is not one: "+why+".")
		return
	}
	if !r.jobExists(ctx, jobID, &resp.Diagnostics) {
		return
	}
	state := adoptedState(jobID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.JobID)...)
	resp.Diagnostics.Append(triggers.MarkAdopted(ctx, resp.Private)...)
}

// adoptedState is the state of a job adopted without a reset: no triggers
// yet (the first apply records them), every setting at its default.
func adoptedState(jobID string) resourceModel {
	return resourceModel{
		ID:                    types.StringValue(jobID),
		JobID:                 types.StringValue(jobID),
		Triggers:              types.MapNull(types.StringType),
		DeleteUserAnnotations: types.BoolValue(false),
		WaitForCompletion:     types.BoolValue(true),
		ForceClose:            types.BoolValue(false),
		AfterReset:            types.StringValue(string(mlreset.DefaultAfterReset)),
		DatafeedStart:         types.StringNull(),
		TaskID:                types.StringNull(),
		Timeouts:              timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
}

// jobExists checks the job before adopting it, so that a missing job fails
// the import with its name rather than Terraform's generic "non-existent
// remote object".
func (r *jobResetResource) jobExists(ctx context.Context, jobID string, diags *diag.Diagnostics) bool {
	if r.provider == nil {
		// Endpoints not known yet (an import block planned before the
		// cluster exists): the apply's refresh reads the job.
		return true
	}
	_, err := r.provider.Client.GetJob(ctx, jobID)
	switch {
	case esclient.IsJobNotFound(err):
		diags.AddError(fmt.Sprintf("Cannot import ML job %q: not found", jobID),
			fmt.Sprintf("There is no anomaly-detection job %q in this cluster, so there is nothing to adopt. "+
				"Check the id, or the endpoint the provider is configured with. Elasticsearch said: %v", jobID, err))
		return false
	case err != nil:
		diags.Append(diagnostics.Import(jobID).Error(err))
		return false
	}
	return true
}

// timeoutsAttrTypes is the timeouts block's shape: create only, since an
// update never resets.
var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType}
