package resetdiag

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Failure turns a failed reset into diagnostics.
func (r Runner) Failure(ctx context.Context, jobID string, res mlreset.Result, timeout time.Duration) diag.Diagnostics {
	return r.FailureOf(ctx, ResetOf(jobID), res, timeout)
}

// FailureOf turns a failed run on s into diagnostics. A run cut short by
// the deadline or by an interrupt may still be going on in Elasticsearch:
// the diagnostic names its task so the user can follow it, and says what
// the next run does meanwhile.
func (r Runner) FailureOf(ctx context.Context, s Subject, res mlreset.Result, timeout time.Duration) diag.Diagnostics {
	if s.transform() {
		return r.transformFailure(ctx, s.TransformID, res, timeout)
	}
	err := res.Err
	var after *mlreset.AfterResetError
	if errors.As(err, &after) {
		return r.AfterResetFailure(after, timeout)
	}
	deadline, interrupted := cutShort(ctx, err)
	if !deadline && !interrupted {
		diags := ErrorDiagnosticsOf(s, err)
		if _, taskEnded := esclient.AsTaskFailure(err); !taskEnded && res.TaskID != "" && len(diags) == 1 {
			// The task names itself in its failure; other errors do not.
			diags = diag.Diagnostics{diag.NewErrorDiagnostic(diags[0].Summary(), diags[0].Detail()+fmt.Sprintf(" (%s task %s)", s.noun(), res.TaskID))}
		}
		return diags
	}
	follow := fmt.Sprintf("Elasticsearch may still be %s the job.", s.gerund())
	if res.TaskID != "" {
		follow = fmt.Sprintf("Elasticsearch may still be %s the job as task %s: follow it with GET _tasks/%s.", s.gerund(), res.TaskID, res.TaskID)
	}
	// A reset joins one still running; a revert still running blocks the
	// job, and another revert is refused until it ends.
	meanwhile := r.Again + " waits for it"
	if s.revert() {
		meanwhile = r.Again + " fails while it runs (it blocks the job)"
	}
	if deadline {
		return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Timed out %s %s", s.gerund(), s.job()),
			fmt.Sprintf("The %s did not finish within %s. %s %s; raise %s if %ss of this job take longer.", s.noun(), timeout, follow, meanwhile, r.TimeoutSetting, s.noun()))}
	}
	return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("%s of %s interrupted", capitalized(s.noun()), s.job()),
		fmt.Sprintf("Terraform stopped waiting before the %s finished. %s %s.", s.noun(), follow, meanwhile))}
}

// AfterResetFailure explains a job that was reset (or reverted) but could
// not be opened, or whose datafeed could not be started.
func (r Runner) AfterResetFailure(e *mlreset.AfterResetError, timeout time.Duration) diag.Diagnostics {
	s := Subject{JobID: e.JobID, SnapshotID: e.SnapshotID}
	done, completed := "reset", "The reset itself completed: the job starts over with no model and no results."
	if s.revert() {
		done = fmt.Sprintf("reverted to model snapshot %q", e.SnapshotID)
		completed = fmt.Sprintf("The revert itself completed: the job's model is that of snapshot %q.", e.SnapshotID)
	}
	summary := fmt.Sprintf("ML job %q was %s, but opening it failed", e.JobID, done)
	what := "Opening the job again failed, so it is closed now."
	if e.DatafeedID != "" {
		summary = fmt.Sprintf("ML job %q was %s, but starting datafeed %q failed", e.JobID, done, e.DatafeedID)
		what = fmt.Sprintf("The job is open again, but starting its datafeed %q failed, so the datafeed is stopped.", e.DatafeedID)
	}
	why := r.cutShortWhy(e.Err, timeout)
	switch {
	case why != "":
	case esclient.IsNoMLCapacity(e.Err):
		why = " No ML node has room for the job: add ML capacity, close other jobs, or allow the job a lazy open (allow_lazy_open)."
	case esclient.IsForbidden(e.Err):
		why = " Opening a job and starting a datafeed need the " + diagnostics.ManageML + " cluster privilege."
	}
	detail := completed + " " + what + why + " " + r.retryAfter(s.noun(), "job", "it has learned nothing since")
	if _, fromElasticsearch := esclient.AsError(e.Err); fromElasticsearch {
		detail += " Elasticsearch said: " + e.Err.Error()
	}
	return diag.Diagnostics{diag.NewErrorDiagnostic(summary, detail)}
}

// cutShort tells a run stopped by the deadline from one interrupted.
func cutShort(ctx context.Context, err error) (deadline, interrupted bool) {
	deadline = errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)
	interrupted = errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled)
	return deadline, interrupted
}

// cutShortWhy says why bringing things back after the run did not
// happen when the deadline or an interrupt stopped it; "" otherwise.
func (r Runner) cutShortWhy(err error, timeout time.Duration) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf(" It did not happen within %s (%s).", timeout, r.TimeoutSetting)
	case errors.Is(err, context.Canceled):
		return " Terraform was interrupted."
	}
	return ""
}

func capitalized(word string) string { return strings.ToUpper(word[:1]) + word[1:] }
