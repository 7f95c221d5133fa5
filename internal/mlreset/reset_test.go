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

func TestBlockingResetOfAnOpenJob(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	if err := srv.OpenJob("j"); err != nil {
		t.Fatal(err)
	}
	var steps []Step
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, func(ev Event) {
		if ev.JobID != "j" {
			t.Errorf("event without the job: %+v", ev)
		}
		steps = append(steps, ev.Step)
	})
	if res.Err != nil || res.TaskID != "" || len(res.Warnings) != 0 {
		t.Fatalf("got %+v", res)
	}
	want := []string{"GET /", "POST /_ml/anomaly_detectors/j/_close", "POST /_ml/anomaly_detectors/j/_reset"}
	if got := calls(srv); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %q", got)
	}
	if job, _ := srv.Job("j"); job.State != "closed" || job.ResetCount != 1 {
		t.Fatalf("got %+v", job)
	}
	if want := []Step{StepClosing, StepResetting, StepDone}; !slices.Equal(steps, want) {
		t.Fatalf("reported %v, want %v", steps, want)
	}
}

// A job re-opened between close and reset is closed again, at most
// MaxCloseAttempts times in all.
func TestAReopenedJobIsClosedAgain(t *testing.T) {
	for _, wait := range []bool{true, false} {
		e, srv := newEngine(t, "8.19.0", 0)
		srv.ReopenAfterNextClose("j", MaxCloseAttempts-1)
		if res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: wait}, nil); res.Err != nil {
			t.Fatalf("wait_for_completion=%v: want the third close to stick, got %v", wait, res.Err)
		}

		e, srv = newEngine(t, "8.19.0", 0)
		srv.ReopenAfterNextClose("j", MaxCloseAttempts)
		res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: wait}, nil)
		closes := strings.Count(strings.Join(calls(srv), "\n"), "_close")
		if !esclient.IsJobNotClosed(res.Err) || closes != MaxCloseAttempts {
			t.Fatalf("wait_for_completion=%v: want not-closed after %d closes, got %v after %d", wait, MaxCloseAttempts, res.Err, closes)
		}
	}
}

// A blocking reset that Elasticsearch answers with a timeout (an earlier
// reset still runs) is made again.
func TestBlockingResetWaitsAgainForAnEarlierReset(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	srv.InjectError("POST", "/_ml/anomaly_detectors/j/_reset", http.StatusInternalServerError, "timeout_exception", "Timed out waiting for completion of task", 2)
	var waits int
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, func(ev Event) {
		if ev.Step == StepEarlierResetRunning {
			waits++
		}
	})
	if res.Err != nil || waits != 2 {
		t.Fatalf("want success after 2 waits, got %v after %d", res.Err, waits)
	}
}

// The last long poll ends with the deadline, not 30 s later: every poll
// asks Elasticsearch to wait no longer than the time left when it arrives.
func TestTheLongPollWindowIsBoundedByTheDeadline(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 5*time.Second)
	e.pollWindow = maxPollWindow
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	deadline, _ := ctx.Deadline()
	_ = e.Reset(ctx, async, nil)
	// The window is reckoned just before the request leaves, so it may
	// exceed what is left on arrival by the time the request takes.
	const inFlight = 25 * time.Millisecond
	polls := 0
	for _, req := range srv.Requests() {
		if !strings.HasPrefix(req.Path, "/_tasks/") {
			continue
		}
		polls++
		d, err := time.ParseDuration(req.Query.Get("timeout"))
		left := deadline.Sub(req.Time)
		if err != nil || d <= 0 || d > left+inFlight {
			t.Fatalf("poll %d: sent timeout=%q with %s left", polls, req.Query.Get("timeout"), left)
		}
	}
	if polls == 0 {
		t.Fatal("the reset was never polled")
	}
}

func TestVersionGates(t *testing.T) {
	cases := []struct {
		version string
		opts    []emulator.Option
		req     Request
		want    []string // features refused
	}{
		{"7.13.4", nil, Request{JobID: "j"}, []string{"The reset API"}},
		{"8.6.2", nil, Request{JobID: "j", DeleteUserAnnotations: true}, []string{"delete_user_annotations"}},
		{"8.6.2", nil, Request{JobID: "j"}, nil},
		{"8.7.0", nil, Request{JobID: "j", DeleteUserAnnotations: true}, nil},
		{"8.11.0", []emulator.Option{emulator.WithServerless()}, Request{JobID: "j", DeleteUserAnnotations: true}, nil},
	}
	for _, tc := range cases {
		e, srv := newEngine(t, tc.version, 0, tc.opts...)
		_, err := e.CheckVersions(context.Background(), tc.req)
		var ve *VersionError
		if len(tc.want) == 0 {
			if err != nil {
				t.Errorf("%s %+v: want no refusal, got %v", tc.version, tc.req, err)
			}
			continue
		}
		if !errors.As(err, &ve) || len(ve.Unsupported) != len(tc.want) || ve.Unsupported[0].Feature != tc.want[0] {
			t.Errorf("%s %+v: want %v refused, got %v", tc.version, tc.req, tc.want, err)
		}
		// A refused reset sends nothing but the version read.
		if res := e.Reset(context.Background(), tc.req, nil); !errors.As(res.Err, &ve) || len(srv.Requests()) != 1 {
			t.Errorf("%s: want the reset refused before any request, got %v after %d requests", tc.version, res.Err, len(srv.Requests()))
		}
	}
}

func TestAnUnknownVersionIsAWarningEachTime(t *testing.T) {
	srv := emulator.New(emulator.WithSecurity())
	url := srv.Start()
	t.Cleanup(srv.Close)
	srv.AddUser("ml", "pw", "manage_ml")
	client, err := esclient.New(esclient.Config{Endpoints: []string{url}, Username: "ml", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	e := New(client)
	for range 2 {
		warnings, err := e.CheckVersions(context.Background(), Request{JobID: "j", DeleteUserAnnotations: true})
		if err != nil || len(warnings) != 1 || warnings[0].Kind != WarningVersionUnknown || warnings[0].Detail == "" {
			t.Fatalf("got %+v, %v", warnings, err)
		}
	}
}
