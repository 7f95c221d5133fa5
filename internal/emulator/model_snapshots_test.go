package emulator

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// stepBase is where steppedJob's data begins.
var stepBase = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// steppedJob makes a job (15m buckets) learn in steps: step k feeds a
// record a minute through hour k after stepBase, then closes the job,
// which persists snapshot k. It returns the snapshot ids, oldest first.
func steppedJob(t *testing.T, s *Server, id string, steps int) []string {
	t.Helper()
	s.PutJob(id)
	var ids []string
	for k := range steps {
		if err := s.OpenJob(id); err != nil {
			t.Fatal(err)
		}
		times := make([]time.Time, 60)
		for i := range times {
			times[i] = stepBase.Add(time.Duration(k)*time.Hour + time.Duration(i)*time.Minute)
		}
		if err := s.FeedRecords(id, times); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseJob(id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, mustJob(t, s, id).ModelSnapshotID)
	}
	return ids
}

// at is a time after stepBase, in epoch ms as JSON numbers decode.
func at(d time.Duration) float64 { return float64(stepBase.Add(d).UnixMilli()) }

// snapshotIDs lists the snapshot_id of each snapshot of an answer.
func snapshotIDs(t *testing.T, r response) []string {
	t.Helper()
	list, ok := r.body["model_snapshots"].([]any)
	if !ok {
		t.Fatalf("no model_snapshots in %s", r.raw)
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i], _ = m.(map[string]any)["snapshot_id"].(string)
	}
	return ids
}

func reversed(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}

