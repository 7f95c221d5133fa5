// Package resetdiag words what a run of mlreset (a reset, or a revert to a
// model snapshot: a Subject) ends with as Terraform diagnostics, once for
// the resources and the actions, so that a failure reads the same
// whichever ran it. Where they differ (the setting that bounds the wait,
// what running again does), a Runner says so.
package resetdiag

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Runner is what ran the reset or the revert, for the words that depend on
// it.
type Runner struct {
	// TimeoutSetting is the setting that bounds the run.
	TimeoutSetting string
	// Again is what runs it again, to start a sentence.
	Again string
	// afterRetry says what follows a run whose after_reset (or
	// after_revert) failed: a format of the run's noun ("reset",
	// "revert"), the object ("job", "transform") and why running it again
	// is harmless.
	afterRetry string
}

var (
	// Resource is a resource: elasticsearch_ml_job_reset,
	// elasticsearch_ml_model_snapshot_revert or
	// elasticsearch_transform_reset.
	Resource = Runner{
		TimeoutSetting: "timeouts.create",
		Again:          "The next apply",
		afterRetry:     "The resource is marked tainted, so the next apply %ss the %s again and brings it back (harmless: %s).",
	}
	// Action is an action of the same names. It keeps no state,
	// so nothing is tainted: the user invokes it again.
	Action = Runner{
		TimeoutSetting: "timeout",
		Again:          "Invoking the action again",
		afterRetry:     "Invoke the action again to %s the %s again and bring it back (harmless: %s).",
	}
)

// retryAfter says what follows a run (noun: "reset", "revert") on object
// whose after_reset or after_revert failed, and why running it again is
// harmless.
func (r Runner) retryAfter(noun, object, harmless string) string {
	return fmt.Sprintf(r.afterRetry, noun, object, harmless)
}

// Explanation is a diagnostic a person can act on.
type Explanation struct {
	Summary, Detail string
}

// Describe explains a failed request of the run on s, by asking the client
// what the error means. The detail always ends with what Elasticsearch
// said. A missing privilege is worded as for every operation
// (diagnostics); the rest is the run's own.
func Describe(s Subject, err error) Explanation {
	if s.transform() {
		return describeTransformError(s.TransformID, err)
	}
	jobID := s.JobID
	said := "Elasticsearch said: " + err.Error()
	if esclient.IsGatewayAnswer(err) {
		said = "The gateway in front of Elasticsearch answered: " + err.Error()
	}
	var lost *mlreset.OutcomeLostError
	if errors.As(err, &lost) {
		return Explanation{s.failed(),
			fmt.Sprintf("Reset task %s ended without completing the reset (it failed or was cancelled), and a gateway between Terraform and Elasticsearch "+
				"(a load balancer or a proxy) cut the answer that says why, again when the reset was sent once more. Job %q stays blocked until a reset completes: "+
				"find the reason in Elasticsearch's log, or raise the gateway's timeout, then try again. %s", lost.TaskID, jobID, gatewaySaid(lost.Cut))}
	}
	if esclient.IsWaitCut(err) {
		// Only a call that left no trace ends so: one the reset
		// followed would have ended with the reset.
		return Explanation{fmt.Sprintf("Reset of ML job %q never reached Elasticsearch", jobID),
			fmt.Sprintf("A gateway between Terraform and Elasticsearch (a load balancer or a proxy) cut every reset call before Elasticsearch answered, and job %q "+
				"shows no sign that any reached it. Check the gateway, then try again. %s", jobID, gatewaySaid(err))}
	}
	if esclient.IsUnreachable(err) {
		return Explanation{"Cannot reach Elasticsearch",
			"The request got no answer (is the endpoint right, the cluster up, its certificate trusted?). " + err.Error()}
	}
	if esclient.IsResetCancelled(err) {
		// Someone cancelled the reset task (or its node shut down): the
		// job is left half reset and blocked until a reset completes.
		return Explanation{fmt.Sprintf("Reset of ML job %q was cancelled", jobID),
			fmt.Sprintf("Elasticsearch stopped the reset before it finished, so job %q is left partly reset and blocked. "+
				"Find out who cancelled it if that was not you; the next reset completes it. %s", jobID, err.Error())}
	}
	if _, fromElasticsearch := esclient.AsError(err); !fromElasticsearch {
		return Explanation{s.failed(), err.Error()}
	}
	blockedBy, _ := esclient.BlockedBy(err)
	lostTask, blockedByLostReset := esclient.LostTask(err)
	switch {
	case blockedByLostReset:
		// About a task, not the job: only Elasticsearch before 8.13 answers
		// a reset like this, and repeating the reset cannot help.
		return Explanation{fmt.Sprintf("ML job %q is blocked by a lost reset", jobID),
			fmt.Sprintf("Job %q is still blocked by reset task %s, which no longer exists (its node probably left the cluster before the reset finished). "+
				"This Elasticsearch cannot reset a job in that state. Elasticsearch 8.13.0 and later re-run such a reset "+
				"(elastic/elasticsearch#105928): upgrade the cluster, then apply again. %s", jobID, lostTask, said)}
	case esclient.IsCredentialsRejected(err):
		return Explanation{"Elasticsearch rejected the credentials",
			"Check username and password, api_key or bearer_token (or their ELASTICSEARCH_* variables). " + said}
	case esclient.IsForbidden(err):
		return Explanation(s.operation().MissingPrivilege(err))
	case esclient.IsJobNotFound(err):
		return Explanation{fmt.Sprintf("ML job %q not found", jobID),
			fmt.Sprintf("There is no anomaly-detection job %q in this cluster. Create it first, or fix job_id. %s", jobID, said)}
	case esclient.IsSnapshotNotFound(err):
		return Explanation{fmt.Sprintf("Model snapshot %q of ML job %q not found", s.SnapshotID, jobID),
			fmt.Sprintf("Job %q has no model snapshot %q: fix snapshot_id, or pick one of the job's snapshots (the elasticsearch_ml_model_snapshots data source lists them). "+
				"Snapshots older than the job's model_snapshot_retention_days are deleted unless they are retained. %s", jobID, s.SnapshotID, said)}
	case esclient.IsUnavailableOnServerless(err):
		return serverless(s.failed(), said)
	case esclient.IsJobFailed(err):
		return Explanation{fmt.Sprintf("ML job %q has failed", jobID),
			fmt.Sprintf("Job %q is in state failed and closes only by force: set force_close = true. %s", jobID, said)}
	case blockedBy == esclient.BlockedByDelete:
		return Explanation{fmt.Sprintf("ML job %q is being deleted", jobID),
			fmt.Sprintf("Job %q is blocked by a running delete and cannot be %s. %s", jobID, s.pastParticiple(), said)}
	case blockedBy == esclient.BlockedByRevert:
		return Explanation{fmt.Sprintf("ML job %q is being reverted", jobID),
			fmt.Sprintf("Job %q is blocked by a running revert to a model snapshot; apply again once it has finished. %s", jobID, said)}
	case blockedBy == esclient.BlockedByReset:
		return Explanation{fmt.Sprintf("ML job %q is being reset", jobID),
			fmt.Sprintf("Job %q is blocked by a running reset and cannot be %s; apply again once it has finished. %s", jobID, s.pastParticiple(), said)}
	case esclient.IsJobNotClosed(err), esclient.IsJobNotClosedForRevert(err):
		return Explanation{fmt.Sprintf("ML job %q keeps being re-opened", jobID),
			fmt.Sprintf("The job was closed %d times and re-opened each time before the %s could start. Stop whatever opens it (a datafeed schedule, Kibana, another pipeline), then apply again. %s", mlreset.MaxCloseAttempts, s.noun(), said)}
	}
	return Explanation{s.failed(), said}
}

