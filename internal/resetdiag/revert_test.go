package resetdiag

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// A revert words its failures as its own: it names the job and the
// snapshot, the revert (not a reset), and what blocks it.
func TestDescribeRevert(t *testing.T) {
	run := RevertOf("web", "1700000000")
	for _, tc := range []struct {
		name, summary string
		err           error
		detail        []string
	}{
		{"snapshot not found", `Model snapshot "1700000000" of ML job "web" not found`,
			&esclient.Error{Status: 404, Type: "resource_not_found_exception", Reason: "No model snapshot with id [1700000000] exists for job [web]"},
			[]string{`Job "web" has no model snapshot "1700000000"`, "elasticsearch_ml_model_snapshots", "Elasticsearch said: HTTP 404"}},
		{"job not found", `ML job "web" not found`,
			&esclient.Error{Status: 404, Type: "resource_not_found_exception", Reason: "No known job with id 'web'"},
			[]string{`There is no anomaly-detection job "web"`}},
		{"403 names manage_ml and the revert", "Missing Elasticsearch privilege",
			&esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:admin/xpack/ml/job/model_snapshots/revert] is unauthorized for user [bob]"},
			[]string{`Reverting job "web" to model snapshot "1700000000" needs the manage_ml cluster privilege (close and revert to a model snapshot).`}},
		{"blocked by a reset", `ML job "web" is being reset`,
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot revert job [web] to snapshot [1700000000] while it is blocked with [reset]"},
			[]string{"blocked by a running reset and cannot be reverted", "blocked with [reset]"}},
		{"blocked by a delete", `ML job "web" is being deleted`,
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot revert job [web] to snapshot [1700000000] while it is blocked with [delete]"},
			[]string{"blocked by a running delete and cannot be reverted"}},
		{"blocked by another revert", `ML job "web" is being reverted`,
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot revert job [web] to snapshot [1700000000] while it is blocked with [revert]"},
			[]string{"blocked by a running revert to a model snapshot"}},
		{"re-opened every time", `ML job "web" keeps being re-opened`,
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "Can only revert to a model snapshot when the job is closed."},
			[]string{"closed 3 times and re-opened each time before the revert could start"}},
		{"serverless", "Not available on Elasticsearch Serverless",
			&esclient.Error{Status: 410, Type: "api_not_available_exception", Reason: "uri [/_ml/anomaly_detectors/web/model_snapshots/1/_revert] with method [POST] exists but is not available when running in serverless mode"},
			[]string{`Revert of ML job "web" to model snapshot "1700000000" failed.`, "keeps its model snapshot APIs internal", "exists but is not available"}},
		{"anything else", `Revert of ML job "web" to model snapshot "1700000000" failed`,
			&esclient.Error{Status: 500, Type: "exception", Reason: "disk full"},
			[]string{"Elasticsearch said: HTTP 500 [exception]: disk full"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := Describe(run, tc.err)
			if ex.Summary != tc.summary {
				t.Errorf("summary %q, want %q", ex.Summary, tc.summary)
			}
			for _, w := range tc.detail {
				if !strings.Contains(ex.Detail, w) {
					t.Errorf("detail %q lacks %q", ex.Detail, w)
				}
			}
			for _, reset := range []string{"Reset of", "Resetting", "cannot be reset", "the reset could"} {
				if strings.Contains(ex.Summary+" "+ex.Detail, reset) {
					t.Errorf("a revert's words speak of a reset (%q): %q", reset, ex.Detail)
				}
			}
		})
	}
}

// What a cluster cannot take fails before anything is sent: serverless, and
// the empty snapshot before 7.11, an error on snapshot_id that says what to
// do instead of removing a required attribute.
func TestRevertGateDiagnostics(t *testing.T) {
	run := RevertOf("web", "empty")
	d := ErrorDiagnosticsOf(run, &mlreset.ServerlessError{Feature: "Reverting a job to a model snapshot"})
	if len(d) != 1 || d[0].Summary() != "Not available on Elasticsearch Serverless" ||
		!strings.HasPrefix(d[0].Detail(), "Reverting a job to a model snapshot is not available on Elasticsearch Serverless.") {
		t.Fatalf("serverless: %v", d)
	}
	d = ErrorDiagnosticsOf(run, &mlreset.VersionError{Version: version.Must(version.NewVersion("7.10.2")), Unsupported: mlreset.RevertGates})
	withPath, ok := d[0].(diag.DiagnosticWithPath)
	if len(d) != 1 || !ok || !withPath.Path().Equal(path.Root("snapshot_id")) ||
		withPath.Detail() != `snapshot_id = "empty" needs Elasticsearch 7.11.0 or later; the cluster runs 7.10.2. `+
			"Revert to a stored snapshot, reset the job instead (elasticsearch_ml_job_reset), or upgrade the cluster." {
		t.Fatalf("gate: %v", d)
	}
}

