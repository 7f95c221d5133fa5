package emulator

import (
	"testing"
	"time"
)

func TestStopDatafeedExpressions(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)
	if r := do(t, es, "POST", "/_ml/datafeeds/df1/_stop", ""); r.status != 200 || r.body["stopped"] != true {
		t.Fatalf("stopping a stopped datafeed: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/nope/_stop", ""), 404, "resource_not_found_exception", "No datafeed with id [nope] exists")
	if r := do(t, es, "POST", "/_ml/datafeeds/missing-*/_stop", ""); r.status != 200 || r.body["stopped"] != true {
		t.Fatalf("unmatched wildcard: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/missing-*/_stop", `{"allow_no_match":false}`), 404,
		"resource_not_found_exception", "No datafeed with id [missing-*] exists")
	release := s.HoldLookbacks()
	defer release()
	do(t, es, "POST", "/_ml/datafeeds/df1/_start", "")
	if r := do(t, es, "POST", "/_ml/datafeeds/_all/_stop", ""); r.status != 200 {
		t.Fatalf("stop _all: %s", r.raw)
	}
	if j := mustJob(t, s, "j1"); j.DatafeedState != "stopped" || j.State != "opened" {
		t.Fatalf("after stop _all: %+v", j)
	}
}

func TestStartDatafeedParameters(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	sourceWithJob(t, s, u)
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start?start=yesterday", ""), 400, "parse_exception",
		"Query param [start] with value [yesterday] cannot be parsed as a date or converted to a number (epoch).")
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start", `{"start":0}`), 400, "x_content_parse_exception",
		"[1:1] [start_datafeed] failed to parse field [start]")
	// With a body the query parameters are not read.
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start?end=1", `{"start":"0"}`), 400, "illegal_argument_exception",
		"request [/_ml/datafeeds/df1/_start] contains unrecognized parameter: [end]")
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/nope/_start", ""), 404, "resource_not_found_exception", "No datafeed with id [nope] exists")

	release := s.HoldLookbacks()
	defer release()
	r := do(t, es, "POST", "/_ml/datafeeds/df1/_start", `{"start":"2024-01-01T00:00:00Z","end":"1704153600000"}`)
	if r.status != 200 || r.body["node"] == "" {
		t.Fatalf("start with body: %s", r.raw)
	}
	if rs := datafeedStats(t, u, "df1")["running_state"].(map[string]any); rs["real_time_configured"] != false {
		t.Fatalf("an end means no real time: %v", rs)
	}
	wantErr(t, do(t, es, "POST", "/_ml/datafeeds/df1/_start", ""), 409, "status_exception",
		"cannot start datafeed [df1] because it has already been started")
}

func TestOpenJobErrors(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/nope/_open", ""), 404, "resource_not_found_exception", "No known job with id 'nope'")
	if err := s.SetBlocked("j1", "reset", "node:1"); err != nil {
		t.Fatal(err)
	}
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", ""), 409, "status_exception",
		"Cannot open job [j1] because it is executing [reset]")
	if err := s.SetBlocked("j1", "", ""); err != nil {
		t.Fatal(err)
	}
	// With a body the query parameters are not read (derived).
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open?timeout=1m", `{"timeout":"35m"}`), 400, "illegal_argument_exception",
		"request [/_ml/anomaly_detectors/j1/_open] contains unrecognized parameter: [timeout]")
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", `{"timeout":"35m"}`)
	if r.status != 200 || r.body["opened"] != true || r.body["node"] == "" {
		t.Fatalf("open: %s", r.raw)
	}
	r = do(t, es, "POST", "/_ml/anomaly_detectors/j1/_open", "")
	wantErr(t, r, 409, "status_exception", "Cannot open job [j1] because it has already been opened")
	if cb := r.body["error"].(map[string]any)["caused_by"].(map[string]any); cb["type"] != "resource_already_exists_exception" || cb["reason"] != "task with id {job-j1} already exist" {
		t.Fatalf("caused_by %v", cb)
	}
}

// Date math from now, as a start value may be written.
func TestNowMath(t *testing.T) {
	now := time.Date(2026, 11, 30, 13, 45, 12, 0, time.UTC)
	for v, want := range map[string]time.Time{
		"now":        now,
		"now-1d":     now.AddDate(0, 0, -1),
		"now-1d/d":   time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC),
		"now+2h-30m": now.Add(90 * time.Minute),
		"now/M":      time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		"now/w":      time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), // a Monday
	} {
		if got, ok := nowMath(v, now); !ok || !got.Equal(want) {
			t.Errorf("%s: got %v %v, want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"yesterday", "now-", "now-1x", "now/d/d"} {
		if _, ok := nowMath(v, now); ok {
			t.Errorf("%s: accepted", v)
		}
	}
}

// Records fed twice in a row all count: the second batch comes after the
// first, which a job would otherwise skip as out of order.
func TestProcessRecordsTwice(t *testing.T) {
	s := New()
	s.PutJob("j")
	if err := s.OpenJob("j"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.ProcessRecords("j", 5); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.Lock()
	counts := s.jobs["j"].counts
	s.mu.Unlock()
	if counts.processed != 10 || counts.outOfOrder != 0 || !counts.earliest.Before(counts.latest) {
		t.Fatalf("got processed %d, out of order %d, %v to %v", counts.processed, counts.outOfOrder, counts.earliest, counts.latest)
	}
}