// Each close after data stores a snapshot with where the job stood; a
// close without new data stores none.
func TestEveryCloseAfterDataStoresASnapshot(t *testing.T) {
	s, u := start(t, WithVersion("8.19.0"))
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 3)
	if ids[0] == ids[1] || ids[1] == ids[2] {
		t.Fatalf("snapshot ids must differ: %v", ids)
	}
	if err := s.OpenJob("web"); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseJob("web"); err != nil {
		t.Fatal(err)
	}

	r := do(t, es, "GET", "/_ml/anomaly_detectors/web/model_snapshots", "")
	if r.status != 200 || r.body["count"] != 3.0 {
		t.Fatalf("three snapshots: %s", r.raw)
	}
	// Newest first, the fields in Elasticsearch's order.
	if got := snapshotIDs(t, r); !reflect.DeepEqual(got, reversed(ids)) {
		t.Fatalf("order %v, want %v", got, reversed(ids))
	}
	keys := regexp.MustCompile(`"(job_id|min_version|timestamp|description|snapshot_id|snapshot_doc_count|model_size_stats|latest_record_time_stamp|latest_result_time_stamp|retain)":`)
	first := strings.SplitN(r.raw, `},{"job_id"`, 2)[0]
	var order []string
	for _, m := range keys.FindAllStringSubmatch(first, -1) {
		order = append(order, m[1])
	}
	// model_size_stats holds its own job_id and timestamp.
	want := []string{"job_id", "min_version", "timestamp", "description", "snapshot_id", "snapshot_doc_count",
		"model_size_stats", "job_id", "timestamp", "latest_record_time_stamp", "latest_result_time_stamp", "retain"}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("field order %v\nwant %v\nin %s", order, want, first)
	}

	newest := r.body["model_snapshots"].([]any)[0].(map[string]any)
	// Step 2 ran to 02:59; its latest final bucket is 02:30 (02:45 still
	// gathers data).
	if newest["latest_record_time_stamp"] != at(2*time.Hour+59*time.Minute) ||
		newest["latest_result_time_stamp"] != at(2*time.Hour+30*time.Minute) ||
		newest["retain"] != false || newest["snapshot_doc_count"] != 1.0 || newest["min_version"] != "8.19.0" ||
		newest["job_id"] != "web" {
		t.Fatalf("newest snapshot: %v", newest)
	}
	if d, _ := newest["description"].(string); !strings.HasPrefix(d, "State persisted due to job close at ") {
		t.Fatalf("description %q", d)
	}
	if sec := newest["snapshot_id"].(string); newest["timestamp"] != float64(mustInt(t, sec)*1000) {
		t.Fatalf("timestamp %v for id %s", newest["timestamp"], sec)
	}
	size := newest["model_size_stats"].(map[string]any)
	oldest := r.body["model_snapshots"].([]any)[2].(map[string]any)
	if size["model_bytes"].(float64) <= oldest["model_size_stats"].(map[string]any)["model_bytes"].(float64) {
		t.Fatalf("a model that learned more is bigger: %v vs %v", size, oldest["model_size_stats"])
	}
	if got := len(s.ResultBuckets("web")); got != 11 {
		t.Fatalf("00:00 to 02:30 are 11 final buckets, got %d", got)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The parameters of GET model_snapshots: sort and order, a page and its
// total, a time range on timestamp (start inclusive, end exclusive), and a
// snapshot id expression; the same through a body.
func TestGetModelSnapshotsParameters(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 3)
	path := "/_ml/anomaly_detectors/web/model_snapshots"
	ts := func(i int) string { return fmt.Sprint(mustInt(t, ids[i]) * 1000) }

	cases := []struct {
		name, method, path, body string
		count                    float64
		want                     []string
	}{
		{"ascending", "GET", path + "?desc=false", "", 3, ids},
		{"a page: count is the total", "GET", path + "?size=1&from=1", "", 3, ids[1:2]},
		{"past the end", "GET", path + "?from=5", "", 3, []string{}},
		{"sorted by id", "GET", path + "?sort=snapshot_id&desc=false", "", 3, ids},
		{"start inclusive", "GET", path + "?desc=false&start=" + ts(1), "", 2, ids[1:]},
		{"end exclusive", "GET", path + "?desc=false&end=" + ts(1), "", 1, ids[:1]},
		{"ISO dates", "GET", path + "?start=2000-01-01T00:00:00Z&end=now%2B1d", "", 3, reversed(ids)},
		{"one id", "GET", path + "/" + ids[1], "", 1, ids[1:2]},
		{"a list", "GET", path + "/" + ids[0] + "," + ids[2] + "?desc=false", "", 2, []string{ids[0], ids[2]}},
		{"a wildcard", "GET", path + "/" + ids[0][:4] + "*", "", 3, reversed(ids)},
		{"_all", "GET", path + "/_all", "", 3, reversed(ids)},
		{"no match is no error", "GET", path + "/42", "", 0, []string{}},
		{"POST without body", "POST", path + "?size=2", "", 3, reversed(ids)[:2]},
		{"body", "POST", path, `{"desc":false,"page":{"from":1,"size":1}}`, 3, ids[1:2]},
		{"body: newest first unless told", "POST", path, `{"sort":"timestamp"}`, 3, reversed(ids)},
		{"body on GET, range", "GET", path, `{"start":"` + ts(1) + `","end":"` + ts(2) + `"}`, 1, ids[1:2]},
		{"body wins over the path's nothing", "POST", path + "/" + ids[2], `{"snapshot_id":"x","job_id":"y"}`, 1, ids[2:]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, es, tc.method, tc.path, tc.body)
			if r.status != 200 || r.body["count"] != tc.count {
				t.Fatalf("want count %v: %s", tc.count, r.raw)
			}
			if got := snapshotIDs(t, r); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}

	errs := []struct {
		name, method, path, body string
		status                   int
		typ, reason              string
	}{
		{"unknown job", "GET", "/_ml/anomaly_detectors/nope/model_snapshots", "", 404, "resource_not_found_exception", "No known job with id 'nope'"},
		{"negative from", "GET", path + "?from=-1", "", 400, "illegal_argument_exception", "Parameter [from] cannot be < 0"},
		{"negative size", "GET", path + "?size=-1", "", 400, "illegal_argument_exception", "Parameter [size] cannot be < 0"},
		{"negative size in a body", "POST", path, `{"page":{"size":-1}}`, 400, "illegal_argument_exception", "Parameter [size] cannot be < 0"},
		{"a body: query parameters are not read", "POST", path + "?desc=false", `{"sort":"timestamp"}`, 400, "illegal_argument_exception",
			"request [" + path + "] contains unrecognized parameter: [desc]"},
		{"unknown body field", "POST", path, `{"size":1}`, 400, "x_content_parse_exception", "[1:2] [get_model_snapshots] unknown field [size]"},
		{"bad desc", "GET", path + "?desc=yes", "", 400, "illegal_argument_exception", "Failed to parse value [yes] as only [true] or [false] are allowed."},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, do(t, es, tc.method, tc.path, tc.body), tc.status, tc.typ, tc.reason)
		})
	}
}

