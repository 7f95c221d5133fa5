package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
)

func revertPath(job, snapshot string) string {
	return "/_ml/anomaly_detectors/" + job + "/model_snapshots/" + snapshot + "/_revert"
}

// doBody sends a JSON request off the test's goroutine; a failure to
// send is an answer with status 0.
func doBody(es *elasticsearch.Client, method, path, body string) response {
	req, _ := http.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := es.Perform(req)
	if err != nil {
		return response{raw: err.Error()}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, raw: string(b)}
	_ = json.Unmarshal(b, &r.body)
	return r
}

// revertTasks counts the revert tasks that run.
func revertTasks(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.tasks {
		if t.action == actSnapRevert && !t.ended() {
			n++
		}
	}
	return n
}

// waitFor polls cond, for states no notification announces.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// jobConfig is the job's GET _ml/anomaly_detectors entry.
func jobConfig(t *testing.T, r response) map[string]any {
	t.Helper()
	jobs, _ := r.body["jobs"].([]any)
	if len(jobs) != 1 {
		t.Fatalf("want one job: %s", r.raw)
	}
	return jobs[0].(map[string]any)
}

// Without delete_intervening_results a revert changes the model only: the
// job runs the snapshot, and its results, annotations and data counts
// stay.
func TestRevertKeepsResultsByDefault(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 3)
	s.AddAnnotationAt("web", "late data", "delayed_data", false, stepBase.Add(150*time.Minute))
	before := mustJob(t, s, "web")
	results := s.ResultBuckets("web")

	r := do(t, es, "POST", revertPath("web", ids[0]), "")
	model, _ := r.body["model"].(map[string]any)
	if r.status != 200 || model["snapshot_id"] != ids[0] || model["latest_record_time_stamp"] != at(59*time.Minute) {
		t.Fatalf("revert: %s", r.raw)
	}
	cfg := jobConfig(t, do(t, es, "GET", "/_ml/anomaly_detectors/web", ""))
	if cfg["model_snapshot_id"] != ids[0] || cfg["model_snapshot_min_version"] != "8.19.0" {
		t.Fatalf("job after revert: %v", cfg)
	}
	after := mustJob(t, s, "web")
	if after.State != "closed" || after.BlockedReason != "" || !after.LatestRecordTime.Equal(before.LatestRecordTime) ||
		after.ProcessedRecords != before.ProcessedRecords || after.GeneratedAnnotations != before.GeneratedAnnotations {
		t.Fatalf("before %+v\nafter %+v", before, after)
	}
	if got := s.ResultBuckets("web"); !reflect.DeepEqual(got, results) {
		t.Fatalf("results changed: %v", got)
	}
	// The model is the snapshot's, so is its size.
	list, _ := s.ModelSnapshots("web")
	if after.ModelBytes != list[2].ModelBytes || after.ModelBytes >= before.ModelBytes {
		t.Fatalf("model bytes %d, snapshot's %d, before %d", after.ModelBytes, list[2].ModelBytes, before.ModelBytes)
	}
	// Snapshots are not deleted: a later one can still be reverted to.
	if len(list) != 3 {
		t.Fatalf("snapshots after revert: %+v", list)
	}
	if r := do(t, es, "POST", revertPath("web", ids[2]), ""); r.status != 200 {
		t.Fatalf("revert forward: %s", r.raw)
	}
}

