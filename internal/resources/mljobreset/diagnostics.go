package mljobreset

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// explanation is a diagnostic a person can act on.
type explanation struct {
	summary, detail string
}

// describeError explains a failed request about job jobID, by asking the
// client what the error means. The detail always ends with what
// Elasticsearch said.
func describeError(jobID string, err error) explanation {
	said := "Elasticsearch said: " + err.Error()
	if esclient.IsUnreachable(err) {
		return explanation{"Cannot reach Elasticsearch",
			"The request got no answer (is the endpoint right, the cluster up, its certificate trusted?). " + err.Error()}
	}
	if _, fromElasticsearch := esclient.AsError(err); !fromElasticsearch {
		return explanation{fmt.Sprintf("Reset of ML job %q failed", jobID), err.Error()}
	}
	blockedBy, _ := esclient.BlockedBy(err)
	lostTask, blockedByLostReset := esclient.LostTask(err)
	switch {
	case blockedByLostReset:
		// About a task, not the job: only Elasticsearch before 8.13 answers
		// a reset like this, and repeating the reset cannot help.
		return explanation{fmt.Sprintf("ML job %q is blocked by a lost reset", jobID),
			fmt.Sprintf("Job %q is still blocked by reset task %s, which no longer exists (its node probably left the cluster before the reset finished). "+
				"This Elasticsearch cannot reset a job in that state. Elasticsearch 8.13.0 and later re-run such a reset "+
				"(elastic/elasticsearch#105928): upgrade the cluster, then apply again. %s", jobID, lostTask, said)}
	case esclient.IsCredentialsRejected(err):
		return explanation{"Elasticsearch rejected the credentials",
			"Check username and password, api_key or bearer_token (or their ELASTICSEARCH_* variables). " + said}
	case esclient.IsForbidden(err):
		return explanation{"Missing Elasticsearch privilege",
			fmt.Sprintf("Resetting job %q needs the manage_ml cluster privilege (close and reset). %s", jobID, said)}
	case esclient.IsJobNotFound(err):
		return explanation{fmt.Sprintf("ML job %q not found", jobID),
			fmt.Sprintf("There is no anomaly-detection job %q in this cluster. Create it first, or fix job_id. %s", jobID, said)}
	case esclient.IsJobFailed(err):
		return explanation{fmt.Sprintf("ML job %q has failed", jobID),
			fmt.Sprintf("Job %q is in state failed and closes only by force: set force_close = true. %s", jobID, said)}
	case blockedBy == esclient.BlockedByDelete:
		return explanation{fmt.Sprintf("ML job %q is being deleted", jobID),
			fmt.Sprintf("Job %q is blocked by a running delete and cannot be reset. %s", jobID, said)}
	case blockedBy == esclient.BlockedByRevert:
		return explanation{fmt.Sprintf("ML job %q is being reverted", jobID),
			fmt.Sprintf("Job %q is blocked by a running revert to a model snapshot; apply again once it has finished. %s", jobID, said)}
	case esclient.IsJobNotClosed(err):
		return explanation{fmt.Sprintf("ML job %q keeps being re-opened", jobID),
			fmt.Sprintf("The job was closed %d times and re-opened each time before the reset could start. Stop whatever opens it (a datafeed schedule, Kibana, another pipeline), then apply again. %s", mlreset.MaxCloseAttempts, said)}
	}
	return explanation{fmt.Sprintf("Reset of ML job %q failed", jobID), said}
}

// errorDiagnostics explains a failure that is not about the deadline.
func errorDiagnostics(jobID string, err error) diag.Diagnostics {
	if diags, ok := versionDiagnostics(err); ok {
		return diags
	}
	ex := describeError(jobID, err)
	return diag.Diagnostics{diag.NewErrorDiagnostic(ex.summary, ex.detail)}
}

// failure turns a failed reset into diagnostics. A reset cut short by the
// deadline or by an interrupt may still be running in Elasticsearch: the
// diagnostic names its task so the user can follow it, and the next apply
// waits for it.
func failure(ctx context.Context, jobID string, res mlreset.Result, timeout time.Duration) diag.Diagnostics {
	err := res.Err
	var after *mlreset.AfterResetError
	if errors.As(err, &after) {
		return afterResetFailure(after, timeout)
	}
	deadline := errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)
	interrupted := errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled)
	if !deadline && !interrupted {
		diags := errorDiagnostics(jobID, err)
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
			fmt.Sprintf("The reset did not finish within %s. %s The next apply waits for it; raise timeouts.create if resets of this job take longer.", timeout, follow))}
	}
	return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("Reset of ML job %q interrupted", jobID),
		fmt.Sprintf("Terraform stopped waiting before the reset finished. %s The next apply waits for it.", follow))}
}

