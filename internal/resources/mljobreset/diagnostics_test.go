package mljobreset

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

func TestDescribeError(t *testing.T) {
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
			err:         &taskError{taskID: "n:1", err: &esclient.Error{Type: "security_exception", Reason: "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [bob]"}},
			wantSummary: "Missing Elasticsearch privilege",
			wantDetail:  []string{"manage_ml", "reset task n:1"},
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
			err:         &esclient.Error{Status: 409, Type: "status_exception", Reason: notClosedReason},
			wantSummary: `ML job "web-latency" keeps being re-opened`,
			wantDetail:  []string{notClosedReason},
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
			err: &taskError{taskID: "n:2", err: &esclient.Error{Type: "resource_not_found_exception",
				Reason: "task [n:1] isn't running and hasn't stored its results"}},
			wantSummary: `ML job "web-latency" is blocked by a lost reset`,
			wantDetail:  []string{"reset task n:1", "8.13.0 and later re-run", "reset task n:2 ended with"},
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
			ex := describeError(job, tc.err)
			if ex.summary != tc.wantSummary {
				t.Errorf("summary = %q, want %q", ex.summary, tc.wantSummary)
			}
			for _, want := range tc.wantDetail {
				if !strings.Contains(ex.detail, want) {
					t.Errorf("detail %q lacks %q", ex.detail, want)
				}
			}
		})
	}
}

func TestFailureOnDeadlineNamesTheTask(t *testing.T) {
	r := &jobResetResource{}
	d := r.failure(context.Background(), "j", "node-a:17", 0, &taskError{taskID: "node-a:17", err: context.DeadlineExceeded})
	if !strings.Contains(d.Summary(), "Timed out") || !strings.Contains(d.Detail(), "node-a:17") {
		t.Fatalf("want a timeout naming the task, got %q / %q", d.Summary(), d.Detail())
	}
	d = r.failure(context.Background(), "j", "node-a:17", 0, fmt.Errorf("waiting: %w", context.Canceled))
	if !strings.Contains(d.Summary(), "interrupted") || !strings.Contains(d.Detail(), "GET _tasks/node-a:17") {
		t.Fatalf("want an interruption naming the task, got %q / %q", d.Summary(), d.Detail())
	}
}

func TestCancelled(t *testing.T) {
	for body, want := range map[string]bool{
		`{"acknowledged":false}`: true,
		`{"acknowledged":true}`:  false,
		``:                       false,
		`{}`:                     false,
		`not json`:               false,
	} {
		if got := cancelled([]byte(body)); got != want {
			t.Errorf("cancelled(%q) = %v, want %v", body, got, want)
		}
	}
}
