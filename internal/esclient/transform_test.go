package esclient

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// setUp sends a fixture request the test cannot go on without.
func setUp(t *testing.T, c *Client, req esapi.Request) {
	t.Helper()
	if err := c.Do(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
}

// salesTransform creates the index sales (six documents over two hosts)
// and a pivot transform id from it into dest; with continuous, a sync
// section too.
func salesTransform(t *testing.T, c *Client, id, dest string, continuous bool) {
	t.Helper()
	if err := c.Do(context.Background(), esapi.IndicesExistsRequest{Index: []string{"sales"}}, nil); err != nil {
		setUp(t, c, esapi.IndicesCreateRequest{Index: "sales", Body: strings.NewReader(`{"mappings":{"properties":{"timestamp":{"type":"date"},"host":{"type":"keyword"}}}}`)})
		var bulk strings.Builder
		for i := range 6 {
			fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"host\":\"h%d\",\"bytes\":%d,\"timestamp\":%d}\n", i%2, i, time.Now().Add(-time.Hour).UnixMilli())
		}
		setUp(t, c, esapi.BulkRequest{Index: "sales", Body: strings.NewReader(bulk.String()), Refresh: "true"})
	}
	sync := ""
	if continuous {
		sync = `"frequency":"1h","sync":{"time":{"field":"timestamp","delay":"1s"}},`
	}
	setUp(t, c, esapi.TransformPutTransformRequest{TransformID: id, Body: strings.NewReader(`{"source":{"index":["sales"]},"dest":{"index":"` + dest + `"},` + sync +
		`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"n":{"value_count":{"field":"bytes"}}}}}`)})
}

// waitStats polls TransformStats until cond holds.
func waitStats(t *testing.T, c *Client, id string, cond func(TransformStats) bool) TransformStats {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := c.TransformStats(context.Background(), id)
		if err == nil && cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats of %s: %+v, %v", id, s, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sentTo lists the requests under a path prefix, of one method ("" for
// any), as "METHOD /path?query".
func sentTo(srv *emulator.Server, method, prefix string) []string {
	var out []string
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, prefix) && (method == "" || r.Method == method) {
			q := ""
			if len(r.Query) > 0 {
				q = "?" + r.Query.Encode()
			}
			out = append(out, r.Method+" "+r.Path+q)
		}
	}
	return out
}

