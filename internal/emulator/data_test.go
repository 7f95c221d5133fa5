package emulator

import (
	"regexp"
	"strings"
	"testing"
)

// The job and records of YAML post_data.yml: two records an hour apart in
// epoch seconds, a metric detector on two fields.
const (
	airlineJob = `{"analysis_config":{"bucket_span":"1h","detectors":[{"function":"metric","field_name":"responsetime","by_field_name":"airline"}]},` +
		`"data_description":{"time_field":"time","time_format":"epoch"}}`
	airlineData = `{"airline":"AAL","responsetime":"132.2046","time":"1403481600"}` + "\n" +
		`{"airline":"JZA","responsetime":"990.4628","time":"1403481700"}` + "\n"
)

func TestPostDataAnswersAcceptedWithCountsAndWarning(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	do(t, es, "PUT", "/_ml/anomaly_detectors/air", airlineJob)
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/air/_data", airlineData), 409, "status_exception",
		"Cannot perform requested action because job [air] is not open")
	// The job task is looked for, not the job: unknown is "not open" too.
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/ghost/_data", airlineData), 409, "status_exception",
		"Cannot perform requested action because job [ghost] is not open")

	do(t, es, "POST", "/_ml/anomaly_detectors/air/_open", "")
	r := do(t, es, "POST", "/_ml/anomaly_detectors/air/_data", airlineData)
	if r.status != 202 {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	for k, want := range map[string]float64{
		"processed_record_count": 2, "processed_field_count": 4, "input_field_count": 6, "input_record_count": 2,
		"earliest_record_timestamp": 1403481600000, "latest_record_timestamp": 1403481700000, "invalid_date_count": 0,
	} {
		if r.body[k] != want {
			t.Errorf("%s = %v, want %v", k, r.body[k], want)
		}
	}
	warning := regexp.MustCompile(`^299 Elasticsearch-8\.19\.0-[0-9a-f]{8} "Posting data directly to anomaly detection jobs is deprecated, in a future major version it will be compulsory to use a datafeed"$`)
	if w := r.header.Get("Warning"); !warning.MatchString(w) {
		t.Errorf("Warning header %q", w)
	}
	if j := mustJob(t, s, "air"); j.ProcessedRecords != 2 {
		t.Fatalf("job counts: %+v", j)
	}
}

func TestPostDataIsGoneOnServerless(t *testing.T) {
	s, u := start(t, WithServerless())
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	_ = s.OpenJob("j1")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_data", `{"timestamp":1}`), 410, "api_not_available_exception",
		"Request for uri [/_ml/anomaly_detectors/j1/_data] with method [POST] exists but is not available when running in serverless mode")
}

func TestFlushFinalisesBuckets(t *testing.T) {
	_, u := start(t, WithVersion("9.1.0"))
	es, _ := plainClients(t, u)
	do(t, es, "PUT", "/_ml/anomaly_detectors/air", airlineJob)
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/air/_flush", ""), 409, "status_exception",
		"Cannot perform requested action because job [air] is not open")
	do(t, es, "POST", "/_ml/anomaly_detectors/air/_open", "")

	r := do(t, es, "POST", "/_ml/anomaly_detectors/air/_flush", "")
	if r.raw != `{"flushed":true}`+"\n" {
		t.Fatalf("flush without data: %s", r.raw)
	}
	if !strings.Contains(r.header.Get("Warning"), `"Forcing any buffered data to be processed is deprecated`) {
		t.Errorf("9.1 flush warning: %q", r.header.Get("Warning"))
	}
	do(t, es, "POST", "/_ml/anomaly_detectors/air/_data", airlineData)
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/air/_flush", ""); r.body["last_finalized_bucket_end"] != 1403481600000.0 {
		t.Fatalf("flush after data: %s", r.raw)
	}
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/air/_flush?skip_time=1403488700", ""); r.body["last_finalized_bucket_end"] != 1403488800000.0 {
		t.Fatalf("flush with skip_time: %s", r.raw)
	}
}

func TestCloseAfterDataPersistsASnapshotAndItsAnnotation(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	do(t, es, "PUT", "/_ml/anomaly_detectors/air", airlineJob)
	do(t, es, "PUT", "/_ml/anomaly_detectors/idle", airlineJob)
	for _, id := range []string{"air", "idle"} {
		do(t, es, "POST", "/_ml/anomaly_detectors/"+id+"/_open", "")
	}
	do(t, es, "POST", "/_ml/anomaly_detectors/air/_data", airlineData)
	for _, id := range []string{"air", "idle"} {
		do(t, es, "POST", "/_ml/anomaly_detectors/"+id+"/_close", "")
	}

	job := do(t, es, "GET", "/_ml/anomaly_detectors/air", "").body["jobs"].([]any)[0].(map[string]any)
	if id, _ := job["model_snapshot_id"].(string); !regexp.MustCompile(`^\d{10}$`).MatchString(id) {
		t.Fatalf("model_snapshot_id %v", job["model_snapshot_id"])
	}
	snapshots := func(jobID string) float64 {
		q := `{"query":{"bool":{"filter":[{"term":{"job_id":"` + jobID + `"}},{"term":{"create_username":"_xpack"}},{"term":{"event":"model_snapshot_stored"}}]}}}`
		return do(t, es, "POST", "/.ml-annotations-read/_count", q).body["count"].(float64)
	}
	if n := snapshots("air"); n != 1 {
		t.Fatalf("snapshot annotations after data: %v", n)
	}
	// Open and close without data persists nothing.
	if j := mustJob(t, s, "idle"); j.ModelSnapshotID != "" || snapshots("idle") != 0 {
		t.Fatalf("idle job: %+v", j)
	}
}
