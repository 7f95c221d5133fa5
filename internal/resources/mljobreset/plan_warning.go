package mljobreset

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/textfmt"
)

// PlanReadOpaqueID marks the plan warning's job stats read (X-Opaque-Id),
// so that Elasticsearch's logs and a request count can tell it from the
// reset's own requests.
const PlanReadOpaqueID = "elasticsearch_ml_job_reset plan"

// planStatsTimeout bounds the one stats read of a plan's warning: the
// warning is worth a moment, not a slow plan.
const planStatsTimeout = 10 * time.Second

// resetWarning is the warning of a plan that resets the job. When the job
// exists and the cluster answers, it says what the reset would lose, from
// one job stats read; otherwise it is the plain warning, and the plan goes
// on (the job may be created earlier in the same apply).
func (r *jobResetResource) resetWarning(ctx context.Context, plan resourceModel) diag.Diagnostic {
	if plan.JobID.IsUnknown() {
		return plainResetWarning("(known after apply)")
	}
	jobID := plan.JobID.ValueString()
	plain := plainResetWarning(fmt.Sprintf("%q", jobID))
	if r.provider == nil {
		return plain
	}
	ctx, cancel := context.WithTimeout(ctx, planStatsTimeout)
	defer cancel()
	stats, err := r.provider.Client.JobStats(esclient.WithOpaqueID(ctx, PlanReadOpaqueID), jobID)
	if err != nil {
		tflog.Debug(ctx, "No job statistics for the plan's reset warning", map[string]any{"job_id": jobID, "error": err.Error()})
		return plain
	}
	return diag.NewWarningDiagnostic(plain.Summary(), plain.Detail()+" "+whatIsLost(stats)+" "+stateAfterReset(stats.State, plan))
}

func plainResetWarning(job string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Applying this plan resets ML job "+job,
		fmt.Sprintf("Resetting job %s deletes its model state, model snapshots and results; the job starts over as if new. "+
			"This cannot be undone.", job))
}

// whatIsLost says how much the job has learned.
func whatIsLost(s esclient.JobStats) string {
	if s.ProcessedRecordCount == 0 {
		return "It has processed no records yet."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "It has processed %s records", textfmt.Thousands(s.ProcessedRecordCount))
	if !s.EarliestRecord.IsZero() && !s.LatestRecord.IsZero() {
		fmt.Fprintf(&b, " from %s to %s", s.EarliestRecord.Format(time.RFC3339), s.LatestRecord.Format(time.RFC3339))
	}
	if s.ModelBytes > 0 {
		fmt.Fprintf(&b, ", and its model takes %s", textfmt.Bytes(s.ModelBytes))
	}
	b.WriteString(".")
	return b.String()
}

// stateAfterReset says what the job runs now and what it will run after
// the reset, as after_reset decides (mlreset.JobRunsAfterReset).
func stateAfterReset(state string, plan resourceModel) string {
	if plan.AfterReset.IsUnknown() {
		return fmt.Sprintf("It is %s now; whether it runs again after the reset depends on after_reset, known after apply.", state)
	}
	mode := mlreset.AfterReset(plan.AfterReset.ValueString()).OrDefault()
	opensAgain := mlreset.JobRunsAfterReset(mode, state)
	switch {
	case state == esclient.JobClosed && opensAgain:
		return fmt.Sprintf("It is closed now; after_reset = %q opens it after the reset.", mode)
	case state == esclient.JobClosed:
		return "It is closed now and stays closed."
	case opensAgain:
		return fmt.Sprintf("It is %s now: the reset closes it, and after_reset = %q opens it again.", state, mode)
	}
	return fmt.Sprintf("It is %s now: the reset closes it, and it stays closed (after_reset = %q).", state, mode)
}
