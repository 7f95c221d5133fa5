package resetdiag

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Failure turns a failed reset into diagnostics. A reset cut short by the
// deadline or by an interrupt may still be running in Elasticsearch: the
// diagnostic names its task so the user can follow it, and the next run
// waits for it.
func (r Runner) Failure(ctx context.Context, jobID string, res mlreset.Result, timeout time.Duration) diag.Diagnostics {
	err := res.Err
	var after *mlreset.AfterResetError
	if errors.As(err, &after) {
		return r.AfterResetFailure(after, timeout)
	}
	deadline, interrupted := cutShort(ctx, err)
	if !deadline && !interrupted {
		diags := ErrorDiagnostics(jobID, err)
		if _, taskEnded := esclient.AsTaskFailure(err); !taskEnded && res.TaskID != "" && len(diags) == 1 {
			// The task names itself in its failure; other errors do not.
			diags = diag.Diagnostics{diag.NewErrorDiagnostic(diags[0].Summary(), diags[0].Detail()+fmt.Sprintf(" (reset task %s)", res.TaskID))}
		}
		return diags
	}
	follow := "Elasticsearch may still be resetting the job."
	if res.TaskID != "" {
		follow = fmt.Sprintf("Elasticsearch may still be resetting the job as task %s: follow it with GET _tasks/%s.", res.TaskID, res.TaskID)
	}
	if deadline {
		return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Timed out resetting ML job %q", jobID),
			fmt.Sprintf("The reset did not finish within %s. %s %s waits for it; raise %s if resets of this job take longer.", timeout, follow, r.Again, r.TimeoutSetting))}
	}
	return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Reset of ML job %q interrupted", jobID),
		fmt.Sprintf("Terraform stopped waiting before the reset finished. %s %s waits for it.", follow, r.Again))}
}

// AfterResetFailure explains a job that was reset but could not be opened,
// or whose datafeed could not be started.
func (r Runner) AfterResetFailure(e *mlreset.AfterResetError, timeout time.Duration) diag.Diagnostics {
	summary := fmt.Sprintf("ML job %q was reset, but opening it failed", e.JobID)
	what := "Opening the job again failed, so it is closed now."
	if e.DatafeedID != "" {
		summary = fmt.Sprintf("ML job %q was reset, but starting datafeed %q failed", e.JobID, e.DatafeedID)
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
	detail := "The reset itself completed: the job starts over with no model and no results. " + what + why + " " + r.retryAfterReset("job", "it has learned nothing since")
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

// cutShortWhy says why bringing things back after the reset did not
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
