package mlreset

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// newRunningJob is newEngine with job "j" opened and its datafeed "j-df"
// started in real time.
func newRunningJob(t *testing.T, version string) (*Engine, *emulator.Server) {
	t.Helper()
	e, srv := newEngine(t, version, 0)
	if err := srv.PutDatafeed("j-df", "j"); err != nil {
		t.Fatal(err)
	}
	if err := srv.OpenJob("j"); err != nil {
		t.Fatal(err)
	}
	if err := srv.StartDatafeed("j-df"); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	return e, srv
}

// work is the request log without the version read, which the budgets do
// not count.
func work(srv *emulator.Server) []string {
	var out []string
	for _, req := range srv.Requests() {
		if req.Path == "/" {
			continue
		}
		line := req.Method + " " + req.Path
		if q := req.Query.Encode(); q != "" {
			line += "?" + q
		}
		out = append(out, line)
	}
	return out
}

func wantStates(t *testing.T, srv *emulator.Server, job, datafeed string) {
	t.Helper()
	snap, _ := srv.Job("j")
	if snap.State != job || snap.DatafeedState != datafeed || snap.ResetCount != 1 {
		t.Fatalf("job %s, datafeed %s after %d resets; want %s, %s after 1", snap.State, snap.DatafeedState, snap.ResetCount, job, datafeed)
	}
}

func TestRestoreBringsBackWhatRan(t *testing.T) {
	for _, tc := range []struct {
		version, datafeedRead string
	}{
		{"8.19.0", "GET /_ml/anomaly_detectors/j"},
		// No datafeed_config in GET job before 7.15.
		{"7.14.0", "GET /_ml/datafeeds"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			e, srv := newRunningJob(t, tc.version)
			res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, AfterReset: AfterResetRestore}, nil)
			if res.Err != nil || !res.ResetCompleted || len(res.Warnings) != 0 {
				t.Fatalf("got %+v", res)
			}
			want := []string{
				"GET /_ml/anomaly_detectors/j/_stats",
				tc.datafeedRead,
				"GET /_ml/datafeeds/j-df/_stats",
				"POST /_ml/anomaly_detectors/j/_close",
				"POST /_ml/anomaly_detectors/j/_reset",
				"POST /_ml/anomaly_detectors/j/_open",
				"POST /_ml/datafeeds/j-df/_start",
			}
			if got := work(srv); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("sent\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			wantStates(t, srv, "opened", "started")
		})
	}
}

// A closed job stays closed under restore: only the reads and the reset.
func TestRestoreOfAClosedJobOpensNothing(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	if err := srv.PutDatafeed("j-df", "j"); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, AfterReset: AfterResetRestore}, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := work(srv); len(got) != 5 || strings.Contains(strings.Join(got, " "), "_open") {
		t.Fatalf("sent %q", got)
	}
	wantStates(t, srv, "closed", "stopped")
}

func TestStartedOpensAndStartsWithTheGivenStart(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	if err := srv.PutDatafeed("j-df", "j"); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, AfterReset: AfterResetStarted, DatafeedStart: "now-1d"}, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	want := []string{
		"GET /_ml/anomaly_detectors/j",
		"POST /_ml/anomaly_detectors/j/_close",
		"POST /_ml/anomaly_detectors/j/_reset",
		"POST /_ml/anomaly_detectors/j/_open",
		"POST /_ml/datafeeds/j-df/_start?start=now-1d",
	}
	if got := work(srv); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("sent %q", got)
	}
	wantStates(t, srv, "opened", "started")
}

// Someone else opening the job or starting the datafeed first is success.
func TestAlreadyOpenedAndAlreadyStartedCountAsSuccess(t *testing.T) {
	t.Run("opened", func(t *testing.T) {
		e, srv := newEngine(t, "8.19.0", 0)
		srv.FailNextOpen("j", http.StatusConflict, "status_exception", "Cannot open job [j] because it has already been opened")
		res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, AfterReset: AfterResetStarted}, nil)
		if res.Err != nil {
			t.Fatalf("want success, got %v", res.Err)
		}
	})
	t.Run("started", func(t *testing.T) {
		e, srv := newEngine(t, "8.19.0", 0)
		if err := srv.PutDatafeed("j-df", "j"); err != nil {
			t.Fatal(err)
		}
		srv.FailNextStart("j-df", http.StatusConflict, "status_exception", "cannot start datafeed [j-df] because it has already been started")
		res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, AfterReset: AfterResetStarted}, nil)
		if res.Err != nil {
			t.Fatalf("want success, got %v", res.Err)
		}
	})
}

// A failure after the reset says the reset completed, and keeps
// Elasticsearch's error for the predicates.
func TestAFailedOpenOrStartAfterTheResetIsReportedAsSuch(t *testing.T) {
	for _, tc := range []struct {
		name, datafeed string
		fail           func(*emulator.Server)
		is             func(error) bool
	}{
		{"no ML capacity", "", func(s *emulator.Server) { s.SetMLCapacity(false) }, esclient.IsNoMLCapacity},
		{"start refused", "j-df", func(s *emulator.Server) {
			s.FailNextStart("j-df", http.StatusInternalServerError, "exception", "source index is gone")
		}, func(err error) bool { return strings.Contains(err.Error(), "source index is gone") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, srv := newEngine(t, "8.19.0", 0)
			if err := srv.PutDatafeed("j-df", "j"); err != nil {
				t.Fatal(err)
			}
			tc.fail(srv)
			res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, AfterReset: AfterResetStarted}, nil)
			var after *AfterResetError
			if !errors.As(res.Err, &after) || !res.ResetCompleted || after.DatafeedID != tc.datafeed || !tc.is(res.Err) {
				t.Fatalf("got %+v (%v)", res, res.Err)
			}
			if snap, _ := srv.Job("j"); snap.ResetCount != 1 {
				t.Fatalf("resets %d", snap.ResetCount)
			}
		})
	}
}

// A failure before the reset is not one after it.
func TestAMissingJobFailsBeforeTheClose(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	res := e.Reset(context.Background(), Request{JobID: "nope", WaitForCompletion: true, AfterReset: AfterResetRestore}, nil)
	if !esclient.IsJobNotFound(res.Err) || res.ResetCompleted {
		t.Fatalf("got %+v", res)
	}
	if got := work(srv); len(got) != 1 {
		t.Fatalf("sent %q, want only the stats read", got)
	}
}

// A lazy open is success, with a warning that the job waits for a node;
// its datafeed waits as starting.
func TestALazyOpenIsSuccessWithAWarning(t *testing.T) {
	e, srv := newEngine(t, "8.19.0", 0)
	req, _ := http.NewRequest(http.MethodPut, srv.URL()+"/_ml/anomaly_detectors/lazy", strings.NewReader(
		`{"allow_lazy_open":true,"analysis_config":{"bucket_span":"15m","detectors":[{"function":"count"}]},"data_description":{"time_field":"t"}}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("put job: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	if err := srv.PutDatafeed("lazy-df", "lazy"); err != nil {
		t.Fatal(err)
	}
	srv.SetMLCapacity(false)
	res := e.Reset(context.Background(), Request{JobID: "lazy", WaitForCompletion: true, AfterReset: AfterResetStarted}, nil)
	if res.Err != nil || len(res.Warnings) != 1 || res.Warnings[0].Kind != WarningAwaitingNode {
		t.Fatalf("got %+v", res)
	}
	if snap, _ := srv.Job("lazy"); snap.State != "opening" || snap.DatafeedState != "starting" {
		t.Fatalf("job %s, datafeed %s", snap.State, snap.DatafeedState)
	}
}
