package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
)

// Shared by the transform tests: a source index of sales (host, bytes,
// timestamp), transforms over it, and waits on the emulator's view.

// fillSales creates index with a date mapping and n documents spread over
// hosts host-0..host-<hosts-1>, timestamps an hour apart ending two hours
// ago (older than any sync delay the tests use).
func fillSales(t *testing.T, es *elasticsearch.Client, index string, n, hosts int) {
	t.Helper()
	if r := do(t, es, "PUT", "/"+index, `{"mappings":{"properties":{"timestamp":{"type":"date"},"host":{"type":"keyword"},"bytes":{"type":"long"}}}}`); r.status != 200 {
		t.Fatalf("create %s: %s", index, r.raw)
	}
	addSales(t, es, index, 0, n, hosts, time.Now().Add(-2*time.Hour))
}

// addSales indexes documents first..first+n-1, the last at end.
func addSales(t *testing.T, es *elasticsearch.Client, index string, first, n, hosts int, end time.Time) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		at := end.Add(-time.Duration(n-1-i) * time.Hour)
		fmt.Fprintf(&b, "{\"index\":{\"_id\":\"%d\"}}\n{\"host\":\"host-%d\",\"bytes\":%d,\"timestamp\":%d}\n", first+i, (first+i)%hosts, 100+first+i, at.UnixMilli())
	}
	if r := do(t, es, "POST", "/"+index+"/_bulk?refresh=true", b.String()); r.status != 200 || r.body["errors"] != false {
		t.Fatalf("bulk: %s", r.raw)
	}
}

// pivotBody is a pivot by host with the sum and max of bytes.
func pivotBody(source, dest, extra string) string {
	return `{"source":{"index":"` + source + `"},"dest":{"index":"` + dest + `"},` + extra +
		`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"total":{"sum":{"field":"bytes"}},"last":{"max":{"field":"timestamp"}}}}}`
}

// continuousBody adds a sync section (delay 100ms, frequency 1h so passes
// run only when a test triggers them).
func continuousBody(source, dest string) string {
	return pivotBody(source, dest, `"frequency":"1h","sync":{"time":{"field":"timestamp","delay":"100ms"}},`)
}

func putTransform(t *testing.T, es *elasticsearch.Client, id, body string) {
	t.Helper()
	if r := do(t, es, "PUT", "/_transform/"+id, body); r.status != 200 || r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("put %s: %d %s", id, r.status, r.raw)
	}
}

