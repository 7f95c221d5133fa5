package emulator

import (
	"net/http"
	"testing"
)

func TestOpenWithoutMLCapacity(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u) // j1 opened, datafeed df1
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
	do(t, es, "PUT", "/_ml/anomaly_detectors/lazy",
		`{"allow_lazy_open":true,"analysis_config":{"bucket_span":"1h","detectors":[{"function":"count"}]},"data_description":{"time_field":"timestamp"}}`)
	do(t, es, "PUT", "/_ml/datafeeds/df-lazy", `{"job_id":"lazy","indices":["src"]}`)
	s.SetMLCapacity(false)

	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", "")
	wantErr(t, r, 429, "status_exception", "Could not open job because no ML nodes with sufficient capacity were found")
	e := r.body["error"].(map[string]any)
	if cb, _ := e["caused_by"].(map[string]any); cb["type"] != "illegal_state_exception" {
		t.Fatalf("caused_by %v", e["caused_by"])
	}
	if rc := e["root_cause"].([]any)[0].(map[string]any); rc["type"] != "status_exception" {
		t.Fatalf("root_cause %v, want the 429 itself", rc)
	}

	r = do(t, es, "POST", "/_ml/anomaly_detectors/lazy/_open", "")
	if r.status != 200 || r.body["opened"] != true || r.body["node"] != "" {
		t.Fatalf("lazy open: %s", r.raw)
	}
	st := do(t, es, "GET", "/_ml/anomaly_detectors/lazy/_stats", "").body["jobs"].([]any)[0].(map[string]any)
	_, hasNode := st["node"]
	_, hasOpenTime := st["open_time"]
	if st["state"] != "opening" || hasNode || hasOpenTime || st["assignment_explanation"] != awaitingAssignment {
		t.Fatalf("lazy job stats: %v", st)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/lazy/_open", ""), 409, "status_exception",
		"Cannot open job [lazy] because it has already been opened")

	release := s.HoldLookbacks()
	defer release()
	r = do(t, es, "POST", "/_ml/datafeeds/df-lazy/_start", "")
	if r.status != 200 || r.body["started"] != true || r.body["node"] != "" {
		t.Fatalf("start for a lazy job: %s", r.raw)
	}
	if j := mustJob(t, s, "lazy"); j.DatafeedState != "starting" {
		t.Fatalf("datafeed while its job waits: %+v", j)
	}
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df-lazy/_start", ""), 409, "status_exception",
		"cannot start datafeed [df-lazy] because it has already been started")

	s.SetMLCapacity(true)
	if j := mustJob(t, s, "lazy"); j.State != "opened" || j.DatafeedState != "started" {
		t.Fatalf("after capacity came back: %+v", j)
	}
}

func TestFailNextOpenAndStart(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)
	s.FailNextStart("df1", http.StatusTooManyRequests, "status_exception", "Could not start datafeed [df1] as indices are being upgraded")
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start", ""), 429, "status_exception",
		"Could not start datafeed [df1] as indices are being upgraded")
	if j := mustJob(t, s, "j1"); j.DatafeedState != "stopped" {
		t.Fatalf("after the failed start: %+v", j)
	}
	do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "")
	s.FailNextOpen("j1", http.StatusInternalServerError, "exception", "Unexpected job state [failed] while waiting for job to be opened")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", ""), 500, "exception",
		"Unexpected job state [failed] while waiting for job to be opened")
	if j := mustJob(t, s, "j1"); j.State != "closed" {
		t.Fatalf("after the failed open: %+v", j)
	}
	// Used up: the next ones succeed.
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", ""); r.status != 200 || r.body["node"] == "" {
		t.Fatalf("open: %s", r.raw)
	}
	if r := do(t, es, "POST", "/_ml/datafeeds/df1/_start", ""); r.status != 200 {
		t.Fatalf("start: %s", r.raw)
	}
}
