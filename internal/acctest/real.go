package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// realCluster sets jobs up on a real cluster with the credentials of the
// ELASTICSEARCH_* environment (a superuser, or one with manage_ml and
// write access to the annotations index).
type realCluster struct {
	es *esclient.Client

	mu      sync.Mutex
	sources map[string]bool // jobs whose source index and datafeed exist
}

// requestTimeout bounds one fixture call, so that a hung cluster fails the
// test instead of stalling it.
const requestTimeout = 2 * time.Minute

func newReal(t *testing.T) *Cluster {
	t.Helper()
	// The provider's own reading of the environment, so that every variable
	// (ELASTICSEARCH_INSECURE included) means the same to the fixtures.
	cfg, err := esclient.ConfigFromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Endpoints) == 0 {
		t.Fatal("ELASTICSEARCH_ENDPOINTS is empty")
	}
	// Fixtures and proxy talk to the same node, as before.
	cfg.Endpoints = cfg.Endpoints[:1]
	base, err := url.Parse(cfg.Endpoints[0])
	if err != nil {
		t.Fatalf("ELASTICSEARCH_ENDPOINTS: %v", err)
	}
	es, err := esclient.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	transport, err := cfg.ProxyTransport()
	if err != nil {
		t.Fatal(err)
	}
	rc := &realCluster{es: es, sources: map[string]bool{}}

	// The provider talks to the cluster through a recording proxy, so that
	// tests assert what the cluster received on both back ends.
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(base)
	proxy.Transport = transport
	srv := httptest.NewServer(rec.wrap(proxy))
	t.Cleanup(srv.Close)
	return &Cluster{Endpoint: srv.URL, real: rc, recorder: rec, env: map[string]string{"ELASTICSEARCH_ENDPOINTS": srv.URL}}
}

// do sends req and decodes its answer into out (nil: none). The error
// names the call, as "METHOD /path", and carries the status.
func (rc *realCluster) do(call string, req esapi.Request, out any) error {
	return doWith(rc.es, call, req, out)
}

// doWith is rc.do with any client.
func doWith(es *esclient.Client, call string, req esapi.Request, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	if err := es.Do(ctx, req, out); err != nil {
		return fmt.Errorf("%s: %w", call, err)
	}
	return nil
}

// call is do for a step the test cannot go on without.
func (rc *realCluster) call(t *testing.T, call string, req esapi.Request, out any) {
	t.Helper()
	if err := rc.do(call, req, out); err != nil {
		t.Fatal(err)
	}
}

func (rc *realCluster) createJob(t *testing.T, id string) {
	t.Helper()
	rc.call(t, "PUT /_ml/anomaly_detectors/"+id, esapi.MLPutJobRequest{JobID: id, Body: strings.NewReader(`{
  "analysis_config": {"bucket_span": "15m", "detectors": [{"function": "count"}]},
  "data_description": {"time_field": "timestamp"}
}`)}, nil)
}

func (rc *realCluster) createJobInGroups(t *testing.T, id, description string, groups []string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"description":      description,
		"groups":           groups,
		"analysis_config":  map[string]any{"bucket_span": "15m", "detectors": []any{map[string]any{"function": "count"}}},
		"data_description": map[string]any{"time_field": "timestamp"},
	})
	rc.call(t, "PUT /_ml/anomaly_detectors/"+id, esapi.MLPutJobRequest{JobID: id, Body: strings.NewReader(string(body))}, nil)
}

func (rc *realCluster) openJob(t *testing.T, id string) {
	t.Helper()
	rc.call(t, "POST /_ml/anomaly_detectors/"+id+"/_open", esapi.MLOpenJobRequest{JobID: id}, nil)
}

func (rc *realCluster) closeJob(t *testing.T, id string) {
	t.Helper()
	rc.call(t, "POST /_ml/anomaly_detectors/"+id+"/_close", esapi.MLCloseJobRequest{JobID: id}, nil)
}

// The fixtures feed jobs the way that works on every flavour, serverless
// included (which has no _data API): documents in a source index, read by
// the job's datafeed.

func sourceIndex(jobID string) string { return "tfacc-src-" + jobID }

func datafeedID(jobID string) string { return "datafeed-" + jobID }

// ensureSource creates the job's source index and its datafeed, once.
func (rc *realCluster) ensureSource(t *testing.T, jobID string) {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.sources[jobID] {
		return
	}
	index := sourceIndex(jobID)
	rc.call(t, "PUT /"+index, esapi.IndicesCreateRequest{
		Index: index, Body: strings.NewReader(`{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`),
	}, nil)
	t.Cleanup(func() {
		_ = rc.do("DELETE /"+index, esapi.IndicesDeleteRequest{Index: []string{index}, IgnoreUnavailable: ptr(true)}, nil)
	})
	feed := datafeedID(jobID)
	rc.call(t, "PUT /_ml/datafeeds/"+feed, esapi.MLPutDatafeedRequest{
		DatafeedID: feed, Body: strings.NewReader(fmt.Sprintf(`{"job_id":%q,"indices":[%q]}`, jobID, index)),
	}, nil)
	rc.sources[jobID] = true
}

