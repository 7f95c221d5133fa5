package emulator

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
)

func TestInfoPassesProductCheck(t *testing.T) {
	_, u := start(t, WithVersion("8.17.2"))
	_, tc := plainClients(t, u)
	info, err := tc.Info().Do(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if info.Version.Int != "8.17.2" || info.Version.BuildFlavor != "default" || info.Tagline != "You Know, for Search" {
		t.Fatalf("unexpected info %+v", info.Version)
	}
}

func TestInfoServerless(t *testing.T) {
	_, u := start(t, WithServerless(), WithVersion("9.3.0"))
	_, tc := plainClients(t, u)
	info, err := tc.Info().Do(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "serverless" || info.Version.Int != "8.11.0" || info.Version.BuildFlavor != "serverless" {
		t.Fatalf("unexpected serverless info %+v %+v", info.Name, info.Version)
	}
}

func TestEveryResponseHasProductHeaderAndMediaType(t *testing.T) {
	_, u := start(t)
	for _, tc := range []struct{ method, path, accept string }{
		{"GET", "/", ""},
		{"GET", "/_nope", ""},
		{"GET", "/_ml/anomaly_detectors/missing/_stats", "application/vnd.elasticsearch+json;compatible-with=8"},
		{"GET", "/_ml/anomaly_detectors/missing/_close", ""}, // wrong method
	} {
		req, _ := http.NewRequest(tc.method, u+tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept", tc.accept)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("X-Elastic-Product") != "Elasticsearch" {
			t.Errorf("%s %s: no product header", tc.method, tc.path)
		}
		want := "application/json"
		if tc.accept != "" {
			want = tc.accept
		}
		if got := res.Header.Get("Content-Type"); got != want {
			t.Errorf("%s %s: content type %q, want %q", tc.method, tc.path, got, want)
		}
	}
}

func TestCloseThenSyncResetClearsModelKeepsUserAnnotations(t *testing.T) {
	s, u := start(t)
	es, tc := plainClients(t, u)
	learnedJob(t, s, "web-traffic")

	closed, err := tc.Ml.CloseJob("web-traffic").Do(ctx(t))
	if err != nil || !closed.Closed {
		t.Fatalf("close: %v %+v", err, closed)
	}
	before := mustJob(t, s, "web-traffic")
	if before.State != "closed" || before.ModelSnapshotID == "" || before.ProcessedRecords != 10 {
		t.Fatalf("close should persist a snapshot: %+v", before)
	}
	if before.UserAnnotations != 1 || before.GeneratedAnnotations != 2 {
		t.Fatalf("annotations before reset: %+v", before)
	}
	got := do(t, es, "GET", "/_ml/anomaly_detectors/web-traffic", "")
	job := got.body["jobs"].([]any)[0].(map[string]any)
	if job["model_snapshot_id"] != before.ModelSnapshotID || job["finished_time"] == nil {
		t.Fatalf("GET job before reset: %s", got.raw)
	}

	res, err := tc.Ml.ResetJob("web-traffic").Do(ctx(t))
	if err != nil || !res.Acknowledged {
		t.Fatalf("reset: %v %+v", err, res)
	}
	after := mustJob(t, s, "web-traffic")
	if after.ModelSnapshotID != "" || after.ProcessedRecords != 0 || after.BlockedReason != "" || after.ResetCount != 1 {
		t.Fatalf("after reset: %+v", after)
	}
	if after.UserAnnotations != 1 || after.GeneratedAnnotations != 0 {
		t.Fatalf("reset must keep user annotations only: %+v", after)
	}
	got = do(t, es, "GET", "/_ml/anomaly_detectors/web-traffic", "")
	for _, k := range []string{"model_snapshot_id", "finished_time", "blocked"} {
		if strings.Contains(got.raw, `"`+k+`"`) {
			t.Errorf("GET job after reset still has %s: %s", k, got.raw)
		}
	}
	stats := do(t, es, "GET", "/_ml/anomaly_detectors/web-traffic/_stats", "")
	js := stats.body["jobs"].([]any)[0].(map[string]any)
	if js["state"] != "closed" || js["data_counts"].(map[string]any)["processed_record_count"].(float64) != 0 {
		t.Fatalf("stats after reset: %s", stats.raw)
	}
}

func TestDeleteUserAnnotations(t *testing.T) {
	s, u := start(t)
	_, tc := plainClients(t, u)
	learnedJob(t, s, "j1")
	if _, err := tc.Ml.CloseJob("j1").Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := tc.Ml.ResetJob("j1").DeleteUserAnnotations(true).Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if j := mustJob(t, s, "j1"); j.UserAnnotations != 0 || j.GeneratedAnnotations != 0 {
		t.Fatalf("all annotations should be gone: %+v", j)
	}
}

func TestResetRouteMissingBefore714(t *testing.T) {
	s, u := start(t, WithVersion("7.13.4"))
	s.PutJob("j1")
	es, _ := plainClients(t, u)
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completion=true", "")
	if r.status != 400 || r.raw != `{"error":"no handler found for uri [/_ml/anomaly_detectors/j1/_reset?wait_for_completion=true] and method [POST]"}`+"\n" {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
	s.SetVersion("7.14.0")
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""); r.status != 200 {
		t.Fatalf("7.14 reset: %d %s", r.status, r.raw)
	}
}

func TestDeleteUserAnnotationsUnknownBefore87(t *testing.T) {
	s, u := start(t, WithVersion("8.6.2"))
	es, _ := plainClients(t, u)
	ends := resetEnds(s)
	learnedJob(t, s, "j1")
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
	snapshot := mustJob(t, s, "j1").ModelSnapshotID

	// Synchronous: rejected before anything happens.
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?delete_user_annotations=true", "")
	wantErr(t, r, 400, "illegal_argument_exception",
		"request [/_ml/anomaly_detectors/j1/_reset] contains unrecognized parameter: [delete_user_annotations]")
	if j := mustJob(t, s, "j1"); j.ResetCount != 0 || j.ModelSnapshotID != snapshot {
		t.Fatalf("sync 400 must not reset: %+v", j)
	}

	// Asynchronous: the same 400, but the reset has started anyway: the
	// async branch starts the task before the parameters are checked.
	r = do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completion=false&delete_user_annotations=true", "")
	wantErr(t, r, 400, "illegal_argument_exception",
		"request [/_ml/anomaly_detectors/j1/_reset] contains unrecognized parameter: [delete_user_annotations]")
	if id := waitEnd(t, ends); id != "j1" {
		t.Fatalf("reset of %s ended", id)
	}
	if j := mustJob(t, s, "j1"); j.ResetCount != 1 || j.ModelSnapshotID != "" || j.UserAnnotations != 1 {
		t.Fatalf("async trap should have reset, keeping user annotations: %+v", j)
	}
}

func TestUnknownParamsAndBody(t *testing.T) {
	s, u := start(t)
	s.PutJob("j1")
	es, _ := plainClients(t, u)
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completon=true&force=true", "")
	wantErr(t, r, 400, "illegal_argument_exception",
		"request [/_ml/anomaly_detectors/j1/_reset] contains unrecognized parameters: [force], [wait_for_completon] -> did you mean [wait_for_completion]?")
	r = do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", `{"force":true}`)
	wantErr(t, r, 400, "illegal_argument_exception", "request [POST /_ml/anomaly_detectors/j1/_reset] does not support having a body")
	// Always-accepted response parameters.
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?pretty&human=true&error_trace=false&filter_path=acknowledged", ""); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.raw)
	}
	if j := mustJob(t, s, "j1"); j.ResetCount != 1 {
		t.Fatalf("only the valid request resets: %+v", j)
	}
	// Close takes a body or query parameters, not both.
	r = do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close?force=true", `{"timeout":"1m"}`)
	wantErr(t, r, 400, "illegal_argument_exception", "request [/_ml/anomaly_detectors/j1/_close] contains unrecognized parameter: [force]")
	r = do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", `{"xyz":1}`)
	wantErr(t, r, 400, "x_content_parse_exception", "[1:2] [cluster:admin/xpack/ml/job/close] unknown field [xyz]")
}

func TestAsyncResetLongPollEndsWithTask(t *testing.T) {
	t.Parallel()
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	hold := s.HoldNextReset("j1")
	t.Cleanup(hold.Release)

	res, err := es.ML.ResetJob("j1", es.ML.ResetJob.WithWaitForCompletion(false))
	if err != nil {
		t.Fatal(err)
	}
	var started struct{ Task string }
	if err := decode(res.Body, &started); err != nil || !strings.HasPrefix(started.Task, defaultNodeID+":") {
		t.Fatalf("task id %q %v", started.Task, err)
	}
	// The answer comes before the task has claimed the job; the hold says
	// when it has.
	reached(t, hold)
	running := do(t, es, "GET", "/_tasks/"+started.Task, "")
	if running.body["completed"] != false {
		t.Fatalf("task should still run: %s", running.raw)
	}
	task := running.body["task"].(map[string]any)
	if task["action"] != "cluster:admin/xpack/ml/job/reset" || task["description"] != "job-j1" {
		t.Fatalf("task info: %s", running.raw)
	}
	job := do(t, es, "GET", "/_ml/anomaly_detectors/j1", "")
	if !strings.Contains(job.raw, `"blocked":{"reason":"reset","task_id":"`+started.Task+`"}`) {
		t.Fatalf("job should be blocked by the task: %s", job.raw)
	}
	// While the task runs, a long poll waits for it until its timeout.
	wantErr(t, do(t, es, "GET", "/_tasks/"+started.Task+"?wait_for_completion=true&timeout=50ms", ""), 500,
		"timeout_exception", "Timed out waiting for completion of task")

	// A long poll waiting when the task ends answers at once, well before
	// its own timeout.
	poll := "/_tasks/" + started.Task
	s.ClearRequests()
	answered := doAsync(es, "GET", poll+"?wait_for_completion=true&timeout=30s")
	waitLogged(t, s, "GET", poll)
	hold.Release()
	done := await(t, answered)
	if done.status != 200 || done.body["completed"] != true {
		t.Fatalf("long poll: %s", done.raw)
	}
	if resp, _ := done.body["response"].(map[string]any); resp["acknowledged"] != true {
		t.Fatalf("stored response: %s", done.raw)
	}
	// The stored result stays readable.
	if again := do(t, es, "GET", "/_tasks/"+started.Task, ""); again.body["completed"] != true {
		t.Fatalf("stored result: %s", again.raw)
	}
}

func TestTaskWaitTimeoutStatusByVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		status  int
	}{{"8.19.0", 500}, {"9.1.0", 429}} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version), WithResetDuration(time.Minute))
			s.PutJob("j1")
			id, err := s.StartReset("j1")
			if err != nil {
				t.Fatal(err)
			}
			es, _ := plainClients(t, u)
			r := do(t, es, "GET", "/_tasks/"+id+"?wait_for_completion=true&timeout=50ms", "")
			wantErr(t, r, tc.status, "timeout_exception", "Timed out waiting for completion of task")
		})
	}
}

