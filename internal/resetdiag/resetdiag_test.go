package resetdiag

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

func TestDescribe(t *testing.T) {
	const job = "web-latency"
	cases := []struct {
		name        string
		err         error
		wantSummary string
		wantDetail  []string
	}{
		{
			name:        "job not found names the job",
			err:         &esclient.Error{Status: 404, Type: "resource_not_found_exception", Reason: "No known job with id 'web-latency'"},
			wantSummary: `ML job "web-latency" not found`,
			wantDetail:  []string{"No known job with id 'web-latency'"},
		},
		{
			name:        "401: credentials rejected",
			err:         &esclient.Error{Status: 401, Type: "security_exception", Reason: "unable to authenticate user [bob] for REST request [/]"},
			wantSummary: "Elasticsearch rejected the credentials",
			wantDetail:  []string{"unable to authenticate user [bob]"},
		},
		{
			name:        "403 names manage_ml",
			err:         &esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [bob]"},
			wantSummary: "Missing Elasticsearch privilege",
			wantDetail:  []string{"manage_ml", "is unauthorized for user [bob]"},
		},
		{
			name:        "403 stored in a task",
			err:         &esclient.TaskFailedError{TaskID: "n:1", Err: &esclient.Error{Type: "security_exception", Reason: "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [bob]"}},
			wantSummary: "Missing Elasticsearch privilege",
			wantDetail:  []string{"manage_ml", "task n:1"},
		},
		{
			name:        "failed job asks for force_close",
			err:         &esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot close job [web-latency] because it failed, use force close"},
			wantSummary: `ML job "web-latency" has failed`,
			wantDetail:  []string{"force_close = true", "use force close"},
		},
		{
			name:        "blocked by delete",
			err:         &esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot reset job while it is blocked with [delete]"},
			wantSummary: `ML job "web-latency" is being deleted`,
			wantDetail:  []string{"blocked with [delete]"},
		},
		{
			name:        "blocked by revert",
			err:         &esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot reset job while it is blocked with [revert]"},
			wantSummary: `ML job "web-latency" is being reverted`,
			wantDetail:  []string{"blocked with [revert]"},
		},
		{
			name:        "re-opened every time",
			err:         &esclient.Error{Status: 409, Type: "status_exception", Reason: "Can only reset a job when it is closed."},
			wantSummary: `ML job "web-latency" keeps being re-opened`,
			wantDetail:  []string{"Can only reset a job when it is closed."},
		},
		{
			// Before 8.13, a reset of a job whose reset task vanished.
			name:        "lost reset task is not a missing job",
			err:         &esclient.Error{Status: 404, Type: "resource_not_found_exception", Reason: "task [n:1] isn't running and hasn't stored its results"},
			wantSummary: `ML job "web-latency" is blocked by a lost reset`,
			wantDetail:  []string{`Job "web-latency"`, "reset task n:1", "8.13.0 and later re-run", "isn't running and hasn't stored its results"},
		},
		{
			name: "lost reset task stored in a task",
			err: &esclient.TaskFailedError{TaskID: "n:2", Err: &esclient.Error{Type: "resource_not_found_exception",
				Reason: "task [n:1] isn't running and hasn't stored its results"}},
			wantSummary: `ML job "web-latency" is blocked by a lost reset`,
			// esclient words a stored failure "task <id> ended with …".
			wantDetail: []string{"reset task n:1", "8.13.0 and later re-run", "Elasticsearch said: task n:2 ended with"},
		},
		{
			name:        "a cancelled reset says so",
			err:         &esclient.TaskFailedError{TaskID: "n:3", Err: esclient.ErrResetCancelled},
			wantSummary: `Reset of ML job "web-latency" was cancelled`,
			wantDetail:  []string{`job "web-latency" is left partly reset`, "next reset completes it", "task n:3", "acknowledged: false"},
		},
		{
			name:        "no answer at all",
			err:         &esclient.TransportError{Method: "POST", Path: "/x", Err: errors.New("connection refused")},
			wantSummary: "Cannot reach Elasticsearch",
			wantDetail:  []string{"connection refused"},
		},
		{
			name:        "anything else keeps Elasticsearch's words",
			err:         &esclient.Error{Status: 409, Type: "status_exception", Reason: "cannot reset job while indices are being upgraded"},
			wantSummary: `Reset of ML job "web-latency" failed`,
			wantDetail:  []string{"cannot reset job while indices are being upgraded"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ex := Describe(ResetOf(job), tc.err)
			if ex.Summary != tc.wantSummary {
				t.Errorf("summary = %q, want %q", ex.Summary, tc.wantSummary)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(ex.Detail, want) {
					t.Errorf("detail %q lacks %q", ex.Detail, want)
				}
			}
		})
	}
}

func TestFailureOnDeadlineNamesTheTask(t *testing.T) {
	ctx := context.Background()
	d := Resource.Failure(ctx, "j", mlreset.Result{TaskID: "node-a:17", Err: &esclient.TaskFailedError{TaskID: "node-a:17", Err: context.DeadlineExceeded}}, 0)
	if !strings.Contains(d[0].Summary(), "Timed out") || !strings.Contains(d[0].Detail(), "node-a:17") {
		t.Fatalf("want a timeout naming the task, got %q / %q", d[0].Summary(), d[0].Detail())
	}
	d = Resource.Failure(ctx, "j", mlreset.Result{TaskID: "node-a:17", Err: fmt.Errorf("waiting: %w", context.Canceled)}, 0)
	if !strings.Contains(d[0].Summary(), "interrupted") || !strings.Contains(d[0].Detail(), "GET _tasks/node-a:17") {
		t.Fatalf("want an interruption naming the task, got %q / %q", d[0].Summary(), d[0].Detail())
	}
}

// An error that does not name the task it happened to gets the task added.
func TestFailureNamesTheTaskOfOtherErrors(t *testing.T) {
	d := Resource.Failure(context.Background(), "j", mlreset.Result{TaskID: "node-a:17", Err: &esclient.Error{Status: 500, Type: "exception", Reason: "boom"}}, 0)
	if !strings.HasSuffix(d[0].Detail(), "(reset task node-a:17)") {
		t.Fatalf("want the task named, got %q", d[0].Detail())
	}
}

// A cluster too old for an attribute is an error on that attribute.
func TestVersionErrorsNameTheAttribute(t *testing.T) {
	diags := ErrorDiagnostics("j", &mlreset.VersionError{
		Version:     version.Must(version.NewVersion("7.10.0")),
		Unsupported: mlreset.Gates,
	})
	if len(diags) != 2 {
		t.Fatalf("want one error per gate, got %v", diags)
	}
	if _, ok := diags[0].(diag.DiagnosticWithPath); ok {
		t.Errorf("the reset API itself is not an attribute: %v", diags[0])
	}
	withPath, ok := diags[1].(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("delete_user_annotations")) || !strings.Contains(withPath.Detail(), "8.7.0") {
		t.Errorf("want an error on delete_user_annotations, got %v", diags[1])
	}
}