func TestTransformLifecycle(t *testing.T) {
	c, srv := newTestClient(t)
	ctx := context.Background()
	salesTransform(t, c, "batch", "sales-by-host", false)
	salesTransform(t, c, "cont", "sales-live", true)

	tf, err := c.GetTransform(ctx, "cont")
	if err != nil || !reflect.DeepEqual(tf, Transform{ID: "cont", SourceIndices: []string{"sales"}, DestIndex: "sales-live", Continuous: true}) {
		t.Fatalf("GetTransform: %+v, %v", tf, err)
	}
	if tf, err := c.GetTransform(ctx, "batch"); err != nil || tf.Continuous {
		t.Fatalf("batch: %+v, %v", tf, err)
	}
	st, err := c.TransformStats(ctx, "batch")
	if err != nil || st != (TransformStats{ID: "batch", State: TransformStopped, Health: "green"}) {
		t.Fatalf("never ran: %+v, %v", st, err)
	}
	// The destination does not exist yet.
	if m, err := c.IndexMeta(ctx, "sales-by-host"); err != nil || m != (IndexMeta{}) || m.DeletedByTransformReset() {
		t.Fatalf("IndexMeta before the start: %+v, %v", m, err)
	}

	srv.ClearRequests()
	if err := c.StartTransform(ctx, "batch"); err != nil {
		t.Fatal(err)
	}
	st = waitStats(t, c, "batch", func(s TransformStats) bool { return s.Checkpoint == 1 && s.State == TransformStopped })
	if st.DocumentsProcessed != 6 || st.DocumentsIndexed != 2 || st.CheckpointTime.IsZero() || time.Since(st.CheckpointTime) > time.Minute {
		t.Fatalf("after the run: %+v", st)
	}
	m, err := c.IndexMeta(ctx, "sales-by-host")
	if err != nil || m != (IndexMeta{Exists: true, Concrete: true, CreatedBy: "transform"}) || !m.DeletedByTransformReset() {
		t.Fatalf("IndexMeta of the destination: %+v, %v", m, err)
	}

	// Stop (always sent, waiting), reset (no body, no force), start.
	if err := c.StopTransform(ctx, "batch", false); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetTransform(ctx, "batch"); err != nil {
		t.Fatal(err)
	}
	if err := c.StopTransform(ctx, "batch", true); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /_transform/batch/_start",
		"POST /_transform/batch/_stop?wait_for_completion=true",
		"POST /_transform/batch/_reset",
		"POST /_transform/batch/_stop?force=true&wait_for_completion=true",
	}
	if got := sentTo(srv, "POST", "/_transform/batch/"); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %q", got)
	}
	for _, r := range srv.Requests() {
		if r.Path == "/_transform/batch/_reset" && r.Body != "" {
			t.Fatalf("reset sent a body: %q", r.Body)
		}
	}
	if st, _ := c.TransformStats(ctx, "batch"); st.Checkpoint != 0 || st.DocumentsProcessed != 0 {
		t.Fatalf("after the reset: %+v", st)
	}
	if m, _ := c.IndexMeta(ctx, "sales-by-host"); m.Exists {
		t.Fatalf("the reset kept the destination: %+v", m)
	}

	// A continuous transform keeps running; a second start is refused.
	if err := c.StartTransform(ctx, "cont"); err != nil {
		t.Fatal(err)
	}
	st = waitStats(t, c, "cont", func(s TransformStats) bool { return s.Checkpoint == 1 && s.State == TransformStarted })
	if !st.Running() {
		t.Fatalf("started is running: %+v", st)
	}
	if err := c.StartTransform(ctx, "cont"); !IsTransformAlreadyStarted(err) {
		t.Fatalf("second start: %v", err)
	}
	if err := c.ResetTransform(ctx, "cont"); !IsTransformRunning(err) {
		t.Fatalf("reset of a running transform: %v", err)
	}
	if err := srv.FailTransform("cont", "disk full"); err != nil {
		t.Fatal(err)
	}
	st, _ = c.TransformStats(ctx, "cont")
	if st.State != TransformFailed || st.Reason != "disk full" || st.Health != "red" || st.Running() {
		t.Fatalf("failed: %+v", st)
	}
	if err := c.StopTransform(ctx, "cont", false); !IsTransformFailed(err) {
		t.Fatalf("stop of a failed transform: %v", err)
	}
	if err := c.StartTransform(ctx, "cont"); !IsTransformFailed(err) {
		t.Fatalf("start of a failed transform: %v", err)
	}
	if err := c.StopTransform(ctx, "cont", true); err != nil {
		t.Fatal(err)
	}
	srv.SetTransformUpgradeMode(true)
	if err := c.ResetTransform(ctx, "cont"); !IsTransformUpgrading(err) {
		t.Fatalf("reset in upgrade mode: %v", err)
	}
	if err := c.StartTransform(ctx, "cont"); !IsTransformUpgrading(err) {
		t.Fatalf("start in upgrade mode: %v", err)
	}
}

