package emulator

import (
	"strings"
	"testing"
	"time"
)

// eventually waits for cond, re-checking on every state change of s.
func eventually(t *testing.T, s *Server, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// sourceWithJob makes index src with three documents (two inside
// [2024-01-01, 2024-01-02)), job j1 opened, and datafeed df1 on src.
func sourceWithJob(t *testing.T, s *Server, u string) {
	t.Helper()
	es, _ := plainClients(t, u)
	do(t, es, "PUT", "/src", `{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)
	bulk := ""
	for i, ts := range []string{"2024-01-01T00:00:00Z", "2024-01-01T12:00:00Z", "2024-01-03T00:00:00Z"} {
		bulk += `{"index":{"_id":"` + string(rune('a'+i)) + `"}}` + "\n" + `{"timestamp":"` + ts + `"}` + "\n"
	}
	if r := do(t, es, "POST", "/src/_bulk?refresh=true", bulk); r.body["errors"] != false {
		t.Fatalf("bulk: %s", r.raw)
	}
	do(t, es, "PUT", "/_ml/anomaly_detectors/j1",
		`{"analysis_config":{"bucket_span":"1h","detectors":[{"function":"count"}]},"data_description":{"time_field":"timestamp"}}`)
	if r := do(t, es, "PUT", "/_ml/datafeeds/df1", `{"job_id":"j1","indices":["src"]}`); r.status != 200 {
		t.Fatalf("put datafeed: %s", r.raw)
	}
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", "")
}

func TestLookbackAnswersAtOnceThenStopsAndClosesTheJob(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)

	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start?start=2024-01-02T00:00:00Z&end=2024-01-01T00:00:00Z", ""), 400,
		"action_request_validation_exception", "Validation Failed: 1: start [1704153600000] must be earlier than end [1704067200000];")

	release := s.HoldLookbacks()
	r := do(t, es, "POST", "/_ml/datafeeds/df1/_start?start=2024-01-01T00:00:00Z&end=2024-01-02T00:00:00Z", "")
	if r.status != 200 || r.body["started"] != true {
		t.Fatalf("start: %s", r.raw)
	}
	stats := do(t, es, "GET", "/_ml/datafeeds/df1/_stats", "").body["datafeeds"].([]any)[0].(map[string]any)
	running, _ := stats["running_state"].(map[string]any)
	if stats["state"] != "started" || running["real_time_configured"] != false {
		t.Fatalf("while the lookback runs: %v", stats)
	}
	if j := mustJob(t, s, "j1"); j.State != "opened" || j.ProcessedRecords != 0 {
		t.Fatalf("job while held: %+v", j)
	}

	release()
	eventually(t, s, "the lookback ends", func() bool {
		j := mustJob(t, s, "j1")
		return j.DatafeedState == "stopped" && j.State == "closed"
	})
	j := mustJob(t, s, "j1")
	if j.ProcessedRecords != 2 || j.ModelSnapshotID == "" || j.GeneratedAnnotations != 1 {
		t.Fatalf("after the lookback: %+v", j)
	}
	stats = do(t, es, "GET", "/_ml/anomaly_detectors/j1/_stats", "").body["jobs"].([]any)[0].(map[string]any)
	counts := stats["data_counts"].(map[string]any)
	if counts["earliest_record_timestamp"] != 1704067200000.0 || counts["latest_record_timestamp"] != 1704110400000.0 {
		t.Fatalf("data counts: %v", counts)
	}
}

func TestDeleteDatafeed(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)
	wantErr(t, do(t, es, "DELETE", "/_ml/datafeeds/nope", ""), 404, "resource_not_found_exception", "No datafeed with id [nope] exists")
	do(t, es, "POST", "/_ml/datafeeds/df1/_start", "")
	wantErr(t, do(t, es, "DELETE", "/_ml/datafeeds/df1", ""), 409, "status_exception",
		"Cannot delete datafeed [df1] while its status is started")
	if r := do(t, es, "DELETE", "/_ml/datafeeds/df1?force=true", ""); r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("force delete: %s", r.raw)
	}
	if j := mustJob(t, s, "j1"); j.DatafeedState != "" || j.State != "opened" {
		t.Fatalf("job after its datafeed went: %+v", j)
	}
}

func TestDeleteJobWithDatafeed(t *testing.T) {
	t.Run("7.15+ deletes the datafeed with the job", func(t *testing.T) {
		s, u := start(t)
		es, _ := plainClients(t, u)
		sourceWithJob(t, s, u)
		s.AddAnnotation("j1", "kept", true)
		s.AddAnnotation("j1", "generated", false)
		do(t, es, "POST", "/_ml/datafeeds/df1/_start", "")
		wantErr(t, do(t, es, "DELETE", "/_ml/anomaly_detectors/j1", ""), 409, "status_exception",
			"Cannot delete job [j1] because the job is opened")
		if r := do(t, es, "DELETE", "/_ml/anomaly_detectors/j1?force=true", ""); r.status != 200 {
			t.Fatalf("force delete: %s", r.raw)
		}
		wantErr(t, do(t, es, "GET", "/_ml/datafeeds/df1/_stats", ""), 404, "resource_not_found_exception", "No datafeed with id [df1] exists")
		// Only the user's annotation survives (before delete_user_annotations).
		q := `{"query":{"term":{"job_id":"j1"}}}`
		if r := do(t, es, "POST", "/.ml-annotations-read/_count", q); r.body["count"] != 1.0 {
			t.Fatalf("annotations left: %s", r.raw)
		}
	})
	t.Run("7.14 refuses while a datafeed refers to the job", func(t *testing.T) {
		s, u := start(t, WithVersion("7.14.2"))
		es, _ := plainClients(t, u)
		sourceWithJob(t, s, u)
		do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
		for _, q := range []string{"", "?force=true"} {
			wantErr(t, do(t, es, "DELETE", "/_ml/anomaly_detectors/j1"+q, ""), 409, "status_exception",
				"Cannot delete job [j1] because datafeed [df1] refers to it")
		}
		do(t, es, "DELETE", "/_ml/datafeeds/df1", "")
		if r := do(t, es, "DELETE", "/_ml/anomaly_detectors/j1", ""); r.status != 200 {
			t.Fatalf("delete after the datafeed: %s", r.raw)
		}
	})
}

func TestPutJobChecksAndDefaults(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	put := func(id, body string) response { return do(t, es, "PUT", "/_ml/anomaly_detectors/"+id, body) }
	wantErr(t, put("j1", `{"analysis_config":{"detectors":[{"function":"count"}]}}`), 400, "illegal_argument_exception", "A data_description must be set")
	wantErr(t, put("j1", `{"data_description":{}}`), 400, "illegal_argument_exception", "An analysis_config must be set")
	wantErr(t, put("j1", `{"analysis_config":{"detectors":[]},"data_description":{}}`), 400, "illegal_argument_exception", "No detectors configured")
	wantErr(t, put("j1", `{"analysis_config":{"detectors":[{"function":"mean","field_name":"time"}]},"data_description":{}}`), 400,
		"illegal_argument_exception", "data_description.time_field may not be used in the analysis_config")
	wantErr(t, put("j1", `{"model_snapshot_id":"1","analysis_config":{"detectors":[{"function":"count"}]},"data_description":{}}`), 400,
		"illegal_argument_exception", "The job is configured with fields [model_snapshot_id] that are illegal to set at job creation")
	wantErr(t, put(strings.Repeat("a", 65), `{}`), 400, "illegal_argument_exception", "The job id cannot contain more than 64 characters.")

	r := put("j1", `{"analysis_config":{"detectors":[{"function":"mean","field_name":"bytes","by_field_name":"host"}]},"data_description":{}}`)
	ac := r.body["analysis_config"].(map[string]any)
	det := ac["detectors"].([]any)[0].(map[string]any)
	dd := r.body["data_description"].(map[string]any)
	if r.status != 200 || ac["bucket_span"] != "5m" || det["detector_description"] != "mean(bytes) by host" || det["detector_index"] != 0.0 ||
		dd["time_field"] != "time" || dd["time_format"] != "epoch_ms" {
		t.Fatalf("defaults: %s", r.raw)
	}
}
