package esclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// snapshotsOf gives a job n model snapshots, one close after one record
// each, and returns them newest first as the emulator holds them.
func snapshotsOf(t *testing.T, srv *emulator.Server, jobID string, n int) []emulator.ModelSnapshot {
	t.Helper()
	srv.PutJob(jobID)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		must(t, srv.OpenJob(jobID))
		must(t, srv.FeedRecords(jobID, []time.Time{base.Add(time.Duration(i) * time.Hour)}))
		must(t, srv.CloseJob(jobID))
	}
	list, _ := srv.ModelSnapshots(jobID)
	return list
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// snapshotRequests lists what reached the snapshot APIs, as
// "METHOD path?query" and whether a body came along.
func snapshotRequests(srv *emulator.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		line := r.Method + " " + r.Path
		if q := r.Query.Encode(); q != "" {
			line += "?" + q
		}
		if r.Body != "" {
			line += " with a body"
		}
		out = append(out, line)
	}
	return out
}

// ModelSnapshots reads page after page of 100 until it has count of them,
// newest first; one request per page.
func TestModelSnapshotsReadsEveryPage(t *testing.T) {
	for _, tc := range []struct {
		n     int
		pages []string
	}{
		{0, []string{"0"}},
		{100, []string{"0"}},
		{250, []string{"0", "100", "200"}},
	} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			c, srv := newTestClient(t)
			held := snapshotsOf(t, srv, "web", tc.n)
			srv.ClearRequests()
			got, err := c.ModelSnapshots(context.Background(), "web", "", "")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.n {
				t.Fatalf("%d snapshots, want %d", len(got), tc.n)
			}
			for i, m := range got {
				if m.ID != held[i].ID || !m.Timestamp.Equal(held[i].Timestamp) || m.JobID != "web" {
					t.Fatalf("snapshot %d: got %+v, want %+v", i, m, held[i])
				}
			}
			var want []string
			for _, from := range tc.pages {
				want = append(want, "POST /_ml/anomaly_detectors/web/model_snapshots?desc=true&from="+from+"&size=100")
			}
			if sent := snapshotRequests(srv); !reflect.DeepEqual(sent, want) {
				t.Fatalf("sent %v\nwant %v", sent, want)
			}
		})
	}
}

