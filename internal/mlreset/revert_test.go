package mlreset

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// revertBase is the first record a stepped job learns from: a whole hour,
// so that every bucket boundary is plain.
var revertBase = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// newRevertEngine serves an emulator of version whose job "j" learned in
// steps: each step feeds a record a minute for an hour and closes the job,
// which stores a snapshot. It returns the snapshot ids, oldest first,
// with the request log cleared.
func newRevertEngine(t *testing.T, version string, steps int, opts ...emulator.Option) (*Engine, *emulator.Server, []string) {
	t.Helper()
	srv := emulator.New(append([]emulator.Option{emulator.WithVersion(version)}, opts...)...)
	url := srv.Start()
	t.Cleanup(srv.Close)
	srv.PutJob("j")
	var ids []string
	for k := range steps {
		must(t, srv.OpenJob("j"))
		times := make([]time.Time, 60)
		for i := range times {
			times[i] = revertBase.Add(time.Duration(k)*time.Hour + time.Duration(i)*time.Minute)
		}
		must(t, srv.FeedRecords("j", times))
		must(t, srv.CloseJob("j"))
		j, _ := srv.Job("j")
		ids = append(ids, j.ModelSnapshotID)
	}
	client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
	must(t, err)
	srv.ClearRequests()
	return New(client), srv, ids
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// revertCalls is the request log as "METHOD path?query", with a mark on
// any request that carried a body.
func revertCalls(srv *emulator.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		line := r.Method + " " + r.Path
		if q := r.Query.Encode(); q != "" {
			line += "?" + q
		}
		if strings.TrimSpace(r.Body) != "" {
			line += " with a body"
		}
		out = append(out, line)
	}
	return out
}

func wantRevertCalls(t *testing.T, srv *emulator.Server, want ...string) {
	t.Helper()
	if got := revertCalls(srv); !slices.Equal(got, want) {
		t.Fatalf("requests:\n got %q\nwant %q", got, want)
	}
}

const revertPath = "/_ml/anomaly_detectors/j/model_snapshots/"

// An opened job with a started datafeed is closed (which stops the
// datafeed), then reverted in one call with no body; what it learned
// after the snapshot is forgotten, its results and data counts stay.
func TestRevertClosesThenRevertsWithoutABody(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 3)
	must(t, srv.PutDatafeed("j-df", "j"))
	must(t, srv.OpenJob("j"))
	must(t, srv.StartDatafeed("j-df"))
	before, _ := srv.Job("j")
	results := srv.ResultBuckets("j")
	srv.ClearRequests()

	var steps []Step
	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0]}, func(ev Event) {
		if ev.JobID != "j" || ev.Object != (Object{Kind: ObjectJob, ID: "j"}) {
			t.Errorf("event without the job: %+v", ev)
		}
		steps = append(steps, ev.Step)
	})
	if res.Err != nil || !res.ResetCompleted || res.TaskID != "" || len(res.Warnings) != 0 {
		t.Fatalf("got %+v", res)
	}
	wantRevertCalls(t, srv, "GET /", "POST /_ml/anomaly_detectors/j/_close", "POST "+revertPath+ids[0]+"/_revert")
	if want := []Step{StepClosing, StepReverting, StepDone}; !slices.Equal(steps, want) {
		t.Fatalf("reported %v, want %v", steps, want)
	}
	// The snapshot as the revert answered it: the first hour's.
	if res.Snapshot.ID != ids[0] || !res.Snapshot.LatestRecordTime.Equal(revertBase.Add(59*time.Minute)) {
		t.Fatalf("snapshot %+v", res.Snapshot)
	}
	j, _ := srv.Job("j")
	if j.State != "closed" || j.DatafeedState != "stopped" || j.ModelSnapshotID != ids[0] || j.BlockedReason != "" ||
		!j.LatestRecordTime.Equal(before.LatestRecordTime) || j.ProcessedRecords != before.ProcessedRecords {
		t.Fatalf("job after the revert: %+v (before %+v)", j, before)
	}
	if got := srv.ResultBuckets("j"); !slices.Equal(got, results) {
		t.Fatalf("results changed without delete_intervening_results: %v", got)
	}
}

// delete_intervening_results goes in the query string, and the results,
// the delayed-data annotations and the latest record time after the
// snapshot go.
func TestRevertDeletesInterveningResultsWhenAsked(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 3)
	srv.AddAnnotationAt("j", "late data", "delayed_data", false, revertBase.Add(150*time.Minute))
	srv.AddAnnotationAt("j", "deploy", "user", true, revertBase.Add(150*time.Minute))
	before, _ := srv.Job("j")
	srv.ClearRequests()

	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0], DeleteInterveningResults: true}, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	wantRevertCalls(t, srv, "GET /", "POST /_ml/anomaly_detectors/j/_close",
		"POST "+revertPath+ids[0]+"/_revert?delete_intervening_results=true")
	j, _ := srv.Job("j")
	if j.ModelSnapshotID != ids[0] || !j.LatestRecordTime.Equal(revertBase.Add(59*time.Minute)) ||
		j.UserAnnotations != before.UserAnnotations || j.GeneratedAnnotations >= before.GeneratedAnnotations {
		t.Fatalf("job after the revert: %+v (before %+v)", j, before)
	}
	for _, b := range srv.ResultBuckets("j") {
		if b.After(res.Snapshot.LatestResultTime) {
			t.Fatalf("a result after the snapshot's latest result %v is left: %v", res.Snapshot.LatestResultTime, b)
		}
	}
}

