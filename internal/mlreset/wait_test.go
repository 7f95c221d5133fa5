package mljobreset

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// startReset gives a resource whose long polls last 50ms, and a reset task
// of the given duration running on an emulator of that version.
func startReset(t *testing.T, version string, d time.Duration, opts ...emulator.Option) (*jobResetResource, *emulator.Server, string) {
	t.Helper()
	srv := emulator.New(append([]emulator.Option{emulator.WithVersion(version), emulator.WithResetDuration(d)}, opts...)...)
	url := srv.Start()
	t.Cleanup(srv.Close)
	srv.PutJob("j")
	client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
	if err != nil {
		t.Fatal(err)
	}
	r := &jobResetResource{client: client, pollWindow: 50 * time.Millisecond}
	taskID, err := client.StartReset(context.Background(), "j", esclient.ResetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return r, srv, taskID
}

// finished waits for the reset startReset began, so that a fault injected
// next applies to the test's own reset.
func finished(t *testing.T, r *jobResetResource, taskID string) {
	t.Helper()
	if task, err := r.client.WaitForTask(context.Background(), taskID, 5*time.Second); err != nil || !task.Completed {
		t.Fatalf("the first reset did not finish: %+v, %v", task, err)
	}
}

func taskPolls(srv *emulator.Server) (statuses []int) {
	for _, req := range srv.Requests() {
		if strings.HasPrefix(req.Path, "/_tasks/") {
			statuses = append(statuses, req.Status)
		}
	}
	return statuses
}

// A long poll that ends before the task is "still running" in both of
// Elasticsearch's forms: 500 before 9.0, 429 after.
func TestWaitForTaskPollsAgainOnTimeout(t *testing.T) {
	for version, timeoutStatus := range map[string]int{"8.19.0": http.StatusInternalServerError, "9.1.0": http.StatusTooManyRequests} {
		t.Run(version, func(t *testing.T) {
			r, srv, taskID := startReset(t, version, 300*time.Millisecond)
			var diags diag.Diagnostics
			if err := r.waitForTask(context.Background(), "j", taskID, esclient.ResetOptions{}, &diags); err != nil {
				t.Fatal(err)
			}
			polls := taskPolls(srv)
			if len(polls) < 2 || polls[len(polls)-1] != http.StatusOK {
				t.Fatalf("want timed-out polls then a final 200, got %v", polls)
			}
			for _, s := range polls[:len(polls)-1] {
				if s != timeoutStatus {
					t.Fatalf("want every early poll to time out with %d, got %v", timeoutStatus, polls)
				}
			}
			if job, _ := srv.Job("j"); job.ResetCount != 1 || job.BlockedReason != "" {
				t.Fatalf("want one finished reset, got %+v", job)
			}
		})
	}
}

func TestWaitForTaskFailsWithTheTaskError(t *testing.T) {
	r, srv, first := startReset(t, "8.19.0", 0)
	finished(t, r, first)
	srv.FailNextReset("j", "exception", "shard failure")
	taskID, err := r.client.StartReset(context.Background(), "j", esclient.ResetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.Diagnostics
	err = r.waitForTask(context.Background(), "j", taskID, esclient.ResetOptions{}, &diags)
	if err == nil || !strings.Contains(err.Error(), "shard failure") || !strings.Contains(err.Error(), taskID) {
		t.Fatalf("want the task's error with its id, got %v", err)
	}
}

func TestWaitForTaskCancelled(t *testing.T) {
	r, srv, first := startReset(t, "8.19.0", 0)
	finished(t, r, first)
	srv.CancelNextReset("j")
	taskID, err := r.client.StartReset(context.Background(), "j", esclient.ResetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.Diagnostics
	if err := r.waitForTask(context.Background(), "j", taskID, esclient.ResetOptions{}, &diags); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("want a cancelled reset, got %v", err)
	}
}

func TestWaitForTaskStopsAtTheDeadline(t *testing.T) {
	r, _, taskID := startReset(t, "8.19.0", 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var diags diag.Diagnostics
	err := r.waitForTask(ctx, "j", taskID, esclient.ResetOptions{}, &diags)
	if err == nil {
		t.Fatal("want the deadline to end the wait")
	}
	d := r.failure(ctx, "j", taskID, time.Second, err)
	if !strings.Contains(d.Summary(), "Timed out") || !strings.Contains(d.Detail(), taskID) {
		t.Fatalf("want a timeout naming the task, got %q / %q", d.Summary(), d.Detail())
	}
}

// An async reset of a job that another reset holds waits 30 s inside
// Elasticsearch, then stores a timeout_exception: the provider joins the
// earlier reset instead of failing.
func TestWaitForTaskJoinsWhenTheTaskTimedOutWaiting(t *testing.T) {
	r, srv, first := startReset(t, "8.19.0", 0)
	finished(t, r, first)
	srv.FailNextReset("j", "timeout_exception", "Timed out waiting for completion of task")
	taskID, err := r.client.StartReset(context.Background(), "j", esclient.ResetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	var diags diag.Diagnostics
	if err := r.waitForTask(context.Background(), "j", taskID, esclient.ResetOptions{}, &diags); err != nil {
		t.Fatalf("want the provider to join the reset, got %v", err)
	}
	var calls []string
	for _, req := range srv.Requests() {
		calls = append(calls, req.Method+" "+req.Path)
	}
	if len(calls) != 2 || calls[1] != "POST /_ml/anomaly_detectors/j/_reset" {
		t.Fatalf("want a task poll then a blocking reset, got %q", calls)
	}
	if job, _ := srv.Job("j"); job.BlockedReason != "" {
		t.Fatalf("want the job reset and unblocked, got %+v", job)
	}
}

// A task lost with its node: wait through the job, with a warning.
func TestWaitForTaskFallsBackWhenTheTaskIsLost(t *testing.T) {
	r, srv, taskID := startReset(t, "8.19.0", 0)
	srv.InjectStatus("GET", "/_tasks/*", http.StatusNotFound, 1)
	var diags diag.Diagnostics
	if err := r.waitForTask(context.Background(), "j", taskID, esclient.ResetOptions{}, &diags); err != nil {
		t.Fatal(err)
	}
	if len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Summary(), "lost") {
		t.Fatalf("want one warning about the lost task, got %v", diags)
	}
}