// delete_intervening_results deletes the results from 1 ms after the
// snapshot's latest result, and the delay and model-change annotations of
// that time (generated ones only), and rewinds the latest record time;
// the other counters stay.
func TestRevertDeletesInterveningResults(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 3)
	cut := 90 * time.Minute // snapshot 1's latest result
	for _, a := range []struct {
		event string
		user  bool
		at    time.Duration
	}{
		{"delayed_data", false, cut},                    // at the result itself: kept
		{"delayed_data", false, cut + time.Millisecond}, // deleted
		{"model_change", false, 2 * time.Hour},          // deleted
		{"categorization_status_change", false, 2 * time.Hour},
		{"user", true, 2 * time.Hour},
		{"delayed_data", true, 2 * time.Hour}, // a user's, whatever its event
	} {
		s.AddAnnotationAt("web", a.event, a.event, a.user, stepBase.Add(a.at))
	}
	before := mustJob(t, s, "web")

	r := do(t, es, "POST", revertPath("web", ids[1])+"?delete_intervening_results=true", "")
	if r.status != 200 {
		t.Fatalf("revert: %s", r.raw)
	}
	after := mustJob(t, s, "web")
	if !after.LatestRecordTime.Equal(stepBase.Add(119*time.Minute)) || after.ProcessedRecords != before.ProcessedRecords {
		t.Fatalf("counts after revert: %+v", after)
	}
	// 00:00 to 01:30 stay; 01:45 to 02:30 go.
	results := s.ResultBuckets("web")
	if len(results) != 7 || !results[6].Equal(stepBase.Add(cut)) {
		t.Fatalf("results after revert: %v", results)
	}
	// Three snapshot annotations, the delay at the cut, the category
	// change; the user's two.
	if after.GeneratedAnnotations != 5 || after.UserAnnotations != 2 {
		t.Fatalf("annotations before %d/%d, after %d/%d", before.GeneratedAnnotations, before.UserAnnotations,
			after.GeneratedAnnotations, after.UserAnnotations)
	}
	stats := do(t, es, "GET", "/_ml/anomaly_detectors/web/_stats", "").body["jobs"].([]any)[0].(map[string]any)
	if dc := stats["data_counts"].(map[string]any); dc["latest_record_timestamp"] != at(119*time.Minute) ||
		dc["earliest_record_timestamp"] != at(0) || dc["processed_record_count"] != 180.0 {
		t.Fatalf("data counts: %v", dc)
	}
}