// startDatafeed starts the job's datafeed in real time; the job must be open.
func (rc *realCluster) startDatafeed(t *testing.T, jobID string) {
	t.Helper()
	rc.ensureSource(t, jobID)
	feed := datafeedID(jobID)
	rc.call(t, "POST /_ml/datafeeds/"+feed+"/_start", esapi.MLStartDatafeedRequest{DatafeedID: feed}, nil)
}

// feed indexes n records (one a second, ending now) and runs a lookback
// over exactly them on the opened job. When the lookback ends the datafeed
// stops and closes the job, which persists a model snapshot.
func (rc *realCluster) feed(t *testing.T, jobID string, n int) (firstRecord, lastRecord time.Time) {
	t.Helper()
	rc.ensureSource(t, jobID)
	var bulk strings.Builder
	first := time.Now().Add(-time.Duration(n) * time.Second).Truncate(time.Millisecond)
	for i := range n {
		fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"timestamp\":%d}\n", first.Add(time.Duration(i)*time.Second).UnixMilli())
	}
	var res struct {
		Errors bool            `json:"errors"`
		Items  json.RawMessage `json:"items"`
	}
	index := sourceIndex(jobID)
	err := rc.do("POST /"+index+"/_bulk", esapi.BulkRequest{Index: index, Body: strings.NewReader(bulk.String()), Refresh: "true"}, &res)
	if err != nil || res.Errors {
		t.Fatalf("indexing %d records for %s: %v: %s", n, jobID, err, res.Items)
	}
	end := first.Add(time.Duration(n-1)*time.Second + time.Millisecond) // end is exclusive
	feed := datafeedID(jobID)
	rc.call(t, "POST /_ml/datafeeds/"+feed+"/_start", esapi.MLStartDatafeedRequest{
		DatafeedID: feed, Start: strconv.FormatInt(first.UnixMilli(), 10), End: strconv.FormatInt(end.UnixMilli(), 10),
	}, nil)
	rc.waitForState(t, "GET /_ml/datafeeds/"+feed+"/_stats", esapi.MLGetDatafeedStatsRequest{DatafeedID: feed}, "datafeeds", "stopped")
	rc.waitForState(t, "GET /_ml/anomaly_detectors/"+jobID+"/_stats", esapi.MLGetJobStatsRequest{JobID: jobID}, "jobs", "closed")
	return first, first.Add(time.Duration(n-1) * time.Second)
}

// waitForState polls a stats API until its first entry has the state, as
// Elasticsearch's own integration tests do (bounded, like their assertBusy).
func (rc *realCluster) waitForState(t *testing.T, call string, req esapi.Request, list, want string) {
	t.Helper()
	waitForState(t, rc.do, call, req, list, want)
}

// waitForState is the poll of rc.waitForState, sent with do.
func waitForState(t *testing.T, do func(string, esapi.Request, any) error, call string, req esapi.Request, list, want string) {
	t.Helper()
	var last string
	poll(t, call+" to be "+want, func() bool {
		var out map[string]json.RawMessage
		var entries []struct {
			State string `json:"state"`
		}
		if err := do(call, req, &out); err != nil {
			last = err.Error()
			return false
		}
		if err := json.Unmarshal(out[list], &entries); err != nil || len(entries) != 1 {
			last = fmt.Sprintf("%s in %s", err, out[list])
			return false
		}
		last = entries[0].State
		return last == want
	}, func() string { return last })
}

// poll retries done with a growing pause until it holds or a minute passed.
func poll(t *testing.T, what string, done func() bool, last func() string) {
	t.Helper()
	pause := 50 * time.Millisecond
	for deadline := time.Now().Add(time.Minute); ; {
		if done() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s; last seen: %s", what, last())
		}
		time.Sleep(pause)
		pause = min(2*pause, time.Second)
	}
}

// annotationsWrite is the alias ML writes annotations through.
const annotationsWrite = ".ml-annotations-write"

// addAnnotation writes an annotation document. ML creates the annotations
// index and its aliases shortly after its first index exists; writing to
// the alias name before that would create a plain index of that name and
// break ML's, so wait for the alias and insist on it (require_alias).
func (rc *realCluster) addAnnotation(t *testing.T, jobID, text string, byUser bool) {
	t.Helper()
	user, event := "_xpack", "delayed_data"
	if byUser {
		user, event = "tfacc-user", "user"
	}
	var last string
	poll(t, "the "+annotationsWrite+" alias", func() bool {
		err := rc.do("HEAD /_alias/"+annotationsWrite, esapi.IndicesExistsAliasRequest{Name: []string{annotationsWrite}}, nil)
		if err != nil {
			last = err.Error()
		}
		return err == nil
	}, func() string { return last })
	now := time.Now().UnixMilli()
	doc, _ := json.Marshal(map[string]any{
		"job_id": jobID, "annotation": text, "type": "annotation", "event": event,
		"create_username": user, "modified_username": user,
		"create_time": now, "modified_time": now, "timestamp": now, "end_timestamp": now,
	})
	rc.call(t, "POST /"+annotationsWrite+"/_doc", esapi.IndexRequest{
		Index: annotationsWrite, Body: strings.NewReader(string(doc)), RequireAlias: ptr(true), Refresh: "true",
	}, nil)
}

