package resetdiag

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// The words of a transform reset's failures (DESIGN.md §6, §11), for the
// resource and the action alike: FailureOf, ErrorDiagnosticsOf and
// Describe of a TransformResetOf subject.

// transformFailure turns a failed transform reset into diagnostics. The
// reset runs as no task, so a reset cut short names none: the next run
// resets again.
func (r Runner) transformFailure(ctx context.Context, transformID string, res mlreset.Result, timeout time.Duration) diag.Diagnostics {
	if res.ResetCompleted {
		return r.transformStartFailure(transformID, res.Err, timeout)
	}
	deadline, interrupted := cutShort(ctx, res.Err)
	const mayRun = "Elasticsearch may still be stopping or resetting the transform."
	switch {
	case deadline:
		return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Timed out resetting transform %q", transformID),
			fmt.Sprintf("The reset did not finish within %s. %s %s resets it again; raise %s if this transform takes longer to stop.", timeout, mayRun, r.Again, r.TimeoutSetting))}
	case interrupted:
		return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Reset of transform %q interrupted", transformID),
			fmt.Sprintf("Terraform stopped waiting before the reset finished. %s %s resets it again.", mayRun, r.Again))}
	}
	return transformErrorDiagnostics(transformID, res.Err)
}

// transformStartFailure explains a transform that was reset but could not
// be started again.
func (r Runner) transformStartFailure(transformID string, err error, timeout time.Duration) diag.Diagnostics {
	why := r.cutShortWhy(err, timeout)
	switch {
	case why != "":
	case esclient.IsForbidden(err):
		why = " Starting a transform needs the " + diagnostics.ManageTransform + " cluster privilege."
	case esclient.IsTransformUpgrading(err):
		why = " The transform feature is in upgrade mode, which refuses starts until it is turned off."
	}
	detail := "The reset itself completed: the transform starts over from no checkpoint, and its next start reads all its source data. " +
		"Starting it again failed, so it is stopped now." + why + " " + r.retryAfter("reset", "transform", "it has not run since")
	if _, fromElasticsearch := esclient.AsError(err); fromElasticsearch {
		detail += " Elasticsearch said: " + err.Error()
	}
	return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Transform %q was reset, but starting it failed", transformID), detail)}
}

// transformErrorDiagnostics explains a failure of a transform reset that
// is not about the deadline: a cluster too old, or a refused request.
func transformErrorDiagnostics(transformID string, err error) diag.Diagnostics {
	if diags, ok := VersionDiagnostics(err); ok {
		return diags
	}
	ex := describeTransformError(transformID, err)
	return diag.Diagnostics{diag.NewErrorDiagnostic(ex.Summary, ex.Detail)}
}

// describeTransformError explains a failed request of the reset of a
// transform, by asking the client what the error means. What every
// operation can meet (no answer, credentials, a privilege) is worded as
// for every operation; the rest is the transform reset's own.
func describeTransformError(transformID string, err error) Explanation {
	said := "Elasticsearch said: " + err.Error()
	switch {
	case esclient.IsTransformNotFound(err):
		return Explanation{fmt.Sprintf("Transform %q not found", transformID),
			fmt.Sprintf("There is no transform %q in this cluster. Create it first, or fix transform_id. %s", transformID, said)}
	case esclient.IsTransformFailed(err):
		return Explanation{fmt.Sprintf("Transform %q has failed", transformID),
			fmt.Sprintf("Transform %q is in state failed and stops only by force: set force_stop = true. %s", transformID, said)}
	case esclient.IsTransformRunning(err):
		return Explanation{fmt.Sprintf("Transform %q keeps being started", transformID),
			fmt.Sprintf("The transform was stopped %d times and started again each time before the reset could run. "+
				"Stop whatever starts it (Kibana, another pipeline, a schedule), then try again. %s", mlreset.MaxCloseAttempts, said)}
	case esclient.IsTransformUpgrading(err):
		return Explanation{"Transforms are being upgraded",
			"The transform feature of this cluster is in upgrade mode (during a cluster upgrade, or set with POST _transform/set_upgrade_mode), " +
				"in which transforms are neither reset nor started. Try again once upgrade mode is off. " + said}
	case esclient.IsTransformStopTimedOut(err):
		return Explanation{fmt.Sprintf("Transform %q did not stop in time", transformID),
			fmt.Sprintf("Elasticsearch stopped waiting for transform %q to finish the work under way; the stop goes on in the background. "+
				"Try again once it has stopped, or set force_stop = true to stop it at once. %s", transformID, said)}
	}
	return Explanation(diagnostics.ResetTransform(transformID).Describe(err))
}