func TestMissingTransform(t *testing.T) {
	c, _ := newTestClient(t)
	ctx := context.Background()
	if _, err := c.GetTransform(ctx, "nope"); !IsTransformNotFound(err) {
		t.Errorf("get: %v", err)
	}
	if _, err := c.TransformStats(ctx, "nope"); !IsTransformNotFound(err) {
		t.Errorf("stats (an empty answer): %v", err)
	}
	for name, call := range map[string]func() error{
		"stop":  func() error { return c.StopTransform(ctx, "nope", false) },
		"reset": func() error { return c.ResetTransform(ctx, "nope") },
		"start": func() error { return c.StartTransform(ctx, "nope") },
	} {
		if err := call(); !IsTransformNotFound(err) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := c.Transforms(ctx, "nope", true); !IsTransformNotFound(err) {
		t.Errorf("an exact id in a list: %v", err)
	}
	if list, err := c.Transforms(ctx, "nope*", true); err != nil || len(list) != 0 {
		t.Errorf("a wildcard with allow_no_match: %v, %v", list, err)
	}
	if _, err := c.Transforms(ctx, "nope*", false); !IsTransformNotFound(err) {
		t.Errorf("a wildcard without allow_no_match: %v", err)
	}
	if list, err := c.TransformsStats(ctx, "nope*", false); err != nil || len(list) != 0 {
		t.Errorf("stats of what matches nothing: %v, %v", list, err)
	}
}

func TestTransformsReadsEveryPage(t *testing.T) {
	c, srv := newTestClient(t)
	ctx := context.Background()
	salesTransform(t, c, "tf-0000", "out", false)
	const n = 2345
	for i := 1; i < n; i++ {
		salesTransform(t, c, fmt.Sprintf("tf-%04d", i), "out", false)
	}
	salesTransform(t, c, "other", "out", false)

	srv.ClearRequests()
	list, err := c.Transforms(ctx, "tf-*", false)
	if err != nil || len(list) != n || list[0].ID != "tf-0000" || list[n-1].ID != fmt.Sprintf("tf-%04d", n-1) {
		t.Fatalf("got %d, %v", len(list), err)
	}
	want := []string{
		"GET /_transform/tf-*?allow_no_match=false&from=0&size=1000",
		"GET /_transform/tf-*?allow_no_match=false&from=1000&size=1000",
		"GET /_transform/tf-*?allow_no_match=false&from=2000&size=1000",
	}
	if got := sentTo(srv, "", "/_transform"); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %q", got)
	}
	srv.ClearRequests()
	stats, err := c.TransformsStats(ctx, "_all", true)
	if err != nil || len(stats) != n+1 || stats[n].ID != "tf-2344" || stats[0].ID != "other" || stats[0].State != TransformStopped {
		t.Fatalf("stats: %d, %v", len(stats), err)
	}
	if got := sentTo(srv, "", "/_transform"); len(got) != 3 {
		t.Fatalf("stats sent %q", got)
	}
	// An exact multiple of the page size ends with the count, not an
	// extra empty page.
	transformPageSize = 5
	t.Cleanup(func() { transformPageSize = 1000 })
	srv.ClearRequests()
	if list, err := c.Transforms(ctx, "tf-000*", true); err != nil || len(list) != 10 {
		t.Fatalf("two full pages: %d, %v", len(list), err)
	}
	if got := sentTo(srv, "", "/_transform"); len(got) != 2 {
		t.Fatalf("sent %q", got)
	}
}