// Cut short, a revert may go on in Elasticsearch and block the job: the
// error names the task, and says the next run fails meanwhile instead of
// waiting for it as a reset's does.
func TestRevertCutShort(t *testing.T) {
	run := RevertOf("web", "1700000000")
	res := mlreset.Result{TaskID: "n:9", Err: context.DeadlineExceeded}
	d := Resource.FailureOf(context.Background(), run, res, time.Minute)
	if d[0].Summary() != `Timed out reverting ML job "web" to model snapshot "1700000000"` ||
		d[0].Detail() != "The revert did not finish within 1m0s. Elasticsearch may still be reverting the job as task n:9: follow it with GET _tasks/n:9. "+
			"The next apply fails while it runs (it blocks the job); raise timeouts.create if reverts of this job take longer." {
		t.Fatalf("timeout: %q / %q", d[0].Summary(), d[0].Detail())
	}
	res.Err = context.Canceled
	d = Action.FailureOf(context.Background(), run, res, time.Minute)
	if d[0].Summary() != `Revert of ML job "web" to model snapshot "1700000000" interrupted` ||
		!strings.Contains(d[0].Detail(), "Invoking the action again fails while it runs") {
		t.Fatalf("interrupted: %q / %q", d[0].Summary(), d[0].Detail())
	}
}

// A revert that completed but whose job could not be brought back says so
// in a revert's words, for the resource and the action.
func TestAfterRevertFailure(t *testing.T) {
	e := &mlreset.AfterResetError{JobID: "web", SnapshotID: "1700000000", DatafeedID: "df",
		Err: &esclient.Error{Status: 500, Type: "exception", Reason: "no source"}}
	d := Resource.FailureOf(context.Background(), RevertOf("web", "1700000000"), mlreset.Result{ResetCompleted: true, Err: e}, time.Minute)
	if d[0].Summary() != `ML job "web" was reverted to model snapshot "1700000000", but starting datafeed "df" failed` {
		t.Fatalf("summary %q", d[0].Summary())
	}
	for _, w := range []string{`The revert itself completed: the job's model is that of snapshot "1700000000".`,
		"the next apply reverts the job again", "Elasticsearch said: HTTP 500 [exception]: no source"} {
		if !strings.Contains(d[0].Detail(), w) {
			t.Errorf("detail %q lacks %q", d[0].Detail(), w)
		}
	}
	d = Action.AfterResetFailure(&mlreset.AfterResetError{JobID: "web", SnapshotID: "1700000000", Err: context.DeadlineExceeded}, time.Minute)
	if !strings.Contains(d[0].Detail(), "Invoke the action again to revert the job again") || strings.Contains(d[0].Detail(), "reset") {
		t.Fatalf("action: %q", d[0].Detail())
	}
}

// The warnings after a revert name after_revert and the revert.
func TestRevertWarningsNameAfterRevert(t *testing.T) {
	warnings := []mlreset.Warning{
		{Kind: mlreset.WarningFailedJobLeftClosed, JobID: "web"},
		{Kind: mlreset.WarningDatafeedLeftStopped, JobID: "web", DatafeedID: "df", Detail: "closed"},
		{Kind: mlreset.WarningLookbackNotRestarted, JobID: "web", DatafeedID: "df"},
		{Kind: mlreset.WarningAwaitingNode, JobID: "web"},
	}
	d := WarningDiagnosticsOf(RevertOf("web", "1"), warnings, func() bool { return true })
	if len(d) != len(warnings) {
		t.Fatalf("got %v", d)
	}
	for _, w := range d {
		if strings.Contains(w.Detail(), "reset") {
			t.Errorf("a revert's warning speaks of a reset: %q", w.Detail())
		}
	}
	if !strings.Contains(d[0].Detail(), `was failed before the revert, so after_revert = "restore" leaves it closed`) {
		t.Errorf("got %q", d[0].Detail())
	}
	if got := DatafeedStartNeeds("after_revert", "revert"); got.Summary() != "datafeed_start needs after_revert" ||
		!strings.Contains(got.Detail(), `started after the revert, and only after_revert = "restore" or "started" starts one`) {
		t.Errorf("got %q / %q", got.Summary(), got.Detail())
	}
}
