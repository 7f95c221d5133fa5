package mlreset

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// newEngine gives an engine whose long polls last 50ms, on an emulator of
// that version with job "j" whose resets take d.
func newEngine(t *testing.T, version string, d time.Duration, opts ...emulator.Option) (*Engine, *emulator.Server) {
	t.Helper()
	srv := emulator.New(append([]emulator.Option{emulator.WithVersion(version), emulator.WithResetDuration(d)}, opts...)...)
	url := srv.Start()
	t.Cleanup(srv.Close)
	srv.PutJob("j")
	client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
	if err != nil {
		t.Fatal(err)
	}
	e := New(client)
	e.pollWindow = 50 * time.Millisecond
	return e, srv
}

var async = Request{JobID: "j"}

func taskPolls(srv *emulator.Server) (statuses []int) {
	for _, req := range srv.Requests() {
		if strings.HasPrefix(req.Path, "/_tasks/") {
			statuses = append(statuses, req.Status)
		}
	}
	return statuses
}

func calls(srv *emulator.Server) (out []string) {
	for _, req := range srv.Requests() {
		out = append(out, req.Method+" "+req.Path)
	}
	return out
}

// newHeldEngine is newEngine with a reset of "j" that runs until released.
func newHeldEngine(t *testing.T, version string) (*Engine, *emulator.Server, *emulator.Hold) {
	t.Helper()
	e, srv := newEngine(t, version, 0)
	hold := srv.HoldNextReset("j")
	t.Cleanup(hold.Release)
	return e, srv, hold
}

// A long poll that ends before the task is "still running" in both of
// Elasticsearch's forms: 500 before 9.0, 429 after.
func TestWaitPollsAgainOnTimeout(t *testing.T) {
	for version, timeoutStatus := range map[string]int{"8.19.0": http.StatusInternalServerError, "9.1.0": http.StatusTooManyRequests} {
		t.Run(version, func(t *testing.T) {
			e, srv, running := newHeldEngine(t, version)
			done := make(chan Result, 1)
			go func() { done <- e.Reset(context.Background(), async, nil) }()
			// Two polls have timed out while the reset was held.
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			deadline := time.After(10 * time.Second)
			for timedOut := 0; timedOut < 2; {
				select {
				case res := <-done:
					t.Fatalf("the wait ended while the reset was held: %+v", res)
				case <-deadline:
					t.Fatalf("want two timed-out polls, got %v", taskPolls(srv))
				case <-tick.C:
				}
				timedOut = 0
				for _, s := range taskPolls(srv) {
					if s == timeoutStatus {
						timedOut++
					}
				}
			}
			running.Release()
			var res Result
			select {
			case res = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the wait did not end with the reset")
			}
			if res.Err != nil || res.TaskID == "" {
				t.Fatalf("got %+v", res)
			}
			polls := taskPolls(srv)
			if polls[len(polls)-1] != http.StatusOK {
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

func TestTaskErrorFailsTheReset(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	srv.FailNextReset("j", "exception", "shard failure")
	res := e.Reset(context.Background(), async, nil)
	f, ok := esclient.AsTaskFailure(res.Err)
	if !ok || f.TaskID != res.TaskID || !strings.Contains(res.Err.Error(), "shard failure") {
		t.Fatalf("want the task's error with its id, got %+v", res)
	}
}

func TestCancelledTaskFailsTheReset(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	srv.CancelNextReset("j")
	if res := e.Reset(context.Background(), async, nil); !esclient.IsResetCancelled(res.Err) || res.TaskID == "" {
		t.Fatalf("want a cancelled reset naming its task, got %+v", res)
	}
}

func TestCancelledBlockingResetFailsTheReset(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	srv.CancelNextReset("j")
	if res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, nil); !esclient.IsResetCancelled(res.Err) {
		t.Fatalf("want a cancelled reset, got %+v", res)
	}
}

func TestTheDeadlineEndsTheWaitAndNamesTheTask(t *testing.T) {
	for _, req := range []Request{async, {JobID: "j", WaitForCompletion: true}} {
		// Held: only the deadline can end the wait.
		e, srv, _ := newHeldEngine(t, "8.19.0")
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		res := e.Reset(ctx, req, nil)
		cancel()
		job, _ := srv.Job("j")
		if !errors.Is(res.Err, context.DeadlineExceeded) || res.TaskID == "" || res.TaskID != job.BlockedTaskID && req.WaitForCompletion {
			t.Fatalf("wait_for_completion=%v: want the deadline naming the running task %q, got %+v", req.WaitForCompletion, job.BlockedTaskID, res)
		}
	}
}

// An async reset of a job that another reset holds waits 30 s inside
// Elasticsearch, then stores a timeout_exception: the engine joins the
// earlier reset instead of failing, without a warning.
func TestATaskThatGaveUpWaitingIsJoined(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	srv.FailNextReset("j", "timeout_exception", "Timed out waiting for completion of task")
	res := e.Reset(context.Background(), async, nil)
	if res.Err != nil || len(res.Warnings) != 0 {
		t.Fatalf("want the reset joined quietly, got %+v", res)
	}
	got := calls(srv)
	want := []string{"GET /", "POST /_ml/anomaly_detectors/j/_close", "POST /_ml/anomaly_detectors/j/_reset", "GET /_tasks/" + res.TaskID, "POST /_ml/anomaly_detectors/j/_reset"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("want a task poll then one blocking reset, got %q", got)
	}
	if job, _ := srv.Job("j"); job.BlockedReason != "" {
		t.Fatalf("want the job reset and unblocked, got %+v", job)
	}
}

// A task lost with its node, or one these credentials may not read: wait
// through the job, with a warning naming the task.
func TestTasksThatCannotBeFollowedAreWaitedForThroughTheJob(t *testing.T) {
	for status, kind := range map[int]WarningKind{http.StatusNotFound: WarningTaskVanished, http.StatusForbidden: WarningTasksForbidden} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			e, srv := newEngine(t, "8.19.0", 0)
			srv.InjectStatus("GET", "/_tasks/*", status, 1)
			var steps []Step
			res := e.Reset(context.Background(), async, func(ev Event) { steps = append(steps, ev.Step) })
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if len(res.Warnings) != 1 || res.Warnings[0].Kind != kind || res.Warnings[0].TaskID != res.TaskID || res.Warnings[0].Cause == nil {
				t.Fatalf("want one warning of kind %d naming the task, got %+v", kind, res.Warnings)
			}
			if got := calls(srv); got[len(got)-1] != "POST /_ml/anomaly_detectors/j/_reset" {
				t.Fatalf("want a blocking reset last, got %q", got)
			}
			if !slices.Contains(steps, StepJoiningReset) {
				t.Fatalf("want the join reported, got %v", steps)
			}
		})
	}
}

// A reset the credentials may not make fails; it is not a task the engine
// could not read.
func TestAForbiddenResetStoredInTheTaskFails(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	srv.FailNextReset("j", "security_exception", "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [bob]")
	res := e.Reset(context.Background(), async, nil)
	if !esclient.IsForbidden(res.Err) || len(res.Warnings) != 0 {
		t.Fatalf("want the 403 as the failure, got %+v", res)
	}
}