// afterResetFailure explains a job that was reset but could not be opened,
// or whose datafeed could not be started. The resource is still written to
// state, so Terraform taints it and the next apply tries both again.
func afterResetFailure(e *mlreset.AfterResetError, timeout time.Duration) diag.Diagnostics {
	summary := fmt.Sprintf("ML job %q was reset, but opening it failed", e.JobID)
	what := "Opening the job again failed, so it is closed now."
	if e.DatafeedID != "" {
		summary = fmt.Sprintf("ML job %q was reset, but starting datafeed %q failed", e.JobID, e.DatafeedID)
		what = fmt.Sprintf("The job is open again, but starting its datafeed %q failed, so the datafeed is stopped.", e.DatafeedID)
	}
	var why string
	switch {
	case errors.Is(e.Err, context.DeadlineExceeded):
		why = fmt.Sprintf(" It did not happen within %s (timeouts.create).", timeout)
	case errors.Is(e.Err, context.Canceled):
		why = " Terraform was interrupted."
	case esclient.IsNoMLCapacity(e.Err):
		why = " No ML node has room for the job: add ML capacity, close other jobs, or allow the job a lazy open (allow_lazy_open)."
	case esclient.IsForbidden(e.Err):
		why = " Opening a job and starting a datafeed need the manage_ml cluster privilege."
	}
	detail := "The reset itself completed: the job starts over with no model and no results. " + what + why +
		" The resource is marked tainted, so the next apply resets the job again and brings it back (harmless: it has learned nothing since)."
	if _, fromElasticsearch := esclient.AsError(e.Err); fromElasticsearch {
		detail += " Elasticsearch said: " + e.Err.Error()
	}
	return diag.Diagnostics{diag.NewErrorDiagnostic(summary, detail)}
}

// warningDiagnostics words what the reset wants the user to know.
func (r *jobResetResource) warningDiagnostics(warnings []mlreset.Warning) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, w := range warnings {
		switch w.Kind {
		case mlreset.WarningVersionUnknown:
			if r.provider.FirstVersionWarning() {
				diags.AddWarning("Elasticsearch version unknown",
					"The provider cannot check which features the cluster supports, so Elasticsearch itself will reject what it does not support: "+w.Detail)
			}
		case mlreset.WarningTasksForbidden:
			diags.AddWarning("Cannot follow the reset task; waiting through the job instead",
				"Reading task "+w.TaskID+" needs the monitor cluster privilege, which these credentials lack: "+elasticsearchReason(w.Cause)+
					". The provider waits for the reset of job \""+w.JobID+"\" with a blocking reset call instead. "+
					"Grant monitor, or set wait_for_completion = true, to silence this warning.")
		case mlreset.WarningTaskVanished:
			diags.AddWarning("Reset task lost; waiting through the job instead",
				"Elasticsearch no longer knows task "+w.TaskID+": "+elasticsearchReason(w.Cause)+
					". The provider waits for the reset of job \""+w.JobID+"\" with a blocking reset call, which re-runs the reset if it was abandoned (Elasticsearch 8.13 and later).")
		case mlreset.WarningLookbackNotRestarted:
			diags.AddWarning(fmt.Sprintf("Datafeed %q not started again", w.DatafeedID),
				fmt.Sprintf("Datafeed %q of job %q was running a lookback with an end, which stops by itself; after_reset = \"restore\" starts only datafeeds that ran in real time. "+
					"Start the lookback again yourself if it should run over the data once more.", w.DatafeedID, w.JobID))
		case mlreset.WarningFailedJobLeftClosed:
			diags.AddWarning(fmt.Sprintf("ML job %q left closed", w.JobID),
				fmt.Sprintf("Job %q was failed before the reset, so after_reset = \"restore\" leaves it closed rather than open it again. "+
					"Find why it failed (its messages in the job stats and the ML notifications), then open it, or use after_reset = \"started\".", w.JobID))
		case mlreset.WarningDatafeedLeftStopped:
			diags.AddWarning(fmt.Sprintf("Datafeed %q left stopped", w.DatafeedID),
				fmt.Sprintf("Datafeed %q ran in real time, but job %q was %s before the reset and after_reset = \"restore\" leaves it closed; a datafeed runs only with its job open. "+
					"Use after_reset = \"started\" to open the job and start the datafeed.", w.DatafeedID, w.JobID, w.Detail))
		case mlreset.WarningAwaitingNode:
			diags.AddWarning(fmt.Sprintf("ML job %q waits for an ML node", w.JobID),
				fmt.Sprintf("Job %q was opened after the reset, but no ML node has room for it yet. It allows a lazy open, so it waits as opening (and its datafeed as starting) "+
					"until a node has room, then runs.", w.JobID))
		}
	}
	return diags
}

// elasticsearchReason is Elasticsearch's own words when err carries them.
func elasticsearchReason(err error) string {
	if e, ok := esclient.AsError(err); ok {
		return e.Reason
	}
	return err.Error()
}