func TestTaskIDErrors(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	wantErr(t, do(t, es, "GET", "/_tasks/nonsense", ""), 400, "illegal_argument_exception", "malformed task id nonsense")
	r := do(t, es, "GET", "/_tasks/"+defaultNodeID+":999", "")
	if r.status != 404 || !strings.Contains(r.raw, `"reason":"task [`+defaultNodeID+`:999] isn't running and hasn't stored its results"`) ||
		!strings.Contains(r.raw, `"root_cause":[{"type":"index_not_found_exception","reason":"no such index [.tasks]"`) {
		t.Fatalf("unknown task: %s", r.raw)
	}
	wantErr(t, do(t, es, "GET", "/_tasks/otherNode:1", ""), 404, "resource_not_found_exception",
		"task [otherNode:1] belongs to the node [otherNode] which isn't part of the cluster and there is no record of the task")
}

func TestAsyncResetOfMissingJobStoresError(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	r := do(t, es, "POST", "/_ml/anomaly_detectors/ghost/_reset?wait_for_completion=false", "")
	if r.status != 200 || r.body["task"] == nil {
		t.Fatalf("async reset must answer a task id before validating: %s", r.raw)
	}
	done := do(t, es, "GET", "/_tasks/"+r.body["task"].(string)+"?wait_for_completion=true", "")
	e, _ := done.body["error"].(map[string]any)
	if done.status != 200 || done.body["completed"] != true || e["type"] != "resource_not_found_exception" ||
		e["reason"] != "No known job with id 'ghost'" || done.body["response"] != nil {
		t.Fatalf("stored error: %s", done.raw)
	}
}