// waitTransform waits until the transform's view satisfies cond.
func waitTransform(t *testing.T, s *Server, id string, what string, cond func(TransformSnapshot) bool) TransformSnapshot {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tf, ok := s.Transform(id)
		if ok && cond(tf) {
			return tf
		}
		if time.Now().After(deadline) {
			t.Fatalf("transform %s never got %s; last %+v", id, what, tf)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// statsOf returns the one stats entry of GET _transform/<id>/_stats.
func statsOf(t *testing.T, es *elasticsearch.Client, id string) map[string]any {
	t.Helper()
	r := do(t, es, "GET", "/_transform/"+id+"/_stats", "")
	list, _ := r.body["transforms"].([]any)
	if r.status != 200 || len(list) != 1 {
		t.Fatalf("stats of %s: %s", id, r.raw)
	}
	return list[0].(map[string]any)
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

func count(t *testing.T, es *elasticsearch.Client, index string) int64 {
	t.Helper()
	r := do(t, es, "GET", "/"+index+"/_count", "")
	if r.status != 200 {
		t.Fatalf("count %s: %s", index, r.raw)
	}
	return num(r.body["count"])
}

func TestPutTransformValidates(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 4, 2)

	wantErr(t, do(t, es, "PUT", "/_transform/tf", ""), 400, "parse_exception", "request body is required")
	wantErr(t, do(t, es, "PUT", "/_transform/tf", `{"source":{"index":"sales"},"dest":{"index":"out"}}`), 400,
		"illegal_argument_exception", "Transform configuration must specify exactly 1 function")
	wantErr(t, do(t, es, "PUT", "/_transform/tf", `{"dest":{"index":"out"},"latest":{"unique_key":["host"],"sort":"timestamp"}}`), 400,
		"illegal_argument_exception", "Required [source]")
	wantErr(t, do(t, es, "PUT", "/_transform/tf", `{"id":"other",`+pivotBody("sales", "out", "")[1:]), 400,
		"illegal_argument_exception", "Inconsistent id; 'other' specified in the body differs from 'tf' specified as a URL argument")
	wantErr(t, do(t, es, "PUT", "/_transform/tf", `{"version":"8.0.0",`+pivotBody("sales", "out", "")[1:]), 400,
		"illegal_argument_exception", "Found [version], not allowed for strict parsing")
	wantErr(t, do(t, es, "PUT", "/_transform/tf", pivotBody("sales", "out", `"colour":"red",`)), 400,
		"x_content_parse_exception", "[data_frame_transform_config] unknown field [colour]")

	// Request validation collects every problem.
	wantErr(t, do(t, es, "PUT", "/_transform/Bad_ID-", pivotBody("sales", "Out", `"frequency":"500ms",`)), 400,
		"action_request_validation_exception",
		"Validation Failed: 1: Destination index [Out] must be lowercase;2: Invalid id; 'Bad_ID-' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start and end with alphanumeric;3: minimum permitted [frequency] is [1s];")
	long := strings.Repeat("a", 65)
	wantErr(t, do(t, es, "PUT", "/_transform/"+long, pivotBody("sales", "out", `"frequency":"2h",`)), 400,
		"action_request_validation_exception", "Validation Failed: 1: The id cannot contain more than 64 characters.;2: highest permitted [frequency] is [1h];")

	// The source must exist unless validation is deferred.
	wantErr(t, do(t, es, "PUT", "/_transform/tf", pivotBody("nope", "out", "")), 400,
		"validation_exception", "Validation Failed: 1: Source index [nope] does not exist;")
	wantErr(t, do(t, es, "PUT", "/_transform/tf", pivotBody("sal*", "sales-out", "")), 400,
		"validation_exception", "Validation Failed: 1: Destination index [sales-out] is included in source expression [sal*];")
	if r := do(t, es, "PUT", "/_transform/deferred?defer_validation=true", pivotBody("nope", "out", "")); r.status != 200 {
		t.Fatalf("deferred: %s", r.raw)
	}

	putTransform(t, es, "tf", pivotBody("sales", "out", ""))
	wantErr(t, do(t, es, "PUT", "/_transform/tf", pivotBody("sales", "out", "")), 400,
		"resource_already_exists_exception", "Transform with id [tf] already exists")
}

func TestGetTransformShowsTheConfig(t *testing.T) {
	_, u := start(t, WithVersion("8.19.0"))
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 4, 2)
	putTransform(t, es, "cont", `{"source":{"index":["sales"],"query":{"term":{"host":"host-1"}}},"dest":{"index":"out"},`+
		`"sync":{"time":{"field":"timestamp"}},"description":"by host","_meta":{"team":"web"},`+
		`"latest":{"unique_key":["host"],"sort":"timestamp"}}`)

	r := do(t, es, "GET", "/_transform/cont", "")
	tfs := r.body["transforms"].([]any)
	if r.status != 200 || r.body["count"].(float64) != 1 || len(tfs) != 1 {
		t.Fatalf("%s", r.raw)
	}
	got := tfs[0].(map[string]any)
	// Field order as Elasticsearch writes it; the delay defaults to 60s.
	wantPrefix := `{"count":1,"transforms":[{"id":"cont","version":"8.19.0","create_time":`
	if !strings.HasPrefix(r.raw, wantPrefix) ||
		!strings.Contains(r.raw, `,"source":{"index":["sales"],"query":{"term":{"host":"host-1"}}},"dest":{"index":"out"},"sync":{"time":{"field":"timestamp","delay":"60s"}},"latest":{"unique_key":["host"],"sort":"timestamp"},"description":"by host","settings":{},"_meta":{"team":"web"}}]}`) {
		t.Fatalf("config:\n%s", r.raw)
	}
	if _, has := got["authorization"]; has {
		t.Fatal("authorization without security")
	}
	r = do(t, es, "GET", "/_transform/cont?exclude_generated", "")
	if strings.Contains(r.raw, `"version"`) || strings.Contains(r.raw, `"create_time"`) {
		t.Fatalf("exclude_generated: %s", r.raw)
	}
}

func TestTransformIDExpressions(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	for _, id := range []string{"web-b", "web-a", "db-a"} {
		putTransform(t, es, id, pivotBody("sales", "out-"+id, ""))
	}
	ids := func(path string) string {
		t.Helper()
		r := do(t, es, "GET", path, "")
		if r.status != 200 {
			t.Fatalf("%s: %s", path, r.raw)
		}
		var out []string
		for _, tf := range r.body["transforms"].([]any) {
			out = append(out, tf.(map[string]any)["id"].(string))
		}
		return fmt.Sprintf("%d %s", num(r.body["count"]), strings.Join(out, ","))
	}
	for path, want := range map[string]string{
		"/_transform":                      "3 db-a,web-a,web-b",
		"/_transform/_all":                 "3 db-a,web-a,web-b",
		"/_transform/*":                    "3 db-a,web-a,web-b",
		"/_transform/web-*":                "2 web-a,web-b",
		"/_transform/web-b,db-a":           "2 db-a,web-b",
		"/_transform/web*,db-a":            "3 db-a,web-a,web-b",
		"/_transform/nothing*":             "0 ",
		"/_transform/web-*/_stats":         "2 web-a,web-b",
		"/_transform/_stats":               "3 db-a,web-a,web-b",
		"/_transform/web-a,missing/_stats": "0 ",
	} {
		if got := ids(path); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
	// An exact id that matches nothing is an error whatever allow_no_match
	// says; a wildcard only with allow_no_match=false.
	wantErr(t, do(t, es, "GET", "/_transform/missing", ""), 404, "resource_not_found_exception", "Transform with id [missing] could not be found")
	wantErr(t, do(t, es, "GET", "/_transform/missing,web-a,gone", ""), 404, "resource_not_found_exception", "Transform with id [missing,gone] could not be found")
	wantErr(t, do(t, es, "GET", "/_transform/nothing*?allow_no_match=false", ""), 404, "resource_not_found_exception", "Transform with id [nothing*] could not be found")
	// Stats never answer 404 for what matches nothing.
	if got := ids("/_transform/missing/_stats"); got != "0 " {
		t.Errorf("stats of a missing transform: %s", got)
	}
	if got := ids("/_transform/nothing*/_stats?allow_no_match=false"); got != "0 " {
		t.Errorf("stats with allow_no_match=false: %s", got)
	}
}

func TestTransformPaging(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	const n = 1234
	for i := range n {
		putTransform(t, es, fmt.Sprintf("tf-%04d", i), pivotBody("sales", "out", ""))
	}
	page := func(path string) (int64, []string) {
		t.Helper()
		r := do(t, es, "GET", path, "")
		if r.status != 200 {
			t.Fatalf("%s: %s", path, r.raw)
		}
		var ids []string
		for _, tf := range r.body["transforms"].([]any) {
			ids = append(ids, tf.(map[string]any)["id"].(string))
		}
		return num(r.body["count"]), ids
	}
	// 100 a page by default; count is the total.
	total, ids := page("/_transform")
	if total != n || len(ids) != 100 || ids[0] != "tf-0000" || ids[99] != "tf-0099" {
		t.Fatalf("default page: %d %d %v..%v", total, len(ids), ids[0], ids[len(ids)-1])
	}
	total, ids = page("/_transform/tf-*/_stats?from=1200&size=1000")
	if total != n || len(ids) != 34 || ids[0] != "tf-1200" {
		t.Fatalf("last page of stats: %d %d", total, len(ids))
	}
	seen := 0
	for from := 0; ; from += 1000 {
		_, ids := page(fmt.Sprintf("/_transform/_all?from=%d&size=1000", from))
		seen += len(ids)
		if len(ids) < 1000 {
			break
		}
	}
	if seen != n {
		t.Fatalf("paged through %d of %d", seen, n)
	}
	// Past the end: an empty page, still the total.
	if total, ids := page("/_transform?from=5000"); total != n || len(ids) != 0 {
		t.Fatalf("past the end: %d %v", total, ids)
	}
	wantErr(t, do(t, es, "GET", "/_transform?size=1001", ""), 400, "action_request_validation_exception",
		"Validation Failed: 1: Param [size] has a max acceptable value of [1000];")
	wantErr(t, do(t, es, "GET", "/_transform/_stats?size=1001", ""), 400, "action_request_validation_exception",
		"Validation Failed: 1: Param [size] has a max acceptable value of [1000];")
	wantErr(t, do(t, es, "GET", "/_transform?from=-1", ""), 400, "illegal_argument_exception", "Parameter [from] cannot be < 0")
	// An exact id must be on the page asked for.
	wantErr(t, do(t, es, "GET", "/_transform/tf-0000,tf-0500?size=1", ""), 404, "resource_not_found_exception",
		"Transform with id [tf-0500] could not be found")
}

func TestStatsOfATransformThatNeverRan(t *testing.T) {
	for _, tc := range []struct {
		version    string
		wantHealth bool
	}{{"8.19.0", true}, {"8.6.0", true}, {"8.5.3", false}} {
		t.Run(tc.version, func(t *testing.T) {
			_, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			fillSales(t, es, "sales", 2, 1)
			putTransform(t, es, "tf", pivotBody("sales", "out", ""))
			r := do(t, es, "GET", "/_transform/tf/_stats", "")
			want := `{"count":1,"transforms":[{"id":"tf","state":"stopped","stats":{"pages_processed":0,"documents_processed":0,"documents_indexed":0,"documents_deleted":0,` +
				`"trigger_count":0,"index_time_in_ms":0,"index_total":0,"index_failures":0,"search_time_in_ms":0,"search_total":0,"search_failures":0,` +
				`"processing_time_in_ms":0,"processing_total":0,"delete_time_in_ms":0,"exponential_avg_checkpoint_duration_ms":0,` +
				`"exponential_avg_documents_indexed":0,"exponential_avg_documents_processed":0},"checkpointing":{"last":{"checkpoint":0}}`
			if tc.wantHealth {
				want += `,"health":{"status":"green"}`
			}
			want += "}]}\n"
			if r.raw != want {
				t.Fatalf("got\n%s\nwant\n%s", r.raw, want)
			}
		})
	}
}

func TestTransformAPIsByVersion(t *testing.T) {
	// Before 7.5 there is no _transform API; before 8.1 no reset.
	_, u := start(t, WithVersion("7.4.2"))
	es, _ := plainClients(t, u)
	r := do(t, es, "GET", "/_transform", "")
	if r.status != 400 || r.raw != `{"error":"no handler found for uri [/_transform] and method [GET]"}`+"\n" {
		t.Fatalf("7.4: %d %s", r.status, r.raw)
	}

	s, u := start(t, WithVersion("8.0.1"))
	es, _ = plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	putTransform(t, es, "tf", pivotBody("sales", "out", ""))
	r = do(t, es, "POST", "/_transform/tf/_reset", "")
	if r.status != 400 || r.raw != `{"error":"no handler found for uri [/_transform/tf/_reset] and method [POST]"}`+"\n" {
		t.Fatalf("reset on 8.0: %d %s", r.status, r.raw)
	}
	// start's from parameter came with 8.7.
	wantErr(t, do(t, es, "POST", "/_transform/tf/_start?from=now-1d", ""), 400, "illegal_argument_exception",
		"request [/_transform/tf/_start] contains unrecognized parameter: [from]")
	s.SetVersion("8.1.0")
	if r := do(t, es, "POST", "/_transform/tf/_reset", ""); r.status != 200 {
		t.Fatalf("reset on 8.1: %s", r.raw)
	}
}

func TestTransformsOnServerless(t *testing.T) {
	s, u := start(t, WithServerless(), WithVersion("8.11.0"))
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	putTransform(t, es, "tf", continuousBody("sales", "out"))
	if r := do(t, es, "POST", "/_transform/tf/_start", ""); r.status != 200 {
		t.Fatalf("start: %s", r.raw)
	}
	waitTransform(t, s, "tf", "checkpoint 1", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 })
	st := statsOf(t, es, "tf")
	if _, has := st["node"]; has || st["health"] == nil {
		t.Fatalf("serverless stats show a node or lack health: %v", st)
	}
	for _, call := range []string{"/_transform/tf/_stop?wait_for_completion=true", "/_transform/tf/_reset"} {
		if r := do(t, es, "POST", call, ""); r.status != 200 {
			t.Fatalf("%s: %s", call, r.raw)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
