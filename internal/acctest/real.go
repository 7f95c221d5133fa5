package acctest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// realCluster sets jobs up on a real cluster with the credentials of the
// ELASTICSEARCH_* environment (a superuser, or one with manage_ml and
// write access to the annotations index).
type realCluster struct {
	base   *url.URL
	client *http.Client
	auth   func(*http.Request)

	mu      sync.Mutex
	sources map[string]bool // jobs whose source index and datafeed exist
}

func newReal(t *testing.T) *Cluster {
	t.Helper()
	endpoint := strings.TrimSpace(strings.Split(os.Getenv("ELASTICSEARCH_ENDPOINTS"), ",")[0])
	base, err := url.Parse(endpoint)
	if err != nil {
		t.Fatalf("ELASTICSEARCH_ENDPOINTS: %v", err)
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if ca := os.Getenv("ELASTICSEARCH_CA_FILE"); ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			t.Fatalf("ELASTICSEARCH_CA_FILE: %v", err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		tlsConfig.RootCAs = pool
	}
	tlsConfig.InsecureSkipVerify = os.Getenv("ELASTICSEARCH_INSECURE") == "true" //nolint:gosec // test clusters only, when asked
	transport := &http.Transport{TLSClientConfig: tlsConfig}
	rc := &realCluster{base: base, client: &http.Client{Transport: transport, Timeout: 2 * time.Minute}, auth: envAuth, sources: map[string]bool{}}

	// The provider talks to the cluster through a recording proxy, so that
	// tests assert what the cluster received on both back ends.
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(base)
	proxy.Transport = transport
	srv := httptest.NewServer(rec.wrap(proxy))
	t.Cleanup(srv.Close)
	return &Cluster{Endpoint: srv.URL, real: rc, recorder: rec, env: map[string]string{"ELASTICSEARCH_ENDPOINTS": srv.URL}}
}

func envAuth(r *http.Request) {
	switch {
	case os.Getenv("ELASTICSEARCH_API_KEY") != "":
		r.Header.Set("Authorization", "ApiKey "+os.Getenv("ELASTICSEARCH_API_KEY"))
	case os.Getenv("ELASTICSEARCH_BEARER_TOKEN") != "":
		r.Header.Set("Authorization", "Bearer "+os.Getenv("ELASTICSEARCH_BEARER_TOKEN"))
	case os.Getenv("ELASTICSEARCH_USERNAME") != "":
		r.SetBasicAuth(os.Getenv("ELASTICSEARCH_USERNAME"), os.Getenv("ELASTICSEARCH_PASSWORD"))
	}
}

func (rc *realCluster) do(method, path, body string) (int, []byte, error) {
	return rc.send(method, path, "application/json", body)
}

func (rc *realCluster) send(method, path, contentType, body string) (int, []byte, error) {
	u := *rc.base
	u.Path = strings.TrimSuffix(u.Path, "/") + path
	if i := strings.IndexByte(path, '?'); i >= 0 {
		u.Path = strings.TrimSuffix(rc.base.Path, "/") + path[:i]
		u.RawQuery = path[i+1:]
	}
	req, err := http.NewRequest(method, u.String(), strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rc.auth(req)
	res, err := rc.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

func (rc *realCluster) call(t *testing.T, method, path, body string) []byte {
	t.Helper()
	status, b, err := rc.do(method, path, body)
	if err != nil || status >= 300 {
		t.Fatalf("%s %s: status %d, %v: %s", method, path, status, err, b)
	}
	return b
}

func (rc *realCluster) createJob(t *testing.T, id string) {
	rc.call(t, "PUT", "/_ml/anomaly_detectors/"+id, `{
  "analysis_config": {"bucket_span": "15m", "detectors": [{"function": "count"}]},
  "data_description": {"time_field": "timestamp"}
}`)
}

// The fixtures feed jobs the way that works on every flavour, serverless
// included (which has no _data): documents in a source index, read by the
// job's datafeed (fact sheet §5).

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
	rc.call(t, "PUT", "/"+index, `{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)
	t.Cleanup(func() { _, _, _ = rc.do("DELETE", "/"+index+"?ignore_unavailable=true", "") })
	rc.call(t, "PUT", "/_ml/datafeeds/"+datafeedID(jobID), fmt.Sprintf(`{"job_id":%q,"indices":[%q]}`, jobID, index))
	rc.sources[jobID] = true
}

// startDatafeed starts the job's datafeed in real time; the job must be open.
func (rc *realCluster) startDatafeed(t *testing.T, jobID string) {
	t.Helper()
	rc.ensureSource(t, jobID)
	rc.call(t, "POST", "/_ml/datafeeds/"+datafeedID(jobID)+"/_start", "")
}

// feed indexes n records (one a second, ending now) and runs a lookback
// over exactly them on the opened job. When the lookback ends the datafeed
// stops and closes the job, which persists a model snapshot.
func (rc *realCluster) feed(t *testing.T, jobID string, n int) {
	t.Helper()
	rc.ensureSource(t, jobID)
	var bulk strings.Builder
	first := time.Now().Add(-time.Duration(n) * time.Second).Truncate(time.Millisecond)
	for i := range n {
		fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"timestamp\":%d}\n", first.Add(time.Duration(i)*time.Second).UnixMilli())
	}
	status, b, err := rc.send("POST", "/"+sourceIndex(jobID)+"/_bulk?refresh=true", "application/x-ndjson", bulk.String())
	var res struct {
		Errors bool `json:"errors"`
	}
	if err != nil || status != http.StatusOK || json.Unmarshal(b, &res) != nil || res.Errors {
		t.Fatalf("indexing %d records for %s: status %d, %v: %s", n, jobID, status, err, b)
	}
	end := first.Add(time.Duration(n-1)*time.Second + time.Millisecond) // end is exclusive
	rc.call(t, "POST", fmt.Sprintf("/_ml/datafeeds/%s/_start?start=%d&end=%d", datafeedID(jobID), first.UnixMilli(), end.UnixMilli()), "")
	rc.waitForState(t, "/_ml/datafeeds/"+datafeedID(jobID)+"/_stats", "datafeeds", "stopped")
	rc.waitForState(t, "/_ml/anomaly_detectors/"+jobID+"/_stats", "jobs", "closed")
}

// waitForState polls a stats API until its first entry has the state, as
// Elasticsearch's own integration tests do (bounded, like their assertBusy).
func (rc *realCluster) waitForState(t *testing.T, path, list, want string) {
	t.Helper()
	var last string
	rc.poll(t, path+" to be "+want, func() bool {
		var out map[string]json.RawMessage
		var entries []struct {
			State string `json:"state"`
		}
		if err := rc.getJSON(path, &out); err != nil {
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
func (rc *realCluster) poll(t *testing.T, what string, done func() bool, last func() string) {
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
	var status int
	rc.poll(t, "the .ml-annotations-write alias", func() bool {
		status, _, _ = rc.do("HEAD", "/_alias/.ml-annotations-write", "")
		return status == http.StatusOK
	}, func() string { return fmt.Sprintf("HTTP %d", status) })
	now := time.Now().UnixMilli()
	doc, _ := json.Marshal(map[string]any{
		"job_id": jobID, "annotation": text, "type": "annotation", "event": event,
		"create_username": user, "modified_username": user,
		"create_time": now, "modified_time": now, "timestamp": now, "end_timestamp": now,
	})
	rc.call(t, "POST", "/.ml-annotations-write/_doc?require_alias=true&refresh=true", string(doc))
}

// deleteJob tears a job down in the order that works on every version:
// stop its datafeed, force-close the job, delete the datafeed (7.14 refuses
// to delete a job a datafeed refers to), then the job. Missing pieces are
// fine.
func (rc *realCluster) deleteJob(id string) {
	_, _, _ = rc.do("POST", "/_ml/datafeeds/"+datafeedID(id)+"/_stop?force=true", "")
	_, _, _ = rc.do("POST", "/_ml/anomaly_detectors/"+id+"/_close?force=true", "")
	_, _, _ = rc.do("DELETE", "/_ml/datafeeds/"+datafeedID(id)+"?force=true", "")
	_, _, _ = rc.do("DELETE", "/_ml/anomaly_detectors/"+id+"?force=true", "")
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
				Processed int `json:"processed_record_count"`
			} `json:"data_counts"`
		} `json:"jobs"`
	}
	if err := rc.getJSON("/_ml/anomaly_detectors/"+id, &cfg); err != nil {
		return j, err
	}
	if err := rc.getJSON("/_ml/anomaly_detectors/"+id+"/_stats", &stats); err != nil {
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
	if rc.getJSON("/_ml/datafeeds/"+datafeedID(id)+"/_stats", &feed) == nil && len(feed.Datafeeds) == 1 {
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
	status, b, err := rc.do("POST", "/.ml-annotations-read/_count", query)
	if err != nil {
		return 0, fmt.Errorf("counting annotations: %w", err)
	}
	if status == http.StatusNotFound && strings.Contains(string(b), "index_not_found_exception") {
		return 0, nil // ML has not created the annotations index yet: there are none
	}
	if status >= 300 {
		return 0, fmt.Errorf("counting annotations: status %d: %s", status, b)
	}
	var out struct {
		Count int `json:"count"`
	}
	return out.Count, json.Unmarshal(b, &out)
}

func (rc *realCluster) getJSON(path string, v any) error {
	status, b, err := rc.do("GET", path, "")
	if err != nil {
		return err
	}
	if status >= 300 {
		return fmt.Errorf("GET %s: status %d: %s", path, status, b)
	}
	return json.Unmarshal(b, v)
}

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