func TestResetOfOpenedJobConflicts(t *testing.T) {
	s, u := start(t)
	_, tc := plainClients(t, u)
	s.PutJob("j1")
	if err := s.OpenJob("j1"); err != nil {
		t.Fatal(err)
	}
	_, err := tc.Ml.ResetJob("j1").Do(ctx(t))
	ee := typedErr(t, err)
	if ee.Status != 409 || ee.ErrorCause.Type != "status_exception" || *ee.ErrorCause.Reason != "Can only reset a job when it is closed." {
		t.Fatalf("got %v", ee)
	}
	_, err = tc.Ml.ResetJob("nope").Do(ctx(t))
	if ee := typedErr(t, err); ee.Status != 404 || *ee.ErrorCause.Reason != "No known job with id 'nope'" {
		t.Fatalf("got %v", ee)
	}
}

func TestResetRefusedWhileBlockedOrUpgrading(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	_ = s.SetBlocked("j1", "revert", "")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""), 409, "status_exception",
		"cannot reset job while it is blocked with [revert]")
	_ = s.SetBlocked("j1", "", "")
	s.SetUpgradeMode(true)
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""), 409, "status_exception",
		"cannot reset job while indices are being upgraded")
}

func TestFailedJobNeedsForceClose(t *testing.T) {
	s, u := start(t)
	_, tc := plainClients(t, u)
	s.PutJob("j1")
	_ = s.OpenJob("j1")
	_ = s.SetJobState("j1", "failed")
	_, err := tc.Ml.CloseJob("j1").Do(ctx(t))
	if ee := typedErr(t, err); ee.Status != 409 || *ee.ErrorCause.Reason != "cannot close job [j1] because it failed, use force close" {
		t.Fatalf("got %v", ee)
	}
	if r, err := tc.Ml.CloseJob("j1").Force(true).Do(ctx(t)); err != nil || !r.Closed {
		t.Fatalf("force close: %v", err)
	}
	if j := mustJob(t, s, "j1"); j.State != "closed" {
		t.Fatalf("state %s", j.State)
	}
	// Closing a closed job is a no-op.
	if r, err := tc.Ml.CloseJob("j1").Do(ctx(t)); err != nil || !r.Closed {
		t.Fatalf("close of closed job: %v", err)
	}
}