// A job re-opened between close and revert is closed again, at most
// MaxCloseAttempts times in all; then the revert's own refusal is the
// error.
func TestRevertClosesAReopenedJobAgain(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 1)
	srv.ReopenAfterNextClose("j", MaxCloseAttempts-1)
	var reopened []int
	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0]}, func(ev Event) {
		if ev.Step == StepReopened {
			reopened = append(reopened, ev.Attempt)
		}
	})
	if res.Err != nil || !slices.Equal(reopened, []int{1, 2}) {
		t.Fatalf("want the third close to stick, got %v after re-opens %v", res.Err, reopened)
	}
	closeCall, revert := "POST /_ml/anomaly_detectors/j/_close", "POST "+revertPath+ids[0]+"/_revert"
	wantRevertCalls(t, srv, "GET /", closeCall, revert, closeCall, revert, closeCall, revert)

	e, srv, ids = newRevertEngine(t, "8.19.0", 1)
	srv.ReopenAfterNextClose("j", MaxCloseAttempts)
	res = e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0]}, nil)
	closes := strings.Count(strings.Join(revertCalls(srv), "\n"), "_close")
	if !esclient.IsJobNotClosedForRevert(res.Err) || closes != MaxCloseAttempts || res.ResetCompleted {
		t.Fatalf("want not-closed after %d closes, got %v after %d", MaxCloseAttempts, res.Err, closes)
	}
}

// A job held by a reset, a delete or another revert is not reverted: the
// error says which.
func TestRevertOfABlockedJobFailsNamingTheBlock(t *testing.T) {
	for _, reason := range []string{esclient.BlockedByReset, esclient.BlockedByDelete, esclient.BlockedByRevert} {
		t.Run(reason, func(t *testing.T) {
			e, srv, ids := newRevertEngine(t, "8.19.0", 1)
			if reason == esclient.BlockedByRevert {
				// A revert still running holds the job.
				hold := srv.HoldNextRevert("j")
				t.Cleanup(hold.Release)
				go e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0]}, nil)
				<-hold.Reached()
			} else {
				must(t, srv.SetBlocked("j", reason, "node:1"))
			}
			res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0]}, nil)
			if by, ok := esclient.BlockedBy(res.Err); !ok || by != reason || res.ResetCompleted {
				t.Fatalf("want blocked by %s, got %v", reason, res.Err)
			}
		})
	}
}

// A snapshot the job does not have is Elasticsearch's "no such snapshot":
// nothing completed.
func TestRevertToAMissingSnapshotFails(t *testing.T) {
	e, srv, _ := newRevertEngine(t, "8.19.0", 1)
	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: "1"}, nil)
	if !esclient.IsSnapshotNotFound(res.Err) || res.ResetCompleted {
		t.Fatalf("got %+v", res)
	}
	wantRevertCalls(t, srv, "GET /", "POST /_ml/anomaly_detectors/j/_close", "POST "+revertPath+"1/_revert")
}

// Serverless keeps the snapshot APIs internal, and the empty snapshot
// needs 7.11: refused before anything but the version read is sent.
func TestRevertGates(t *testing.T) {
	for _, tc := range []struct {
		name       string
		version    string
		opts       []emulator.Option
		snapshot   string
		serverless bool
		gate       bool
	}{
		{name: "serverless", version: "8.19.0", opts: []emulator.Option{emulator.WithServerless()}, snapshot: "1", serverless: true},
		{name: "empty before 7.11", version: "7.10.2", snapshot: esclient.EmptyModelSnapshot, gate: true},
		{name: "empty on 7.11", version: "7.11.0", snapshot: esclient.EmptyModelSnapshot},
		{name: "a stored snapshot on 7.10", version: "7.10.2", snapshot: "stored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, srv, ids := newRevertEngine(t, tc.version, 1, tc.opts...)
			if tc.snapshot == "stored" {
				tc.snapshot = ids[0]
			}
			req := RevertRequest{JobID: "j", SnapshotID: tc.snapshot}
			_, checked := e.CheckRevert(context.Background(), req)
			res := e.RevertModelSnapshot(context.Background(), req, nil)
			var se *ServerlessError
			var ve *VersionError
			switch {
			case tc.serverless:
				if !errors.As(res.Err, &se) || !errors.As(checked, &se) {
					t.Fatalf("want a serverless error, got %v and %v", checked, res.Err)
				}
				wantRevertCalls(t, srv, "GET /")
			case tc.gate:
				if !errors.As(res.Err, &ve) || !errors.As(checked, &ve) || ve.Unsupported[0].Parameter != "snapshot_id" {
					t.Fatalf("want the gate of snapshot_id, got %v and %v", checked, res.Err)
				}
				wantRevertCalls(t, srv, "GET /")
			default:
				if res.Err != nil || checked != nil {
					t.Fatalf("got %v and %v", checked, res.Err)
				}
				wantRevertCalls(t, srv, "GET /", "POST /_ml/anomaly_detectors/j/_close", "POST "+revertPath+tc.snapshot+"/_revert")
			}
		})
	}
}

