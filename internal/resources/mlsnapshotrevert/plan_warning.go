package mlsnapshotrevert

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
	"github.com/esops/terraform-provider-elasticsearch/internal/textfmt"
)

// PlanReadOpaqueID marks the plan warning's reads (X-Opaque-Id), so that
// Elasticsearch's logs and a request count can tell them from the
// revert's own requests.
const PlanReadOpaqueID = "elasticsearch_ml_model_snapshot_revert plan"

// planReadTimeout bounds the plan warning's reads: the warning is worth a
// moment, not a slow plan.
const planReadTimeout = 10 * time.Second

// revertWarning is the warning of a plan that reverts the job. When the
// job and the snapshot exist and the cluster answers, it says what the
// revert means, from two reads (the snapshot, the job's stats); a job
// without that snapshot fails the plan. Otherwise it is the plain warning,
// and the plan goes on (the job may be created earlier in the same
// apply).
func (r *revertResource) revertWarning(ctx context.Context, plan resourceModel) diag.Diagnostics {
	deleting := plan.DeleteInterveningResults.ValueBool() // unknown: the plain words
	if plan.JobID.IsUnknown() || plan.SnapshotID.IsUnknown() {
		return diag.Diagnostics{plainWarning("(known after apply)", "(known after apply)", false, deleting)}
	}
	jobID, snapshotID := plan.JobID.ValueString(), plan.SnapshotID.ValueString()
	empty := snapshotID == esclient.EmptyModelSnapshot
	plain := plainWarning(fmt.Sprintf("%q", jobID), fmt.Sprintf("%q", snapshotID), empty, deleting)
	if r.provider == nil {
		return diag.Diagnostics{plain}
	}
	ctx, cancel := context.WithTimeout(ctx, planReadTimeout)
	defer cancel()
	ctx = esclient.WithOpaqueID(ctx, PlanReadOpaqueID)
	failed := func(err error) diag.Diagnostics {
		tflog.Debug(ctx, "No details for the plan's revert warning: "+diagnostics.ReadSnapshot(jobID, snapshotID).Describe(err).Detail)
		return diag.Diagnostics{plain}
	}

	var snapshot esclient.ModelSnapshot
	if !empty { // never stored, so never read
		var err error
		snapshot, err = r.provider.Client.ModelSnapshot(ctx, jobID, snapshotID)
		switch {
		case esclient.IsSnapshotNotFound(err), esclient.IsUnavailableOnServerless(err):
			ex := resetdiag.Describe(resetdiag.RevertOf(jobID, snapshotID), err)
			return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(path.Root("snapshot_id"), ex.Summary, ex.Detail)}
		case err != nil:
			return failed(err)
		}
	}
	stats, err := r.provider.Client.JobStats(ctx, jobID)
	if err != nil {
		return failed(err)
	}
	detail := plain.Detail() + " " + whatIsForgotten(snapshot, empty, stats)
	if deleting {
		detail += " " + whatIsDeleted(snapshot, empty)
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic(plain.Summary(), detail)}
}

func plainWarning(job, snapshot string, empty, deleting bool) diag.Diagnostic {
	detail := fmt.Sprintf("Reverting job %s to model snapshot %s puts back the model the job had then: what it learned since is forgotten "+
		"(later snapshots are kept, so another revert can go forward again).", job, snapshot)
	if empty {
		detail = fmt.Sprintf("Reverting job %s to the empty model snapshot gives it a model that has learned nothing: everything it learned is forgotten.", job)
	}
	if deleting {
		detail += " With delete_intervening_results, the job's results after the snapshot are deleted too, which cannot be undone."
	}
	return diag.NewWarningDiagnostic(fmt.Sprintf("Applying this plan reverts ML job %s to model snapshot %s", job, snapshot), detail)
}

// whatIsForgotten says when the snapshot was taken and what the model
// learned after it: from the snapshot's latest record to the job's.
func whatIsForgotten(snapshot esclient.ModelSnapshot, empty bool, stats esclient.JobStats) string {
	from := snapshot.LatestRecordTime
	said := ""
	switch {
	case empty:
		from = stats.EarliestRecord
	case from.IsZero():
		said = fmt.Sprintf("The snapshot was taken at %s, before the job had seen any record. ", textfmt.Time(snapshot.Timestamp))
		from = stats.EarliestRecord
	default:
		said = fmt.Sprintf("The snapshot was taken at %s; its latest record is from %s. ", textfmt.Time(snapshot.Timestamp), textfmt.Time(from))
	}
	switch {
	case stats.LatestRecord.IsZero() || from.IsZero():
		return said + "The job has seen no records since."
	case !stats.LatestRecord.After(from):
		return said + fmt.Sprintf("The job's latest record is from %s too: the model has learned nothing since.", textfmt.Time(stats.LatestRecord))
	}
	return said + fmt.Sprintf("The model forgets what it learned from %s to %s, the job's latest record.", textfmt.Time(from), textfmt.Time(stats.LatestRecord))
}

// whatIsDeleted says what delete_intervening_results deletes and where a
// datafeed then resumes.
func whatIsDeleted(snapshot esclient.ModelSnapshot, empty bool) string {
	if empty || snapshot.LatestRecordTime.IsZero() {
		return "delete_intervening_results deletes all of the job's results and clears its latest record time, so a datafeed started next reads from the start of its data."
	}
	return fmt.Sprintf("delete_intervening_results deletes the results after %s and rewinds the job's latest record time to %s, "+
		"so a datafeed started next replays the data from there.", textfmt.Time(snapshot.LatestResultTime), textfmt.Time(snapshot.LatestRecordTime))
}

// resumeWarning: a datafeed started again after a revert that keeps the
// job's results resumes where the job stood, not from the snapshot.
func resumeWarning(plan resourceModel) diag.Diagnostics {
	if plan.AfterRevert.IsUnknown() || plan.DeleteInterveningResults.IsUnknown() || plan.DeleteInterveningResults.ValueBool() {
		return nil
	}
	mode := mlreset.AfterReset(plan.AfterRevert.ValueString()).OrDefault()
	if mode == mlreset.AfterResetClosed {
		return nil
	}
	job := "(known after apply)"
	if !plan.JobID.IsUnknown() {
		job = fmt.Sprintf("%q", plan.JobID.ValueString())
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic(
		fmt.Sprintf("The datafeed of ML job %s resumes after the job's latest record, not from the snapshot", job),
		fmt.Sprintf("With after_revert = %q and delete_intervening_results = false, the revert keeps the job's results and its latest record time, "+
			"and Elasticsearch resumes a datafeed after them: the reverted model does not see the data since the snapshot again, "+
			"and a datafeed_start before that point is ignored. Set delete_intervening_results = true to replay the data from the snapshot.", mode))}
}