func TestCloseStopsDatafeedFrom714(t *testing.T) {
	for _, tc := range []struct {
		version string
		stopped bool
	}{{"7.14.0", true}, {"8.19.0", true}, {"7.13.4", false}} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			s.PutJob("j1")
			_ = s.OpenJob("j1")
			if err := s.PutDatafeed("datafeed-j1", "j1"); err != nil {
				t.Fatal(err)
			}
			if err := s.StartDatafeed("datafeed-j1"); err != nil {
				t.Fatal(err)
			}
			r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
			j := mustJob(t, s, "j1")
			if tc.stopped {
				if r.status != 200 || j.State != "closed" || j.DatafeedState != "stopped" {
					t.Fatalf("close: %s %+v", r.raw, j)
				}
				return
			}
			wantErr(t, r, 409, "status_exception", "cannot close job datafeed [datafeed-j1] hasn't been stopped")
			if j.State != "opened" || j.DatafeedState != "started" {
				t.Fatalf("nothing should change: %+v", j)
			}
		})
	}
}

func TestDatafeedAPIs(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	if r := do(t, es, "PUT", "/_ml/datafeeds/df1", `{"job_id":"j1","indices":["logs"]}`); r.status != 200 {
		t.Fatalf("%s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start", ""), 409, "status_exception",
		"cannot start datafeed [df1] because job [j1] is closed")
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", "")
	// The source index need not exist to create the datafeed, only to start it.
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start", ""), 404, "resource_not_found_exception",
		"datafeed [df1] cannot retrieve data because index [logs] does not exist")
	do(t, es, "PUT", "/logs", "")
	if r := do(t, es, "POST", "/_ml/datafeeds/df1/_start", ""); r.status != 200 {
		t.Fatalf("%s", r.raw)
	}
	st := do(t, es, "GET", "/_ml/datafeeds/df1/_stats", "")
	if !strings.Contains(st.raw, `"datafeeds":[{"datafeed_id":"df1","state":"started"`) {
		t.Fatalf("%s", st.raw)
	}
	do(t, es, "POST", "/_ml/datafeeds/df1/_stop", "")
	if j := mustJob(t, s, "j1"); j.DatafeedState != "stopped" {
		t.Fatalf("%+v", j)
	}
}

