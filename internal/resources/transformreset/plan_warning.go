package transformreset

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/textfmt"
)

// PlanReadOpaqueID marks the plan warning's reads (X-Opaque-Id), so that
// Elasticsearch's logs and a request count can tell them from the reset's
// own requests.
const PlanReadOpaqueID = "elasticsearch_transform_reset plan"

// planReadTimeout bounds the plan warning's reads, all three together:
// the warning is worth a moment, not a slow plan.
const planReadTimeout = 10 * time.Second

// resetWarning is the warning of a plan that resets the transform. When
// the transform exists and the cluster answers, it says what the reset
// would lose, from at most three reads: the transform (for its
// destination), its statistics, and its destination's mapping. Otherwise
// it is the plain warning, and the plan goes on (the transform may be
// created earlier in the same apply).
func (r *transformResetResource) resetWarning(ctx context.Context, plan resourceModel) diag.Diagnostic {
	plain := plainResetWarning(quoted(plan))
	if r.provider == nil || plan.TransformID.IsUnknown() {
		return plain
	}
	ctx, cancel := context.WithTimeout(esclient.WithOpaqueID(ctx, PlanReadOpaqueID), planReadTimeout)
	defer cancel()
	id := plan.TransformID.ValueString()
	client := r.provider.Client
	cfg, err := client.GetTransform(ctx, id)
	var stats esclient.TransformStats
	if err == nil {
		stats, err = client.TransformStats(ctx, id)
	}
	var dest string
	if err == nil {
		dest, err = destinationFate(ctx, client, cfg.DestIndex)
	}
	if err != nil {
		tflog.Debug(ctx, "No transform details for the plan's reset warning", map[string]any{"transform_id": id, "error": err.Error()})
		return plain
	}
	return diag.NewWarningDiagnostic(plain.Summary(),
		plain.Detail()+" "+whatIsLost(stats)+" "+stateAfterReset(stats.State, plan)+" "+dest)
}

// quoted names the plan's transform in a warning.
func quoted(plan resourceModel) string {
	if plan.TransformID.IsUnknown() {
		return "(known after apply)"
	}
	return fmt.Sprintf("%q", plan.TransformID.ValueString())
}

func plainResetWarning(transform string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Applying this plan resets transform "+transform,
		fmt.Sprintf("Resetting transform %s deletes its checkpoints and counters, and its destination index when the transform created it; "+
			"its next start reads all its source data again. This cannot be undone.", transform))
}

// whatIsLost says how far the transform has got.
func whatIsLost(s esclient.TransformStats) string {
	counters := fmt.Sprintf("processed %s documents and indexed %s", textfmt.Thousands(s.DocumentsProcessed), textfmt.Thousands(s.DocumentsIndexed))
	switch {
	case s.Checkpoint == 0 && s.DocumentsProcessed == 0:
		return "It has reached no checkpoint yet."
	case s.Checkpoint == 0:
		return "It has reached no checkpoint yet, and has " + counters + "."
	case s.CheckpointTime.IsZero():
		return fmt.Sprintf("It has reached checkpoint %d, and has %s.", s.Checkpoint, counters)
	}
	return fmt.Sprintf("It has reached checkpoint %d at %s, and has %s.", s.Checkpoint, textfmt.Time(s.CheckpointTime), counters)
}

// stateAfterReset says what the transform runs now and what it will run
// after the reset, as after_reset decides (mlreset.TransformRunsAfterReset).
func stateAfterReset(state string, plan resourceModel) string {
	if state == esclient.TransformFailed && !plan.ForceStop.IsUnknown() && !plan.ForceStop.ValueBool() {
		return "It is failed now, and stops only by force: the apply fails unless force_stop = true."
	}
	if plan.AfterReset.IsUnknown() {
		return fmt.Sprintf("It is %s now; whether it runs again after the reset depends on after_reset, known after apply.", state)
	}
	mode := mlreset.TransformAfterReset(plan.AfterReset.ValueString()).OrDefault()
	startsAgain := mlreset.TransformRunsAfterReset(mode, state)
	switch {
	case state == esclient.TransformStopped && startsAgain:
		return fmt.Sprintf("It is stopped now; after_reset = %q starts it after the reset.", mode)
	case state == esclient.TransformStopped:
		return "It is stopped now and stays stopped."
	case startsAgain:
		return fmt.Sprintf("It is %s now: the reset stops it, and after_reset = %q starts it again.", state, mode)
	}
	return fmt.Sprintf("It is %s now: the reset stops it, and it stays stopped (after_reset = %q).", state, mode)
}

// destinationFate says whether the reset deletes the destination index or
// keeps it (IndexMeta.DeletedByTransformReset). A mapping the credentials
// may not read is said as such; any other failure is an error.
func destinationFate(ctx context.Context, client *esclient.Client, index string) (string, error) {
	meta, err := client.IndexMeta(ctx, index)
	switch {
	case esclient.IsForbidden(err):
		return fmt.Sprintf("Whether its destination %q is deleted could not be checked: reading its mapping needs the %s privilege on it.",
			index, diagnostics.ViewIndexMetadata), nil
	case err != nil:
		return "", err
	case meta.DeletedByTransformReset():
		return fmt.Sprintf("Its destination index %q was created by the transform, so the reset deletes it.", index), nil
	case !meta.Exists:
		return fmt.Sprintf("Its destination index %q does not exist; the next start creates it.", index), nil
	case !meta.Concrete:
		return fmt.Sprintf("Its destination %q is an alias, which the reset keeps with the index behind it: a restart writes into its existing documents again.", index), nil
	}
	return fmt.Sprintf("Its destination index %q was not created by the transform, so the reset keeps it: a restart writes into its existing documents again.", index), nil
}
