package mljobreset

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// errResetCancelled is a reset that Elasticsearch stopped part way
// (someone cancelled its task): it answers acknowledged false.
var errResetCancelled = errors.New("the reset was cancelled before it finished (Elasticsearch answered acknowledged: false); the job stays blocked until it is reset again")

// taskError is the failure a reset task stored as its result.
type taskError struct {
	taskID string
	err    error
}

func (e *taskError) Error() string {
	return fmt.Sprintf("reset task %s ended with %v", e.taskID, e.err)
}
func (e *taskError) Unwrap() error { return e.err }

const notClosedReason = "Can only reset a job when it is closed."

func isJobNotClosed(err error) bool {
	e, ok := esclient.AsError(err)
	return ok && e.Type == "status_exception" && e.Reason == notClosedReason
}

// errorReason is Elasticsearch's own words when err carries them.
func errorReason(err error) string {
	if e, ok := esclient.AsError(err); ok {
		return e.Reason
	}
	return err.Error()
}

// explanation is a diagnostic a person can act on.
type explanation struct {
	summary, detail string
}

// describeError explains a failed request about job jobID. The detail
// always ends with what Elasticsearch said.
func describeError(jobID string, err error) explanation {
	said := "Elasticsearch said: " + err.Error()
	var te *esclient.TransportError
	if errors.As(err, &te) {
		return explanation{"Cannot reach Elasticsearch",
			"The request got no answer (is the endpoint right, the cluster up, its certificate trusted?). " + err.Error()}
	}
	e, ok := esclient.AsError(err)
	if !ok {
		return explanation{fmt.Sprintf("Reset of ML job %q failed", jobID), err.Error()}
	}
	reason := e.Reason
	lostTask, blockedByLostReset := esclient.LostTask(err)
	switch {
	case blockedByLostReset:
		// A 404 about a task, not the job: only Elasticsearch before 8.13
		// answers a reset like this, and repeating the reset cannot help.
		return explanation{fmt.Sprintf("ML job %q is blocked by a lost reset", jobID),
			fmt.Sprintf("Job %q is still blocked by reset task %s, which no longer exists (its node probably left the cluster before the reset finished). "+
				"This Elasticsearch cannot reset a job in that state. Elasticsearch 8.13.0 and later re-run such a reset "+
				"(elastic/elasticsearch#105928): upgrade the cluster, then apply again. %s", jobID, lostTask, said)}
	case e.Status == http.StatusUnauthorized:
		return explanation{"Elasticsearch rejected the credentials",
			"Check username and password, api_key or bearer_token (or their ELASTICSEARCH_* variables). " + said}
	case e.Type == "security_exception" && strings.Contains(reason, "is unauthorized"), e.Status == http.StatusForbidden:
		return explanation{"Missing Elasticsearch privilege",
			fmt.Sprintf("Resetting job %q needs the manage_ml cluster privilege (close and reset). %s", jobID, said)}
	case e.Type == "resource_not_found_exception" && strings.HasPrefix(reason, "No known job"):
		return explanation{fmt.Sprintf("ML job %q not found", jobID),
			fmt.Sprintf("There is no anomaly-detection job %q in this cluster. Create it first, or fix job_id. %s", jobID, said)}
	case strings.Contains(reason, "because it failed, use force close"):
		return explanation{fmt.Sprintf("ML job %q has failed", jobID),
			fmt.Sprintf("Job %q is in state failed and closes only by force: set force_close = true. %s", jobID, said)}
	case strings.Contains(reason, "blocked with [delete]"):
		return explanation{fmt.Sprintf("ML job %q is being deleted", jobID),
			fmt.Sprintf("Job %q is blocked by a running delete and cannot be reset. %s", jobID, said)}
	case strings.Contains(reason, "blocked with [revert]"):
		return explanation{fmt.Sprintf("ML job %q is being reverted", jobID),
			fmt.Sprintf("Job %q is blocked by a running revert to a model snapshot; apply again once it has finished. %s", jobID, said)}
	case reason == notClosedReason:
		return explanation{fmt.Sprintf("ML job %q keeps being re-opened", jobID),
			fmt.Sprintf("The job was closed %d times and re-opened each time before the reset could start. Stop whatever opens it (a datafeed schedule, Kibana, another pipeline), then apply again. %s", maxCloseAttempts, said)}
	}
	return explanation{fmt.Sprintf("Reset of ML job %q failed", jobID), said}
}

// failure turns a failed reset into a diagnostic. A reset cut short by the
// deadline or by an interrupt may still be running in Elasticsearch: the
// diagnostic names its task so the user can follow it, and the next apply
// waits for it.
func (r *jobResetResource) failure(ctx context.Context, jobID, taskID string, timeout time.Duration, err error) diag.Diagnostic {
	var te *taskError
	if errors.As(err, &te) {
		taskID = te.taskID
	}
	deadline := errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded)
	interrupted := errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled)
	if !deadline && !interrupted {
		ex := describeError(jobID, err)
		if te == nil && taskID != "" {
			ex.detail += fmt.Sprintf(" (reset task %s)", taskID)
		}
		return diag.NewErrorDiagnostic(ex.summary, ex.detail)
	}
	if taskID == "" {
		taskID = r.runningResetTask(jobID)
	}
	follow := "Elasticsearch may still be resetting the job."
	if taskID != "" {
		follow = fmt.Sprintf("Elasticsearch may still be resetting the job as task %s: follow it with GET _tasks/%s.", taskID, taskID)
	}
	if deadline {
		return diag.NewErrorDiagnostic(fmt.Sprintf("Timed out resetting ML job %q", jobID),
			fmt.Sprintf("The reset did not finish within %s. %s The next apply waits for it; raise timeouts.create if resets of this job take longer.", timeout, follow))
	}
	return diag.NewErrorDiagnostic(fmt.Sprintf("Reset of ML job %q interrupted", jobID),
		fmt.Sprintf("Terraform stopped waiting before the reset finished. %s The next apply waits for it.", follow))
}

// runningResetTask asks the job which reset task holds it, on a fresh short
// deadline since the operation's own has passed.
func (r *jobResetResource) runningResetTask(jobID string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	job, err := r.client.GetJob(ctx, jobID)
	if err != nil || job.Blocked == nil || job.Blocked.Reason != "reset" {
		return ""
	}
	return job.Blocked.TaskID
}