func TestJobLifecycleOverHTTP(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	body := `{"analysis_config":{"bucket_span":"15m","detectors":[{"function":"count"}]},"data_description":{"time_field":"ts"}}`
	if r := do(t, es, "PUT", "/_ml/anomaly_detectors/web-1", body); r.status != 200 || r.body["job_id"] != "web-1" {
		t.Fatalf("%s", r.raw)
	}
	wantErr(t, do(t, es, "PUT", "/_ml/anomaly_detectors/web-1", body), 400, "resource_already_exists_exception",
		"The job cannot be created with the Id 'web-1'. The Id is already used.")
	if r := do(t, es, "PUT", "/_ml/anomaly_detectors/Bad_ID", body); r.status != 400 {
		t.Fatalf("invalid id accepted: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web-1/_data", `{"ts":1}`), 409, "status_exception",
		"Cannot perform requested action because job [web-1] is not open")
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/web-1/_open", ""); r.body["opened"] != true {
		t.Fatalf("%s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web-1/_open", ""), 409, "status_exception",
		"Cannot open job [web-1] because it has already been opened")
	r := do(t, es, "POST", "/_ml/anomaly_detectors/web-1/_data", "{\"ts\":1,\"v\":2}\n{\"ts\":2,\"v\":3}\n{\"ts\":3,\"v\":4}\n")
	if r.body["processed_record_count"].(float64) != 3 {
		t.Fatalf("%s", r.raw)
	}
	wantErr(t, do(t, es, "DELETE", "/_ml/anomaly_detectors/web-1", ""), 409, "status_exception",
		"Cannot delete job [web-1] because the job is opened")
	if r := do(t, es, "DELETE", "/_ml/anomaly_detectors/web-1?force=true", ""); r.status != 200 {
		t.Fatalf("%s", r.raw)
	}
	if _, found := s.Job("web-1"); found {
		t.Fatal("job should be gone")
	}
	wantErr(t, do(t, es, "GET", "/_ml/anomaly_detectors/web-1/_stats", ""), 404, "resource_not_found_exception",
		"No known job with id 'web-1'")
}