// deleteJob tears a job down in the order that works on every version:
// stop its datafeed, force-close the job, delete the datafeed (7.14 refuses
// to delete a job a datafeed refers to), then the job. Missing pieces are
// fine.
func (rc *realCluster) deleteJob(id string) {
	feed, force := datafeedID(id), ptr(true)
	_ = rc.do("stop datafeed", esapi.MLStopDatafeedRequest{DatafeedID: feed, Force: force}, nil)
	_ = rc.do("close job", esapi.MLCloseJobRequest{JobID: id, Force: force}, nil)
	_ = rc.do("delete datafeed", esapi.MLDeleteDatafeedRequest{DatafeedID: feed, Force: force}, nil)
	_ = rc.do("delete job", esapi.MLDeleteJobRequest{JobID: id, Force: force}, nil)
	rc.mu.Lock()
	delete(rc.sources, id)
	rc.mu.Unlock()
}

func (rc *realCluster) job(id string) (Job, error) {
	var j Job
	var cfg struct {
		Jobs []struct {
			ModelSnapshotID string `json:"model_snapshot_id"`
			Blocked         *struct {
				Reason string `json:"reason"`
			} `json:"blocked"`
		} `json:"jobs"`
	}
	var stats struct {
		Jobs []struct {
			State      string `json:"state"`
			DataCounts struct {
				Processed    int    `json:"processed_record_count"`
				LatestRecord *int64 `json:"latest_record_timestamp"`
			} `json:"data_counts"`
		} `json:"jobs"`
	}
	if err := rc.do("GET /_ml/anomaly_detectors/"+id, esapi.MLGetJobsRequest{JobID: id}, &cfg); err != nil {
		return j, err
	}
	if err := rc.do("GET /_ml/anomaly_detectors/"+id+"/_stats", esapi.MLGetJobStatsRequest{JobID: id}, &stats); err != nil {
		return j, err
	}
	if len(cfg.Jobs) != 1 || len(stats.Jobs) != 1 {
		return j, fmt.Errorf("job %q not found", id)
	}
	j.ModelSnapshotID = cfg.Jobs[0].ModelSnapshotID
	if cfg.Jobs[0].Blocked != nil {
		j.BlockedReason = cfg.Jobs[0].Blocked.Reason
	}
	j.State, j.ProcessedRecords = stats.Jobs[0].State, stats.Jobs[0].DataCounts.Processed
	if ms := stats.Jobs[0].DataCounts.LatestRecord; ms != nil {
		j.LatestRecordTime = time.UnixMilli(*ms).UTC()
	}
	var err error
	if j.UserAnnotations, err = rc.countAnnotations(id, false); err != nil {
		return j, err
	}
	if j.GeneratedAnnotations, err = rc.countAnnotations(id, true); err != nil {
		return j, err
	}
	var feed struct {
		Datafeeds []struct {
			State string `json:"state"`
		} `json:"datafeeds"`
	}
	feedID := datafeedID(id)
	if rc.do("GET /_ml/datafeeds/"+feedID+"/_stats", esapi.MLGetDatafeedStatsRequest{DatafeedID: feedID}, &feed) == nil && len(feed.Datafeeds) == 1 {
		j.DatafeedState = feed.Datafeeds[0].State
	}
	return j, nil
}

func (rc *realCluster) countAnnotations(jobID string, generated bool) (int, error) {
	// Each occurrence once: Elasticsearch refuses a repeated key.
	byXPack := `{"term":{"create_username":"_xpack"}}`
	query := fmt.Sprintf(`{"query":{"bool":{"filter":[{"term":{"job_id":%q}}],"must_not":[%s]}}}`, jobID, byXPack)
	if generated {
		query = fmt.Sprintf(`{"query":{"bool":{"filter":[{"term":{"job_id":%q}},%s]}}}`, jobID, byXPack)
	}
	const read = ".ml-annotations-read"
	var out struct {
		Count int `json:"count"`
	}
	err := rc.do("POST /"+read+"/_count", esapi.CountRequest{Index: []string{read}, Body: strings.NewReader(query)}, &out)
	if e, ok := esclient.AsError(err); ok && e.Status == http.StatusNotFound && e.Type == "index_not_found_exception" {
		return 0, nil // ML has not created the annotations index yet: there are none
	}
	if err != nil {
		return 0, fmt.Errorf("counting annotations: %w", err)
	}
	return out.Count, nil
}

func ptr[T any](v T) *T { return &v }

// recorder logs what passes through the proxy to a real cluster.
type recorder struct {
	mu  sync.Mutex
	log []emulator.Request
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.log = append(rec.log, emulator.Request{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Status: sw.status, Time: time.Now(),
		})
	})
}

func (rec *recorder) requests() []emulator.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]emulator.Request(nil), rec.log...)
}

func (rec *recorder) clear() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.log = nil
}