// A snapshot stored between two pages pushes the rest down one place:
// the one that moved onto the second page is read once.
func TestModelSnapshotsReadsAShiftedPageOnce(t *testing.T) {
	page := func(from, count int) string {
		var items []string
		for id := count - from; id > 0 && len(items) < snapshotPageSize; id-- {
			items = append(items, fmt.Sprintf(`{"job_id":"web","snapshot_id":"%d","timestamp":%d,"retain":false}`, id, id*1000))
		}
		return fmt.Sprintf(`{"count":%d,"model_snapshots":[%s]}`, count, strings.Join(items, ","))
	}
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		count := 150
		if calls > 1 {
			count = 151 // one more stored since the first page
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		_, _ = w.Write([]byte(page(from, count)))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoints: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.ModelSnapshots(context.Background(), "web", "", "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range got {
		if seen[m.ID] {
			t.Fatalf("snapshot %s read twice", m.ID)
		}
		seen[m.ID] = true
	}
	if len(got) != 150 || calls != 2 {
		t.Fatalf("%d snapshots in %d requests", len(got), calls)
	}
}

// start and end go to Elasticsearch as written: start inclusive, end
// exclusive, on the snapshot's timestamp.
func TestModelSnapshotsBetween(t *testing.T) {
	c, srv := newTestClient(t)
	held := snapshotsOf(t, srv, "web", 3)
	srv.ClearRequests()
	start := fmt.Sprint(held[1].Timestamp.UnixMilli())
	got, err := c.ModelSnapshots(context.Background(), "web", start, "now+1d")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != held[0].ID || got[1].ID != held[1].ID {
		t.Fatalf("got %+v", got)
	}
	want := "POST /_ml/anomaly_detectors/web/model_snapshots?desc=true&end=now%2B1d&from=0&size=100&start=" + start
	if sent := snapshotRequests(srv); len(sent) != 1 || sent[0] != want {
		t.Fatalf("sent %v, want %s", sent, want)
	}
	if _, err := c.ModelSnapshots(context.Background(), "nope", "", ""); !IsJobNotFound(err) {
		t.Fatalf("missing job: %v", err)
	}
}

func TestModelSnapshotByID(t *testing.T) {
	c, srv := newTestClient(t)
	held := snapshotsOf(t, srv, "web", 2)
	ctx := context.Background()
	m, err := c.ModelSnapshot(ctx, "web", held[1].ID)
	if err != nil || m.ID != held[1].ID || !m.LatestRecordTime.Equal(held[1].LatestRecordTime) || m.ModelBytes != int64(held[1].ModelBytes) {
		t.Fatalf("got %+v, %v; want %+v", m, err, held[1])
	}
	// "_all" and "*" are expressions that match every snapshot, yet no
	// snapshot has that id.
	for _, id := range []string{"42", EmptyModelSnapshot, "_all", "*"} {
		_, err = c.ModelSnapshot(ctx, "web", id)
		if !IsSnapshotNotFound(err) || err.Error() != "HTTP 404 [resource_not_found_exception]: No model snapshot with id ["+id+"] exists for job [web]" {
			t.Fatalf("%s: %v", id, err)
		}
	}
	if _, err = c.ModelSnapshot(ctx, "nope", "42"); !IsJobNotFound(err) || IsSnapshotNotFound(err) {
		t.Fatalf("missing job: %v", err)
	}
}

// Revert sends delete_intervening_results in the query string, only when
// true, and never a body.
func TestRevertModelSnapshot(t *testing.T) {
	c, srv := newTestClient(t)
	held := snapshotsOf(t, srv, "web", 3)
	ctx := context.Background()
	path := "POST /_ml/anomaly_detectors/web/model_snapshots/" + held[1].ID + "/_revert"

	srv.ClearRequests()
	m, err := c.RevertModelSnapshot(ctx, "web", held[1].ID, false)
	if err != nil || m.ID != held[1].ID || !m.LatestRecordTime.Equal(held[1].LatestRecordTime) {
		t.Fatalf("revert: %+v, %v", m, err)
	}
	if j, _ := srv.Job("web"); j.ModelSnapshotID != held[1].ID || !j.LatestRecordTime.Equal(held[0].LatestRecordTime) {
		t.Fatalf("job after revert: %+v", j)
	}
	if _, err := c.RevertModelSnapshot(ctx, "web", held[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if j, _ := srv.Job("web"); !j.LatestRecordTime.Equal(held[1].LatestRecordTime) {
		t.Fatalf("delete_intervening_results did not rewind: %+v", j)
	}
	if sent := snapshotRequests(srv); !reflect.DeepEqual(sent, []string{path, path + "?delete_intervening_results=true"}) {
		t.Fatalf("sent %v", sent)
	}
	m, err = c.RevertModelSnapshot(ctx, "web", EmptyModelSnapshot, false)
	if err != nil || m.ID != EmptyModelSnapshot || !m.LatestRecordTime.IsZero() || m.ModelBytes != 0 {
		t.Fatalf("empty: %+v, %v", m, err)
	}
}

// Each refusal of a revert answers one question.
func TestRevertModelSnapshotRefusals(t *testing.T) {
	ctx := context.Background()
	c, srv := newTestClient(t)
	held := snapshotsOf(t, srv, "web", 1)
	id := held[0].ID
	blockedBy := func(err error) string { op, _ := BlockedBy(err); return op }

	_, err := c.RevertModelSnapshot(ctx, "nope", id, false)
	if !IsJobNotFound(err) {
		t.Fatalf("missing job: %v", err)
	}
	must(t, srv.OpenJob("web"))
	_, err = c.RevertModelSnapshot(ctx, "web", id, false)
	if !IsJobNotClosedForRevert(err) || IsJobNotClosed(err) {
		t.Fatalf("opened job: %v", err)
	}
	must(t, srv.CloseJob("web"))
	must(t, srv.SetBlocked("web", "reset", "n:1"))
	if _, err = c.RevertModelSnapshot(ctx, "web", id, false); blockedBy(err) != BlockedByReset {
		t.Fatalf("blocked by a reset: %v", err)
	}
	must(t, srv.SetBlocked("web", "", ""))

	hold := srv.HoldNextRevert("web")
	done := make(chan error, 1)
	go func() { _, err := c.RevertModelSnapshot(ctx, "web", id, false); done <- err }()
	select {
	case <-hold.Reached():
	case <-time.After(10 * time.Second):
		t.Fatal("the first revert never got to its hold")
	}
	if _, err = c.RevertModelSnapshot(ctx, "web", id, false); blockedBy(err) != BlockedByRevert {
		t.Fatalf("blocked by another revert: %v", err)
	}
	hold.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err = c.RevertModelSnapshot(ctx, "web", "42", false); !IsSnapshotNotFound(err) {
		t.Fatalf("missing snapshot: %v", err)
	}

	sc, ssrv := newTestClient(t, emulator.WithServerless())
	ssrv.PutJob("web")
	_, err = sc.RevertModelSnapshot(ctx, "web", "1", false)
	if !IsUnavailableOnServerless(err) {
		t.Fatalf("serverless revert: %v", err)
	}
	if _, err = sc.ModelSnapshots(ctx, "web", "", ""); !IsUnavailableOnServerless(err) {
		t.Fatalf("serverless list: %v", err)
	}
}

// Answers as Elasticsearch writes them (the fields of its model snapshot documents):
// optional fields may be absent.
func TestModelSnapshotsParseElasticsearchAnswers(t *testing.T) {
	const page = `{"count":2,"model_snapshots":[` +
		`{"job_id":"web","min_version":"8.3.0","timestamp":1575402237000,"description":"State persisted due to job close at 2019-12-03T19:43:57+0000","snapshot_id":"1575402237","snapshot_doc_count":1,` +
		`"model_size_stats":{"job_id":"web","result_type":"model_size_stats","model_bytes":1679142,"peak_model_bytes":1679142,"total_by_field_count":3,"memory_status":"ok","categorization_status":"ok","log_time":1575402237000,"timestamp":1576965600000},` +
		`"latest_record_time_stamp":1576971072000,"latest_result_time_stamp":1576965600000,"retain":true},` +
		`{"job_id":"web","min_version":"6.4.0","timestamp":1575402000000,"snapshot_id":"1575402000","snapshot_doc_count":1,"retain":false}]}`
	c, f := newFakeClient(t, map[string]fakeAnswer{"POST /_ml/anomaly_detectors/web/model_snapshots": ok(page)})
	got, err := c.ModelSnapshots(context.Background(), "web", "", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []ModelSnapshot{
		{JobID: "web", ID: "1575402237", Timestamp: time.UnixMilli(1575402237000).UTC(),
			Description:      "State persisted due to job close at 2019-12-03T19:43:57+0000",
			LatestRecordTime: time.UnixMilli(1576971072000).UTC(), LatestResultTime: time.UnixMilli(1576965600000).UTC(),
			Retain: true, ModelBytes: 1679142, MinVersion: "8.3.0"},
		{JobID: "web", ID: "1575402000", Timestamp: time.UnixMilli(1575402000000).UTC(), MinVersion: "6.4.0"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if sent := f.sent(); len(sent) != 1 {
		t.Fatalf("count 2 on one page is one request: %v", sent)
	}
}

// Every snapshot predicate holds for its answer and for no other; the
// older predicates do not mistake the snapshot answers for theirs.
func TestModelSnapshotPredicates(t *testing.T) {
	answer := func(status int, body string) error { return parseError(status, []byte(body)) }
	envelope := func(status int, typ, reason string) error {
		return answer(status, fmt.Sprintf(`{"error":{"root_cause":[{"type":%q,"reason":%q}],"type":%q,"reason":%q},"status":%d}`, typ, reason, typ, reason, status))
	}
	blockedBy := func(op string) func(error) bool {
		return func(err error) bool { got, ok := BlockedBy(err); return ok && got == op }
	}
	preds := map[string]func(error) bool{
		"IsSnapshotNotFound":        IsSnapshotNotFound,
		"IsJobNotClosedForRevert":   IsJobNotClosedForRevert,
		"IsUnavailableOnServerless": IsUnavailableOnServerless,
		"IsJobNotFound":             IsJobNotFound,
		"IsJobNotClosed":            IsJobNotClosed,
		"BlockedBy(revert)":         blockedBy(BlockedByRevert),
		"BlockedBy(reset)":          blockedBy(BlockedByReset),
		"BlockedBy(delete)":         blockedBy(BlockedByDelete),
	}
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"snapshot missing", envelope(404, "resource_not_found_exception", "No model snapshot with id [42] exists for job [web]"), []string{"IsSnapshotNotFound"}},
		{"job missing", answer(404, bodyJobNotFound), []string{"IsJobNotFound"}},
		{"revert of an open job", envelope(409, "status_exception", "Can only revert to a model snapshot when the job is closed."), []string{"IsJobNotClosedForRevert"}},
		{"reset of an open job", answer(409, bodyNotClosed), []string{"IsJobNotClosed"}},
		{"revert during a revert", envelope(409, "status_exception", "cannot revert job [web] to snapshot [1] while it is blocked with [revert]"), []string{"BlockedBy(revert)"}},
		{"revert during a reset", envelope(409, "status_exception", "cannot revert job [web] to snapshot [1] while it is blocked with [reset]"), []string{"BlockedBy(reset)"}},
		{"revert during a delete", envelope(409, "status_exception", "cannot revert job [web] to snapshot [1] while it is blocked with [delete]"), []string{"BlockedBy(delete)"}},
		{"open during a revert", envelope(409, "status_exception", "Cannot open job [web] because it is executing [revert]"), []string{"BlockedBy(revert)"}},
		{"serverless", envelope(410, "api_not_available_exception",
			"Request for uri [/_ml/anomaly_detectors/web/model_snapshots/1/_revert] with method [POST] exists but is not available when running in serverless mode"),
			[]string{"IsUnavailableOnServerless"}},
		{"serverless, older builds", answer(400, `{"error":"uri [/_ml/anomaly_detectors/web/model_snapshots] with method [GET] exists but is not available when running in serverless mode","status":400}`),
			[]string{"IsUnavailableOnServerless"}},
		{"bare 404 from a proxy", answer(404, `<html>Not Found</html>`), nil},
		{"gone, from a proxy", answer(410, `<html>Gone</html>`), nil},
		{"no handler (no such API)", answer(400, bodyNoHandler), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for name, is := range preds {
				want := false
				for _, w := range tc.want {
					want = want || w == name
				}
				if got := is(tc.err); got != want {
					t.Errorf("%s = %v, want %v (%v)", name, got, want, tc.err)
				}
			}
		})
	}
}