func TestReopenAfterCloseRace(t *testing.T) {
	s, u := start(t)
	_, tc := plainClients(t, u)
	s.PutJob("j1")
	_ = s.OpenJob("j1")
	s.ReopenAfterNextClose("j1", 1)
	if r, err := tc.Ml.CloseJob("j1").Do(ctx(t)); err != nil || !r.Closed {
		t.Fatalf("close: %v", err)
	}
	_, err := tc.Ml.ResetJob("j1").Do(ctx(t))
	if ee := typedErr(t, err); ee.Status != 409 || *ee.ErrorCause.Reason != "Can only reset a job when it is closed." {
		t.Fatalf("got %v", ee)
	}
	// Only once: the retry path works.
	if _, err := tc.Ml.CloseJob("j1").Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if r, err := tc.Ml.ResetJob("j1").Do(ctx(t)); err != nil || !r.Acknowledged {
		t.Fatalf("reset after second close: %v", err)
	}
}

func TestResetWaitsForRunningReset(t *testing.T) {
	t.Parallel()
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	hold := s.HoldNextReset("j1")
	t.Cleanup(hold.Release)
	first, err := s.StartReset("j1")
	if err != nil {
		t.Fatal(err)
	}
	reached(t, hold)
	if j := mustJob(t, s, "j1"); j.BlockedReason != "reset" || j.BlockedTaskID != first {
		t.Fatalf("blocked: %+v", j)
	}

	answered := doAsync(es, "POST", "/_ml/anomaly_detectors/j1/_reset")
	waitLogged(t, s, "POST", "/_ml/anomaly_detectors/j1/_reset")
	select {
	case a := <-answered:
		t.Fatalf("the second reset answered while the first was held: %d %s", a.status, a.raw)
	default:
	}
	if j := mustJob(t, s, "j1"); j.ResetCount != 0 || j.BlockedTaskID != first {
		t.Fatalf("the second reset must not run while the first holds the job: %+v", j)
	}
	released := time.Now()
	hold.Release()
	second := await(t, answered)
	if second.status != 200 || second.body["acknowledged"] != true || second.at.Before(released) {
		t.Fatalf("second reset: %d %s at %v, released at %v", second.status, second.raw, second.at, released)
	}
	if j := mustJob(t, s, "j1"); j.ResetCount != 1 || j.BlockedReason != "" {
		t.Fatalf("the waiting reset must not redo the work: %+v", j)
	}
}

func TestResetWaitTimesOut(t *testing.T) {
	s, u := start(t, WithResetDuration(time.Minute))
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	if _, err := s.StartReset("j1"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?timeout=50ms", ""), 500, "timeout_exception",
		"Timed out waiting for completion of task")
}

func TestCancelledResetLeavesBlockAndIsRerun(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	learnedJob(t, s, "j1")
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
	hold := s.HoldNextReset("j1")
	t.Cleanup(hold.Release)
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completion=false", "")
	task := r.body["task"].(string)
	reached(t, hold)
	if c := do(t, es, "POST", "/_tasks/"+task+"/_cancel", ""); c.status != 200 {
		t.Fatalf("cancel: %s", c.raw)
	}
	done := do(t, es, "GET", "/_tasks/"+task+"?wait_for_completion=true", "")
	if !strings.Contains(done.raw, `"response":{"acknowledged":false}`) {
		t.Fatalf("cancelled task: %s", done.raw)
	}
	j := mustJob(t, s, "j1")
	if j.BlockedReason != "reset" || j.ResetCount != 0 {
		t.Fatalf("cancel must leave the block: %+v", j)
	}
	// A new reset finds an abandoned block and runs the reset itself.
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""); r.status != 200 || r.body["acknowledged"] != true {
		t.Fatalf("rerun: %s", r.raw)
	}
	if j := mustJob(t, s, "j1"); j.BlockedReason != "" || j.ResetCount != 1 || j.ModelSnapshotID != "" {
		t.Fatalf("after rerun: %+v", j)
	}
}