// gatewaySaid says how a gateway cut a call: its answer, or the dropped
// connection.
func gatewaySaid(err error) string {
	var cut *esclient.WaitCutError
	if errors.As(err, &cut) {
		err = cut.Err
	}
	if esclient.IsUnreachable(err) {
		return "The connection dropped: " + err.Error()
	}
	return "The gateway answered: " + err.Error()
}

// ErrorDiagnostics explains a failure of the reset of job jobID that is
// not about the deadline.
func ErrorDiagnostics(jobID string, err error) diag.Diagnostics {
	return ErrorDiagnosticsOf(ResetOf(jobID), err)
}

// ErrorDiagnosticsOf explains a failure of the run on s that is not about
// the deadline: a cluster that cannot take it (version, serverless), or a
// failed request.
func ErrorDiagnosticsOf(s Subject, err error) diag.Diagnostics {
	if s.transform() {
		return transformErrorDiagnostics(s.TransformID, err)
	}
	if diags, ok := VersionDiagnostics(err); ok {
		return diags
	}
	var se *mlreset.ServerlessError
	if errors.As(err, &se) {
		ex := serverless(se.Error(), "")
		return diag.Diagnostics{diag.NewErrorDiagnostic(ex.Summary, ex.Detail)}
	}
	ex := Describe(s, err)
	return diag.Diagnostics{diag.NewErrorDiagnostic(ex.Summary, ex.Detail)}
}

// serverless explains an operation serverless does not offer: what was
// refused, then what Elasticsearch said, when it said anything.
func serverless(what, said string) Explanation {
	detail := what + ". Elasticsearch Serverless keeps its model snapshot APIs internal, so no job there can be reverted to a snapshot; " +
		"reset the job instead (elasticsearch_ml_job_reset), or revert on a self-managed or hosted cluster."
	if said != "" {
		detail += " " + said
	}
	return Explanation{"Not available on Elasticsearch Serverless", detail}
}

// VersionDiagnostics says which attribute the cluster is too old for. The
// attributes are named after the reset parameters they send, in the
// resource and the action alike.
func VersionDiagnostics(err error) (diag.Diagnostics, bool) {
	var ve *mlreset.VersionError
	if !errors.As(err, &ve) {
		return nil, false
	}
	var diags diag.Diagnostics
	for _, g := range ve.Unsupported {
		summary := "Elasticsearch version too old"
		detail := fmt.Sprintf("%s needs Elasticsearch %s or later; the cluster runs %s.", g.Feature, g.Minimum, ve.Version)
		switch {
		case g.Parameter == "":
			diags.AddError(summary, detail)
		case g.Instead != "":
			diags.AddAttributeError(path.Root(g.Parameter), summary, detail+" "+g.Instead)
		default:
			diags.AddAttributeError(path.Root(g.Parameter), summary, detail+" Remove the attribute or upgrade the cluster.")
		}
	}
	return diags, true
}