// The empty snapshot is a model that has learned nothing: the job runs
// none, and the answer has no latest record time.
func TestRevertToTheEmptySnapshot(t *testing.T) {
	e, srv, _ := newRevertEngine(t, "8.19.0", 2)
	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: esclient.EmptyModelSnapshot, DeleteInterveningResults: true}, nil)
	if res.Err != nil || res.Snapshot.ID != esclient.EmptyModelSnapshot || !res.Snapshot.LatestRecordTime.IsZero() {
		t.Fatalf("got %+v", res)
	}
	if j, _ := srv.Job("j"); j.ModelSnapshotID != "" || !j.LatestRecordTime.IsZero() || len(srv.ResultBuckets("j")) != 0 {
		t.Fatalf("job after reverting to empty: %+v, results %v", j, srv.ResultBuckets("j"))
	}
}

// after_revert brings back what ran, as after_reset does, from the same
// reads; the datafeed starts with the given start.
func TestRevertRestoresWhatRan(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 2)
	must(t, srv.PutDatafeed("j-df", "j"))
	must(t, srv.OpenJob("j"))
	must(t, srv.StartDatafeed("j-df"))
	srv.ClearRequests()

	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0], AfterRevert: AfterResetRestore, DatafeedStart: "now-1h"}, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	wantRevertCalls(t, srv, "GET /",
		"GET /_ml/anomaly_detectors/j/_stats", "GET /_ml/anomaly_detectors/j", "GET /_ml/datafeeds/j-df/_stats",
		"POST /_ml/anomaly_detectors/j/_close", "POST "+revertPath+ids[0]+"/_revert",
		"POST /_ml/anomaly_detectors/j/_open", "POST /_ml/datafeeds/j-df/_start?start=now-1h")
	if j, _ := srv.Job("j"); j.State != "opened" || j.DatafeedState != "started" || j.ModelSnapshotID != ids[0] {
		t.Fatalf("job after the revert: %+v", j)
	}
}

// A failure after the revert completed says so, naming the snapshot, and
// leaves the completed mark for a caller with state.
func TestRevertFailureAfterTheRevertIsReportedAsSuch(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 1)
	srv.FailNextOpen("j", 429, "status_exception", "Could not open job because no ML nodes with sufficient capacity were found")
	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0], AfterRevert: AfterResetStarted}, nil)
	var after *AfterResetError
	if !errors.As(res.Err, &after) || after.SnapshotID != ids[0] || !res.ResetCompleted || !esclient.IsNoMLCapacity(res.Err) {
		t.Fatalf("got %+v", res)
	}
	want := `the revert of job "j" to model snapshot "` + ids[0] + `" completed, but opening it failed`
	if !strings.HasPrefix(after.Error(), want) {
		t.Fatalf("got %q", after.Error())
	}
	if j, _ := srv.Job("j"); j.ModelSnapshotID != ids[0] || j.State != "closed" {
		t.Fatalf("job %+v", j)
	}
}

// Cut short by the deadline while Elasticsearch still reverts, the result
// names the revert task that holds the job.
func TestRevertCutShortNamesTheRevertTask(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 1)
	hold := srv.HoldNextRevert("j")
	t.Cleanup(hold.Release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-hold.Reached()
		cancel()
	}()
	res := e.RevertModelSnapshot(ctx, RevertRequest{JobID: "j", SnapshotID: ids[0]}, nil)
	j, _ := srv.Job("j")
	if !errors.Is(res.Err, context.Canceled) || res.ResetCompleted || j.BlockedReason != "revert" || res.TaskID != j.BlockedTaskID || res.TaskID == "" {
		t.Fatalf("got %+v, job %+v", res, j)
	}
}

// A failed job closes only by force, and then reverts.
func TestRevertForceClosesAFailedJob(t *testing.T) {
	e, srv, ids := newRevertEngine(t, "8.19.0", 1)
	must(t, srv.OpenJob("j"))
	must(t, srv.SetJobState("j", "failed"))
	srv.ClearRequests()
	if res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0]}, nil); !esclient.IsJobFailed(res.Err) {
		t.Fatalf("without force: %v", res.Err)
	}
	res := e.RevertModelSnapshot(context.Background(), RevertRequest{JobID: "j", SnapshotID: ids[0], ForceClose: true}, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	wantRevertCalls(t, srv, "GET /", "POST /_ml/anomaly_detectors/j/_close",
		"POST /_ml/anomaly_detectors/j/_close?force=true", "POST "+revertPath+ids[0]+"/_revert")
}