func TestFailAndCancelNextReset(t *testing.T) {
	s, u := start(t)
	es, tc := plainClients(t, u)
	s.PutJob("j1")
	s.FailNextReset("j1", "exception", "disk full")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""), 500, "exception", "disk full")
	if j := mustJob(t, s, "j1"); j.BlockedReason != "reset" {
		t.Fatalf("failed reset keeps the block: %+v", j)
	}
	s.FailNextReset("j1", "exception", "disk full again")
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completion=false", "")
	done := do(t, es, "GET", "/_tasks/"+r.body["task"].(string)+"?wait_for_completion=true", "")
	if !strings.Contains(done.raw, `"error":{"type":"exception","reason":"disk full again"}`) {
		t.Fatalf("%s", done.raw)
	}
	s.CancelNextReset("j1")
	res, err := tc.Ml.ResetJob("j1").Do(ctx(t))
	if err != nil || res.Acknowledged {
		t.Fatalf("cancelled reset should answer acknowledged:false: %v %+v", err, res)
	}
	if res, err := tc.Ml.ResetJob("j1").Do(ctx(t)); err != nil || !res.Acknowledged {
		t.Fatalf("clean reset: %v", err)
	}
	if j := mustJob(t, s, "j1"); j.BlockedReason != "" || j.ResetCount != 1 {
		t.Fatalf("%+v", j)
	}
}

// A failure set for several resets meets each of them, the re-run of an
// abandoned reset included, and then no more.
func TestFailResetsMeetsEachRerun(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	s.FailResets("j1", 2, "exception", "disk full")
	for range 2 {
		wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""), 500, "exception", "disk full")
		if j := mustJob(t, s, "j1"); j.BlockedReason != "reset" || j.ResetCount != 0 {
			t.Fatalf("a failed reset keeps the block: %+v", j)
		}
	}
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""); r.status != 200 || r.body["acknowledged"] != true {
		t.Fatalf("the third reset must run: %s", r.raw)
	}
	if j := mustJob(t, s, "j1"); j.BlockedReason != "" || j.ResetCount != 1 {
		t.Fatalf("%+v", j)
	}
}

func TestCloseWaitsForClosingJob(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	_ = s.OpenJob("j1")
	_ = s.SetJobState("j1", "closing")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", `{"timeout":"50ms"}`), 500, "illegal_state_exception",
		"Timed out when waiting for persistent tasks after 50ms")
	// A close waiting when the job closes answers then.
	s.ClearRequests()
	answered := doAsync(es, "POST", "/_ml/anomaly_detectors/j1/_close")
	waitLogged(t, s, "POST", "/_ml/anomaly_detectors/j1/_close")
	if err := s.SetJobState("j1", "closed"); err != nil {
		t.Fatal(err)
	}
	if r := await(t, answered); r.status != 200 || r.body["closed"] != true {
		t.Fatalf("%d %s", r.status, r.raw)
	}
}

func TestParallelResetsRunConcurrently(t *testing.T) {
	t.Parallel()
	const n = 50
	s, u := start(t)
	_, tc := plainClients(t, u)
	holds := make([]*Hold, n)
	for i := range n {
		s.PutJob(jobName(i))
		holds[i] = s.HoldNextReset(jobName(i))
		t.Cleanup(holds[i].Release)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			if _, err := tc.Ml.ResetJob(jobName(i)).Do(ctx(t)); err != nil {
				errs <- err
			}
		})
	}
	// Every reset is under way at once: resets run one at a time would
	// never get past the first hold.
	for _, h := range holds {
		reached(t, h)
	}
	for _, h := range holds {
		h.Release()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := range n {
		if j := mustJob(t, s, jobName(i)); j.ResetCount != 1 {
			t.Fatalf("%s: %+v", jobName(i), j)
		}
	}
}