func TestIndexMeta(t *testing.T) {
	_, srv := newTestClient(t, emulator.WithSecurity())
	srv.AddUser("admin", "pw", "superuser")
	srv.AddUser("tadmin", "pw", "transform_admin")
	admin, err := New(Config{Endpoints: []string{srv.URL()}, Username: "admin", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	setUp(t, admin, esapi.IndicesCreateRequest{Index: "made-by-transform", Body: strings.NewReader(`{"mappings":{"_meta":{"created_by":"transform"}},"aliases":{"behind-alias":{}}}`)})
	setUp(t, admin, esapi.IndicesCreateRequest{Index: "users", Body: strings.NewReader(`{"mappings":{"properties":{"a":{"type":"keyword"}}}}`)})
	for name, want := range map[string]IndexMeta{
		"made-by-transform": {Exists: true, Concrete: true, CreatedBy: "transform"},
		"behind-alias":      {Exists: true},
		"users":             {Exists: true, Concrete: true},
		"missing":           {},
	} {
		got, err := admin.IndexMeta(ctx, name)
		if err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", name, got, err, want)
		}
		if got.DeletedByTransformReset() != (name == "made-by-transform") {
			t.Errorf("%s: DeletedByTransformReset %v", name, got.DeletedByTransformReset())
		}
	}
	tadmin, err := New(Config{Endpoints: []string{srv.URL()}, Username: "tadmin", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tadmin.IndexMeta(ctx, "made-by-transform"); !IsForbidden(err) {
		t.Fatalf("without view_index_metadata: %v", err)
	}
}

// Stats as Elasticsearch answers them (the specification's example, and a
// failed transform of a version before health).
const (
	statsIndexing = `{"count":1,"transforms":[{"id":"ecommerce-customer-transform","state":"indexing","node":{"id":"n","name":"node-0","ephemeral_id":"e","transport_address":"127.0.0.1:9300","attributes":{}},` +
		`"stats":{"pages_processed":1,"documents_processed":1226,"documents_indexed":1,"documents_deleted":0,"trigger_count":1,"index_time_in_ms":0,"index_total":1,"index_failures":0,"search_time_in_ms":1,"search_total":1,"search_failures":0,"processing_time_in_ms":0,"processing_total":1,"delete_time_in_ms":0,"exponential_avg_checkpoint_duration_ms":0,"exponential_avg_documents_indexed":0,"exponential_avg_documents_processed":0},` +
		`"checkpointing":{"last":{"checkpoint":3,"timestamp_millis":1700000000000,"time_upper_bound_millis":1699999940000},"next":{"checkpoint":4,"position":{"indexer_position":{"customer_id":"18"}},"checkpoint_progress":{"docs_indexed":1,"docs_processed":1226}},"operations_behind":3,"changes_last_detected_at":1700000000000},` +
		`"health":{"status":"green"}}]}`
	statsFailed7 = `{"count":1,"transforms":[{"id":"tf","state":"failed","reason":"task encountered more than 10 failures; latest failure: no such index [src]","stats":{"documents_processed":10,"documents_indexed":2},"checkpointing":{"last":{"checkpoint":1,"timestamp_millis":1600000000000}}}]}`
)

func TestTransformStatsAnswers(t *testing.T) {
	cases := []struct {
		name, id, body string
		want           TransformStats
		running        bool
	}{
		{"indexing, with health", "ecommerce-customer-transform", statsIndexing, TransformStats{
			ID: "ecommerce-customer-transform", State: TransformIndexing, Checkpoint: 3, CheckpointTime: time.UnixMilli(1700000000000).UTC(),
			DocumentsProcessed: 1226, DocumentsIndexed: 1, Health: "green",
		}, true},
		{"failed, before health", "tf", statsFailed7, TransformStats{
			ID: "tf", State: TransformFailed, Reason: "task encountered more than 10 failures; latest failure: no such index [src]",
			Checkpoint: 1, CheckpointTime: time.UnixMilli(1600000000000).UTC(), DocumentsProcessed: 10, DocumentsIndexed: 2,
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeClient(t, map[string]fakeAnswer{"GET /_transform/" + tc.id + "/_stats": ok(tc.body)})
			got, err := c.TransformStats(context.Background(), tc.id)
			if err != nil || got != tc.want || got.Running() != tc.running {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, tc.want)
			}
			if sent := f.sent(); !reflect.DeepEqual(sent, []string{"GET /_transform/" + tc.id + "/_stats"}) {
				t.Fatalf("sent %v", sent)
			}
		})
	}
}

func TestTransformPredicates(t *testing.T) {
	answer := func(status int, typ, reason string) error {
		return parseError(status, []byte(`{"error":{"root_cause":[{"type":"`+typ+`","reason":"`+reason+`"}],"type":"`+typ+`","reason":"`+reason+`"},"status":`+fmt.Sprint(status)+`}`))
	}
	all := map[string]func(error) bool{
		"IsTransformNotFound":       IsTransformNotFound,
		"IsTransformRunning":        IsTransformRunning,
		"IsTransformAlreadyStarted": IsTransformAlreadyStarted,
		"IsTransformFailed":         IsTransformFailed,
		"IsTransformUpgrading":      IsTransformUpgrading,
		"IsTransformStopTimedOut":   IsTransformStopTimedOut,
		"IsJobNotFound":             IsJobNotFound,
		"IsAlreadyStarted":          IsAlreadyStarted,
	}
	cases := []struct {
		name string
		err  error
		want string // the one predicate that holds
	}{
		{"missing", answer(404, "resource_not_found_exception", "Transform with id [tf] could not be found"), "IsTransformNotFound"},
		{"several missing", answer(404, "resource_not_found_exception", "Transform with id [a,b] could not be found"), "IsTransformNotFound"},
		{"bare 404", parseError(404, []byte("<html>nope</html>")), ""},
		{"statistics missing", answer(404, "resource_not_found_exception", "Statistics for transform [tf] could not be found"), ""},
		{"reset while running", answer(409, "status_exception", "Cannot reset transform [tf] as the task is running. Stop the task first"), "IsTransformRunning"},
		{"delete while running", answer(409, "status_exception", "Cannot delete transform [tf] as the task is running. Stop the task first"), "IsTransformRunning"},
		{"already started", answer(409, "status_exception", "Cannot start transform [tf] as it is already started."), "IsTransformAlreadyStarted"},
		{"stop failed, newer", answer(409, "status_exception", "Unable to stop transform [tf] as it is in a failed state. Use force stop to stop the transform. More details: [x]"), "IsTransformFailed"},
		{"stop failed, older", answer(409, "status_exception", "Unable to stop transform [tf] as it is in a failed state with reason [x]. Use force stop to stop the transform."), "IsTransformFailed"},
		{"stop several failed", answer(409, "status_exception", "Unable to stop transforms. The following transforms are in a failed state [a, b] with reasons [x, y]. Use force stop to stop the transforms."), "IsTransformFailed"},
		{"start failed, older", answer(409, "status_exception", "Unable to start transform [tf] as it is in a failed state with failure: [x]. Use force stop and then restart the transform once error is resolved."), "IsTransformFailed"},
		{"upgrade mode, start", answer(409, "status_exception", "Cannot start any Transform while the Transform feature is upgrading."), "IsTransformUpgrading"},
		{"upgrade mode, reset", answer(409, "status_exception", "Cannot reset any Transform while the Transform feature is upgrading."), "IsTransformUpgrading"},
		{"stop timed out", answer(408, "status_exception", "Could not stop the transforms [tf] as they timed out [30s]."), "IsTransformStopTimedOut"},
		{"a datafeed already started", answer(409, "status_exception", "cannot start datafeed [df] because it has already been started"), "IsAlreadyStarted"},
	}
	for _, tc := range cases {
		for name, is := range all {
			if got := is(tc.err); got != (name == tc.want) {
				t.Errorf("%s: %s = %v", tc.name, name, got)
			}
		}
	}
}

// The reset's rule on its own: an index's own mapping must carry the
// marker; an alias never qualifies, whatever is behind it.
func TestDeletedByTransformReset(t *testing.T) {
	for _, tc := range []struct {
		m    IndexMeta
		want bool
	}{
		{IndexMeta{Exists: true, Concrete: true, CreatedBy: "transform"}, true},
		{IndexMeta{Exists: true, Concrete: false, CreatedBy: "transform"}, false},
		{IndexMeta{Exists: true, Concrete: true, CreatedBy: "data-frame-transform"}, false},
		{IndexMeta{Exists: true, Concrete: true}, false},
		{IndexMeta{}, false},
	} {
		if got := tc.m.DeletedByTransformReset(); got != tc.want {
			t.Errorf("%+v: %v", tc.m, got)
		}
	}
}