// A datafeed started after a revert resumes after the later of the latest
// final bucket and the latest record: the snapshot's with
// delete_intervening_results, the job's own without.
func TestDatafeedResumesFromWhereTheRevertLeftTheJob(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		from        time.Duration
	}{
		{"deleting results", "?delete_intervening_results=true", 59*time.Minute + time.Millisecond},
		{"keeping results", "", 2*time.Hour + 59*time.Minute + time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t)
			es, _ := plainClients(t, u)
			ids := steppedJob(t, s, "web", 3)
			do(t, es, "PUT", "/src", `{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)
			do(t, es, "PUT", "/_ml/datafeeds/df", `{"job_id":"web","indices":["src"]}`)
			if r := do(t, es, "POST", revertPath("web", ids[0])+tc.query, ""); r.status != 200 {
				t.Fatalf("revert: %s", r.raw)
			}
			do(t, es, "POST", "/_ml/anomaly_detectors/web/_open", "")
			// A start before where the job stands is overruled.
			do(t, es, "POST", "/_ml/datafeeds/df/_start?start=2024-01-01T00:00:00Z", "")
			var interval map[string]any
			eventually(t, s, "the lookback searched", func() bool {
				st := do(t, es, "GET", "/_ml/datafeeds/df/_stats", "").body["datafeeds"].([]any)[0].(map[string]any)
				rs, _ := st["running_state"].(map[string]any)
				interval, _ = rs["search_interval"].(map[string]any)
				return interval != nil
			})
			if interval["start_ms"] != at(tc.from) {
				t.Fatalf("searched from %v, want %v", interval["start_ms"], at(tc.from))
			}
		})
	}
}

// Where the job stands is the later of its latest record and the end of
// its latest final bucket: time advanced past the data counts.
func TestDatafeedResumesAfterTheLatestFinalBucket(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	steppedJob(t, s, "web", 1) // records 00:00 to 00:59
	do(t, es, "POST", "/_ml/anomaly_detectors/web/_open", "")
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/web/_flush?advance_time=2024-01-01T03:00:00Z", ""); r.body["last_finalized_bucket_end"] != at(3*time.Hour) {
		t.Fatalf("flush: %s", r.raw)
	}
	if b := s.ResultBuckets("web"); len(b) != 12 {
		t.Fatalf("00:00 to 02:45 are final: %v", b)
	}
	do(t, es, "PUT", "/src", `{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)
	do(t, es, "PUT", "/_ml/datafeeds/df", `{"job_id":"web","indices":["src"]}`)
	do(t, es, "POST", "/_ml/datafeeds/df/_start?start=2024-01-01T00:00:00Z", "")
	var interval map[string]any
	eventually(t, s, "the lookback searched", func() bool {
		st := do(t, es, "GET", "/_ml/datafeeds/df/_stats", "").body["datafeeds"].([]any)[0].(map[string]any)
		rs, _ := st["running_state"].(map[string]any)
		interval, _ = rs["search_interval"].(map[string]any)
		return interval != nil
	})
	if interval["start_ms"] != at(3*time.Hour) {
		t.Fatalf("searched from %v, want %v", interval["start_ms"], at(3*time.Hour))
	}
}

// A start later than where the job stands skips there, to the next bucket
// boundary (a flush with skip_time); a job that has seen nothing starts at
// start.
func TestDatafeedStartLaterThanTheJobSkips(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps int
		start string
		from  time.Duration
	}{
		{"skip to the next bucket", 1, "2024-01-01T05:07:00Z", 5*time.Hour + 15*time.Minute},
		{"on a boundary", 1, "2024-01-01T05:00:00Z", 5 * time.Hour},
		{"a new job starts at start", 0, "2024-01-01T05:07:00Z", 5*time.Hour + 7*time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t)
			es, _ := plainClients(t, u)
			steppedJob(t, s, "web", tc.steps)
			s.PutJob("web")
			do(t, es, "PUT", "/src", `{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)
			do(t, es, "PUT", "/_ml/datafeeds/df", `{"job_id":"web","indices":["src"]}`)
			do(t, es, "POST", "/_ml/anomaly_detectors/web/_open", "")
			do(t, es, "POST", "/_ml/datafeeds/df/_start?start="+tc.start, "")
			var interval map[string]any
			eventually(t, s, "the lookback searched", func() bool {
				st := do(t, es, "GET", "/_ml/datafeeds/df/_stats", "").body["datafeeds"].([]any)[0].(map[string]any)
				rs, _ := st["running_state"].(map[string]any)
				interval, _ = rs["search_interval"].(map[string]any)
				return interval != nil
			})
			if interval["start_ms"] != at(tc.from) {
				t.Fatalf("searched from %v, want %v", interval["start_ms"], at(tc.from))
			}
		})
	}
}

// While a revert runs the job is blocked with revert and its task: open,
// reset and another revert are refused; force waits for it instead.
func TestRevertBlocksTheJobWhileItRuns(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 2)
	hold := s.HoldNextRevert("web")
	first := doAsync(es, "POST", u+revertPath("web", ids[0]))
	reached(t, hold)

	cfg := jobConfig(t, do(t, es, "GET", "/_ml/anomaly_detectors/web", ""))
	blocked, _ := cfg["blocked"].(map[string]any)
	if blocked["reason"] != "revert" || blocked["task_id"] == nil {
		t.Fatalf("blocked while reverting: %v", cfg["blocked"])
	}
	taskID := blocked["task_id"].(string)
	if r := do(t, es, "GET", "/_tasks/"+taskID, ""); r.status != 200 || r.body["completed"] != false {
		t.Fatalf("the revert's task: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web/_open", ""), 409, "status_exception",
		"Cannot open job [web] because it is executing [revert]")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web/_reset", ""), 409, "status_exception",
		"cannot reset job while it is blocked with [revert]")
	wantErr(t, do(t, es, "POST", revertPath("web", ids[1]), ""), 409, "status_exception",
		"cannot revert job [web] to snapshot ["+ids[1]+"] while it is blocked with [revert]")

	// With force (a body field) the second revert waits for the first.
	waiting := make(chan response, 1)
	go func() {
		waiting <- doBody(es, "POST", revertPath("web", ids[1]), `{"force":true}`)
	}()
	waitFor(t, "the forced revert to wait", func() bool { return revertTasks(s) == 2 })
	select {
	case r := <-waiting:
		t.Fatalf("the forced revert did not wait: %s", r.raw)
	default:
	}
	hold.Release()
	if a := await(t, first); a.status != 200 {
		t.Fatalf("first revert: %s", a.raw)
	}
	select {
	case r := <-waiting:
		if r.status != 200 {
			t.Fatalf("forced revert: %s", r.raw)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the forced revert never ended")
	}
	if j := mustJob(t, s, "web"); j.BlockedReason != "" || j.ModelSnapshotID != ids[1] || j.State != "closed" {
		t.Fatalf("after both: %+v", j)
	}
}

// Before 7.14 a revert blocks nothing (blocked came with the reset API).
func TestRevertBefore714DoesNotBlock(t *testing.T) {
	s, u := start(t, WithVersion("7.13.4"))
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 1)
	hold := s.HoldNextRevert("web")
	first := doAsync(es, "POST", u+revertPath("web", ids[0]))
	reached(t, hold)
	if j := mustJob(t, s, "web"); j.BlockedReason != "" {
		t.Fatalf("blocked on 7.13: %+v", j)
	}
	hold.Release()
	if a := await(t, first); a.status != 200 {
		t.Fatalf("revert: %s", a.raw)
	}
}

// The refusals, in Elasticsearch's order: the job, its state, what holds
// it, then the snapshot.
func TestRevertRefusals(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 1)
	wantErr(t, do(t, es, "POST", revertPath("nope", ids[0]), ""), 404, "resource_not_found_exception", "No known job with id 'nope'")
	for _, state := range []string{"opened", "failed", "closing", "opening"} {
		if err := s.SetJobState("web", state); err != nil {
			t.Fatal(err)
		}
		// A missing snapshot is not looked for before the state.
		wantErr(t, do(t, es, "POST", revertPath("web", "42"), ""), 409, "status_exception",
			"Can only revert to a model snapshot when the job is closed.")
	}
	if err := s.SetJobState("web", "closed"); err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{"reset", "delete"} {
		if err := s.SetBlocked("web", reason, "oTUltX4IQMOUUVeiohTt8A:1"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, do(t, es, "POST", revertPath("web", ids[0]), ""), 409, "status_exception",
			"cannot revert job [web] to snapshot ["+ids[0]+"] while it is blocked with ["+reason+"]")
	}
	// A revert block whose task is gone no longer holds the job.
	_ = s.SetBlocked("web", "revert", "oTUltX4IQMOUUVeiohTt8A:1")
	if r := do(t, es, "POST", revertPath("web", ids[0]), ""); r.status != 200 {
		t.Fatalf("revert over a stale block: %s", r.raw)
	}
	if j := mustJob(t, s, "web"); j.BlockedReason != "" {
		t.Fatalf("the revert clears the block: %+v", j)
	}
}

// A missing snapshot is a 404 found after the job was blocked; as
// Elasticsearch's code reads, that error path leaves the block (its task
// ended), so the job cannot open until a revert succeeds.
func TestRevertToAMissingSnapshotLeavesTheBlock(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 1)
	wantErr(t, do(t, es, "POST", revertPath("web", "42"), ""), 404, "resource_not_found_exception",
		"No model snapshot with id [42] exists for job [web]")
	if j := mustJob(t, s, "web"); j.BlockedReason != "revert" || j.ModelSnapshotID != ids[0] {
		t.Fatalf("after the 404: %+v", j)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web/_open", ""), 409, "status_exception",
		"Cannot open job [web] because it is executing [revert]")
	if r := do(t, es, "POST", revertPath("web", ids[0]), ""); r.status != 200 {
		t.Fatalf("a revert after the 404: %s", r.raw)
	}
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/web/_open", ""); r.status != 200 {
		t.Fatalf("open after a good revert: %s", r.raw)
	}
}

// "empty" (7.11+) is a model that has learned nothing: no
// model_snapshot_id, no model, and with delete_intervening_results no
// results and no latest record either.
func TestRevertToEmpty(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	steppedJob(t, s, "web", 2)
	r := do(t, es, "POST", revertPath("web", "empty")+"?delete_intervening_results=true", "")
	model, _ := r.body["model"].(map[string]any)
	if r.status != 200 || model["snapshot_id"] != "empty" || model["description"] != "empty snapshot" ||
		model["snapshot_doc_count"] != 0.0 || model["retain"] != false {
		t.Fatalf("revert to empty: %s", r.raw)
	}
	for _, k := range []string{"latest_record_time_stamp", "latest_result_time_stamp"} {
		if _, has := model[k]; has {
			t.Errorf("empty snapshot has %s", k)
		}
	}
	if model["model_size_stats"].(map[string]any)["model_bytes"] != 0.0 {
		t.Errorf("empty model size: %v", model["model_size_stats"])
	}
	cfg := jobConfig(t, do(t, es, "GET", "/_ml/anomaly_detectors/web", ""))
	if _, has := cfg["model_snapshot_id"]; has {
		t.Fatalf("model_snapshot_id after empty: %v", cfg["model_snapshot_id"])
	}
	j := mustJob(t, s, "web")
	if !j.LatestRecordTime.IsZero() || j.ModelBytes != 0 || len(s.ResultBuckets("web")) != 0 || j.ProcessedRecords != 120 {
		t.Fatalf("after empty: %+v, results %v", j, s.ResultBuckets("web"))
	}
	if list, _ := s.ModelSnapshots("web"); len(list) != 2 {
		t.Fatalf("empty is never stored: %+v", list)
	}

	old, ou := start(t, WithVersion("7.10.2"))
	oes, _ := plainClients(t, ou)
	steppedJob(t, old, "web", 1)
	wantErr(t, do(t, oes, "POST", revertPath("web", "empty"), ""), 404, "resource_not_found_exception",
		"No model snapshot with id [empty] exists for job [web]")
}

// delete_intervening_results is read from the query string only without a
// body; with one, only the body's fields count.
func TestRevertParameters(t *testing.T) {
	s, u := start(t, WithVersion("8.19.0"))
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 3)
	latest := func() time.Time { return mustJob(t, s, "web").LatestRecordTime }

	if r := do(t, es, "POST", revertPath("web", ids[1]), `{"delete_intervening_results":true,"job_id":"x","snapshot_id":"y"}`); r.status != 200 ||
		r.body["model"].(map[string]any)["snapshot_id"] != ids[1] {
		t.Fatalf("body: %s", r.raw)
	}
	if !latest().Equal(stepBase.Add(119 * time.Minute)) {
		t.Fatalf("the body's delete_intervening_results was not applied: %v", latest())
	}
	path := revertPath("web", ids[0])
	wantErr(t, do(t, es, "POST", path+"?delete_intervening_results=true", `{}`), 400, "illegal_argument_exception",
		"request ["+path+"] contains unrecognized parameter: [delete_intervening_results]")
	wantErr(t, do(t, es, "POST", path, `{"delete":true}`), 400, "x_content_parse_exception",
		"[1:2] [revert_model_snapshot] unknown field [delete]")
	wantErr(t, do(t, es, "POST", path+"?force=true", ""), 400, "illegal_argument_exception",
		"request ["+path+"] contains unrecognized parameter: [force]")
	wantErr(t, do(t, es, "POST", path+"?delete_intervening_results=maybe", ""), 400, "illegal_argument_exception",
		"Failed to parse value [maybe] as only [true] or [false] are allowed.")
	if r := do(t, es, "POST", path+"?timeout=10s&master_timeout=10s", ""); r.status != 200 {
		t.Fatalf("timeouts: %s", r.raw)
	}
	if !latest().Equal(stepBase.Add(119 * time.Minute)) {
		t.Fatalf("no delete_intervening_results, no rewind: %v", latest())
	}

	old, ou := start(t, WithVersion("7.10.2"))
	oes, _ := plainClients(t, ou)
	oldIDs := steppedJob(t, old, "web", 1)
	wantErr(t, do(t, oes, "POST", revertPath("web", oldIDs[0]), `{"force":true}`), 400, "x_content_parse_exception",
		"[1:2] [revert_model_snapshot] unknown field [force]")
}