func TestInjectedStatusAndDrop(t *testing.T) {
	s, u := start(t)
	es, tc := plainClients(t, u)
	s.PutJob("j1")
	s.InjectStatus("POST", "/_ml/anomaly_detectors/*", 503, 1)
	s.InjectStatus("POST", "/_ml/anomaly_detectors/j1/_reset", 429, 1)
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", "")
	if r.status != 503 {
		t.Fatalf("%s", r.raw)
	}
	errOf(t, r)
	r = do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", "")
	if typ, _ := errOf(t, r); r.status != 429 || typ != "es_rejected_execution_exception" {
		t.Fatalf("%s", r.raw)
	}
	if j := mustJob(t, s, "j1"); j.ResetCount != 0 {
		t.Fatal("faults must not touch state")
	}
	s.InjectDrop("POST", "/_ml/anomaly_detectors/j1/_close", 1)
	if _, err := tc.Ml.CloseJob("j1").Do(ctx(t)); err == nil {
		t.Fatal("dropped connection should fail the call")
	}
	if r, err := tc.Ml.CloseJob("j1").Do(ctx(t)); err != nil || !r.Closed {
		t.Fatalf("second close: %v", err)
	}
	reqs := s.Requests()
	if got := reqs[len(reqs)-2]; got.Status != 0 || got.Path != "/_ml/anomaly_detectors/j1/_close" {
		t.Fatalf("dropped request should be logged with status 0: %+v", got)
	}
}

func TestRequestLog(t *testing.T) {
	s, u := start(t)
	_, tc := plainClients(t, u)
	s.PutJob("j1")
	if _, err := tc.Info().Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := tc.Ml.CloseJob("j1").Force(true).Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := tc.Ml.ResetJob("j1").DeleteUserAnnotations(true).Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("want 3 requests, got %d", len(reqs))
	}
	if reqs[0].Method != "GET" || reqs[0].Path != "/" || reqs[0].Status != 200 {
		t.Errorf("first: %+v", reqs[0])
	}
	if reqs[1].Path != "/_ml/anomaly_detectors/j1/_close" || !strings.Contains(reqs[1].Body, `"force":true`) ||
		!strings.Contains(reqs[1].Header.Get("Accept"), "compatible-with=8") {
		t.Errorf("close: %+v", reqs[1])
	}
	if reqs[2].Query.Get("delete_user_annotations") != "true" || reqs[2].Status != 200 || reqs[2].Time.Before(reqs[1].Time) {
		t.Errorf("reset: %+v", reqs[2])
	}
	s.ClearRequests()
	if len(s.Requests()) != 0 {
		t.Fatal("log not cleared")
	}
}

func TestTLS(t *testing.T) {
	s := New()
	u := s.StartTLS()
	defer s.Close()
	if !strings.HasPrefix(u, "https://") || s.URL() != u {
		t.Fatalf("url %s", u)
	}
	_, tc := clients(t, elasticsearch.Config{Addresses: []string{u}, CACert: s.CertPEM()})
	if _, err := tc.Info().Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
}

func jobName(i int) string { return "job-" + string(rune('a'+i/26)) + string(rune('a'+i%26)) }

func TestLatencyHeadAndMethodNotAllowed(t *testing.T) {
	_, u := start(t, WithLatency(60*time.Millisecond))
	es, _ := plainClients(t, u)
	t0 := time.Now()
	res, err := es.Ping()
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("HEAD /: %v %v", err, res)
	}
	if el := time.Since(t0); el < 60*time.Millisecond {
		t.Fatalf("latency not applied: %v", el)
	}
	r := do(t, es, "GET", "/_ml/anomaly_detectors/j1/_reset", "")
	if r.status != 405 || r.header.Get("Allow") != "POST" ||
		r.body["error"] != "Incorrect HTTP method for uri [/_ml/anomaly_detectors/j1/_reset] and method [GET], allowed: [POST]" {
		t.Fatalf("%d %s", r.status, r.raw)
	}
}