// Elasticsearch answers 100 snapshots a page unless asked for more.
func TestGetModelSnapshotsPagesOf100(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("busy")
	for i := range 101 {
		if err := s.OpenJob("busy"); err != nil {
			t.Fatal(err)
		}
		if err := s.FeedRecords("busy", []time.Time{stepBase.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseJob("busy"); err != nil {
			t.Fatal(err)
		}
	}
	r := do(t, es, "GET", "/_ml/anomaly_detectors/busy/model_snapshots", "")
	if r.body["count"] != 101.0 || len(snapshotIDs(t, r)) != 100 {
		t.Fatalf("count %v, %d on the page", r.body["count"], len(snapshotIDs(t, r)))
	}
	if r := do(t, es, "GET", "/_ml/anomaly_detectors/busy/model_snapshots?from=100", ""); len(snapshotIDs(t, r)) != 1 {
		t.Fatalf("second page: %s", r.raw)
	}
	wantErr(t, do(t, es, "GET", "/_ml/anomaly_detectors/busy/model_snapshots?from=9000&size=1001", ""), 400,
		"illegal_argument_exception", "The sum of parameters [from] and [size] cannot be higher than 10000.")
}

// _update changes description and retain; a missing snapshot, or job, is
// a missing snapshot.
func TestUpdateModelSnapshot(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ids := steppedJob(t, s, "web", 2)
	path := "/_ml/anomaly_detectors/web/model_snapshots/" + ids[0] + "/_update"

	r := do(t, es, "POST", path, `{"retain":true,"description":"before the outage"}`)
	model, _ := r.body["model"].(map[string]any)
	if r.status != 200 || r.body["acknowledged"] != true || model["retain"] != true || model["description"] != "before the outage" {
		t.Fatalf("update: %s", r.raw)
	}
	list, _ := s.ModelSnapshots("web")
	if !list[1].Retain || list[1].Description != "before the outage" || list[0].Retain {
		t.Fatalf("stored: %+v", list)
	}
	if r := do(t, es, "POST", path, `{"retain":false}`); r.body["model"].(map[string]any)["description"] != "before the outage" {
		t.Fatalf("only the fields given change: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web/model_snapshots/42/_update", `{"retain":true}`), 404,
		"resource_not_found_exception", "No model snapshot with id [42] exists for job [web]")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/nope/model_snapshots/42/_update", `{"retain":true}`), 404,
		"resource_not_found_exception", "No model snapshot with id [42] exists for job [nope]")
	wantErr(t, do(t, es, "POST", path, ""), 400, "parse_exception", "request body is required")
	wantErr(t, do(t, es, "POST", path, `{"keep":true}`), 400, "x_content_parse_exception", "[1:2] [update_model_snapshot] unknown field [keep]")
}

// The snapshot APIs are internal on serverless: a public call gets 410.
func TestModelSnapshotAPIsAreGoneOnServerless(t *testing.T) {
	s, u := start(t, WithServerless())
	es, _ := plainClients(t, u)
	s.PutJob("web")
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/_ml/anomaly_detectors/web/model_snapshots", ""},
		{"POST", "/_ml/anomaly_detectors/web/model_snapshots/_all", ""},
		{"GET", "/_ml/anomaly_detectors/web/model_snapshots/1", ""},
		{"POST", "/_ml/anomaly_detectors/web/model_snapshots/1/_revert", ""},
		{"POST", "/_ml/anomaly_detectors/web/model_snapshots/1/_update", `{"retain":true}`},
	} {
		wantErr(t, do(t, es, c.method, c.path, c.body), 410, "api_not_available_exception",
			"Request for uri ["+c.path+"] with method ["+c.method+"] exists but is not available when running in serverless mode")
	}
}

// A reset deletes every snapshot and result along with the model.
func TestResetDeletesAllSnapshots(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	steppedJob(t, s, "web", 2)
	if r := do(t, es, "POST", "/_ml/anomaly_detectors/web/_reset", ""); r.status != 200 {
		t.Fatalf("reset: %s", r.raw)
	}
	r := do(t, es, "GET", "/_ml/anomaly_detectors/web/model_snapshots", "")
	if r.status != 200 || r.raw != `{"count":0,"model_snapshots":[]}`+"\n" {
		t.Fatalf("after reset: %s", r.raw)
	}
	if b := s.ResultBuckets("web"); len(b) != 0 {
		t.Fatalf("results after reset: %v", b)
	}
}

// Reading snapshots needs monitor_ml; revert and update need manage_ml.
func TestModelSnapshotPrivileges(t *testing.T) {
	s, u := start(t, WithSecurity())
	s.AddUser("viewer", "viewer-pw", "monitor_ml")
	ids := steppedJob(t, s, "web", 1)
	viewer, _ := basic(t, u, "viewer", "viewer-pw")
	if r := do(t, viewer, "GET", "/_ml/anomaly_detectors/web/model_snapshots", ""); r.status != 200 {
		t.Fatalf("monitor_ml reads: %s", r.raw)
	}
	r := do(t, viewer, "POST", "/_ml/anomaly_detectors/web/model_snapshots/"+ids[0]+"/_revert", "")
	if typ, reason := errOf(t, r); r.status != 403 || typ != "security_exception" ||
		!strings.Contains(reason, "action [cluster:admin/xpack/ml/job/model_snapshots/revert] is unauthorized for user [viewer]") {
		t.Fatalf("revert without manage_ml: %s", r.raw)
	}
}
