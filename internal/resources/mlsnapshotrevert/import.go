package mlsnapshotrevert

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/snapshotid"
	"github.com/esops/terraform-provider-elasticsearch/internal/triggers"
)

// ImportState adopts a revert that happened outside Terraform (Kibana's
// "revert" button, a script), named <job_id>/<snapshot_id>, without
// reverting again (DESIGN.md §2): the first apply only records the
// configured triggers.
func (r *revertResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	jobID, snapshotID, problem := parseImportID(req.ID)
	if problem != "" {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import takes <job_id>/<snapshot_id>, such as web-latency/1700000000; %q is not one: %s.", req.ID, problem))
		return
	}
	// The job must exist; the snapshot need not any more: retention may
	// have deleted it since the revert.
	if !r.jobExists(ctx, jobID, &resp.Diagnostics) {
		return
	}
	state := adoptedState(jobID, snapshotID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(triggers.MarkAdopted(ctx, resp.Private)...)
}

// parseImportID splits <job_id>/<snapshot_id> and checks both parts as the
// schema does.
func parseImportID(id string) (jobID, snapshotID, problem string) {
	jobID, snapshotID, found := strings.Cut(id, "/")
	switch {
	case !found:
		return "", "", "there is no / between the job and the snapshot"
	case jobid.Problem(jobID) != "":
		return "", "", "the job id is not valid: " + jobid.Problem(jobID)
	case snapshotid.Problem(snapshotID) != "":
		return "", "", "the snapshot id is not valid: " + snapshotid.Problem(snapshotID)
	}
	return jobID, snapshotID, ""
}

// adoptedState is the state of an adopted revert: no triggers yet (the
// first apply records them), every setting at its default, and no latest
// record time, which only a revert answers.
func adoptedState(jobID, snapshotID string) resourceModel {
	return resourceModel{
		ID:                       types.StringValue(resourceID(jobID, snapshotID)),
		JobID:                    types.StringValue(jobID),
		SnapshotID:               types.StringValue(snapshotID),
		Triggers:                 types.MapNull(types.StringType),
		DeleteInterveningResults: types.BoolValue(false),
		ForceClose:               types.BoolValue(false),
		AfterRevert:              types.StringValue(string(mlreset.DefaultAfterReset)),
		DatafeedStart:            types.StringNull(),
		LatestRecordTime:         types.StringNull(),
		Timeouts:                 timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
}

// jobExists checks the job before adopting a revert of it, so that a
// missing job fails the import with its name rather than Terraform's
// generic "non-existent remote object".
func (r *revertResource) jobExists(ctx context.Context, jobID string, diags *diag.Diagnostics) bool {
	if r.provider == nil {
		// Endpoints not known yet (an import block planned before the
		// cluster exists): the apply's refresh reads the job.
		return true
	}
	_, err := r.provider.Client.GetJob(ctx, jobID)
	switch {
	case esclient.IsJobNotFound(err):
		diags.AddError(fmt.Sprintf("Cannot import the revert of ML job %q: job not found", jobID),
			fmt.Sprintf("There is no anomaly-detection job %q in this cluster, so there is no revert to adopt. "+
				"Check the id, or the endpoint the provider is configured with. Elasticsearch said: %v", jobID, err))
		return false
	case err != nil:
		diags.Append(diagnostics.Import(jobID).Error(err))
		return false
	}
	return true
}

// timeoutsAttrTypes is the timeouts block's shape: create only, since an
// update never reverts.
var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType}
