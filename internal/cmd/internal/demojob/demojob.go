// Package demojob prepares the job the demo resets, through the same HTTP
// APIs on the emulator and on a real cluster: create a small job, feed it
// records, close it so that it persists a model snapshot, and read back the
// figures a reset wipes.
package demojob

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Cluster is a minimal Elasticsearch HTTP client for the demo's setup
// calls. The provider has its own client; this one only prepares data.
type Cluster struct {
	base   *url.URL
	client *http.Client
	auth   func(*http.Request)
}

// New talks to endpoint without credentials (the emulator).
func New(endpoint string) (*Cluster, error) {
	base, err := url.Parse(strings.TrimSuffix(endpoint, "/"))
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", endpoint, err)
	}
	return &Cluster{base: base, client: &http.Client{Timeout: 2 * time.Minute}, auth: func(*http.Request) {}}, nil
}

// FromEnv talks to the first of ELASTICSEARCH_ENDPOINTS with the
// credentials and TLS settings of the ELASTICSEARCH_* variables the
// provider reads.
func FromEnv() (*Cluster, error) {
	endpoint := strings.TrimSpace(strings.Split(os.Getenv("ELASTICSEARCH_ENDPOINTS"), ",")[0])
	c, err := New(endpoint)
	if err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile := os.Getenv("ELASTICSEARCH_CA_FILE"); caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("ELASTICSEARCH_CA_FILE: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ELASTICSEARCH_CA_FILE: no PEM certificate in %s", caFile)
		}
		tlsConfig.RootCAs = pool
	}
	if v := os.Getenv("ELASTICSEARCH_INSECURE"); v == "true" || v == "1" {
		tlsConfig.InsecureSkipVerify = true //nolint:gosec // asked for, as the provider allows
	}
	c.client.Transport = &http.Transport{TLSClientConfig: tlsConfig, Proxy: http.ProxyFromEnvironment}
	c.auth = func(r *http.Request) {
		switch {
		case os.Getenv("ELASTICSEARCH_API_KEY") != "":
			r.Header.Set("Authorization", "ApiKey "+os.Getenv("ELASTICSEARCH_API_KEY"))
		case os.Getenv("ELASTICSEARCH_BEARER_TOKEN") != "":
			r.Header.Set("Authorization", "Bearer "+os.Getenv("ELASTICSEARCH_BEARER_TOKEN"))
		case os.Getenv("ELASTICSEARCH_USERNAME") != "":
			r.SetBasicAuth(os.Getenv("ELASTICSEARCH_USERNAME"), os.Getenv("ELASTICSEARCH_PASSWORD"))
		}
	}
	return c, nil
}

// Endpoint is the cluster's base URL.
func (c *Cluster) Endpoint() string { return c.base.String() }

// apiError is an Elasticsearch error answer.
type apiError struct {
	status int
	typ    string
	reason string
}

func (e *apiError) Error() string {
	if e.typ == "" {
		return fmt.Sprintf("HTTP %d", e.status)
	}
	return fmt.Sprintf("HTTP %d %s: %s", e.status, e.typ, e.reason)
}

func (c *Cluster) do(ctx context.Context, method, path string, body []byte, out any) error {
	u := *c.base
	u.Path += path
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	c.auth(req)
	res, err := c.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if res.StatusCode >= 300 {
		var env struct {
			Error struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"error"`
		}
		_ = json.Unmarshal(raw, &env)
		return fmt.Errorf("%s %s: %w", method, path, &apiError{res.StatusCode, env.Error.Type, env.Error.Reason})
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
		}
	}
	return nil
}

func isStatus(err error, status int) bool {
	var e *apiError
	return errors.As(err, &e) && e.status == status
}

// jobConfig is a small job: count events per 15-minute bucket.
const jobConfig = `{
  "description": "Demo job of terraform-provider-elasticsearch (make demo)",
  "analysis_config": {
    "bucket_span": "15m",
    "detectors": [{"function": "count", "detector_description": "event rate"}]
  },
  "analysis_limits": {"model_memory_limit": "16mb"},
  "data_description": {"time_field": "timestamp", "time_format": "epoch_ms"}
}`

// EnsureJob creates the job unless it exists; it says whether it created it.
func (c *Cluster) EnsureJob(ctx context.Context, jobID string) (bool, error) {
	err := c.do(ctx, http.MethodGet, "/_ml/anomaly_detectors/"+jobID, nil, nil)
	switch {
	case err == nil:
		return false, nil
	case !isStatus(err, http.StatusNotFound):
		return false, err
	}
	if err := c.do(ctx, http.MethodPut, "/_ml/anomaly_detectors/"+jobID, []byte(jobConfig), nil); err != nil {
		return false, err
	}
	return true, nil
}

// Feed opens the job, posts n records (one a second, ending now) and closes
// the job, which persists what it learned as a model snapshot.
func (c *Cluster) Feed(ctx context.Context, jobID string, n int) error {
	err := c.do(ctx, http.MethodPost, "/_ml/anomaly_detectors/"+jobID+"/_open", nil, nil)
	if err != nil && !isStatus(err, http.StatusConflict) { // already open is fine
		return err
	}
	var records bytes.Buffer
	enc := json.NewEncoder(&records)
	start := time.Now().Add(-time.Duration(n) * time.Second).UnixMilli()
	for i := range n {
		if err := enc.Encode(map[string]any{"timestamp": start + int64(i)*1000, "status": 200 + i%3*100}); err != nil {
			return err
		}
	}
	if err := c.do(ctx, http.MethodPost, "/_ml/anomaly_detectors/"+jobID+"/_data", records.Bytes(), nil); err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, "/_ml/anomaly_detectors/"+jobID+"/_close", nil, nil)
}

// Figures are what a reset wipes, as the cluster reports them.
type Figures struct {
	ProcessedRecords int64
	ModelSnapshotID  string // "" when the job has no model
}

func (f Figures) String() string {
	snapshot := f.ModelSnapshotID
	if snapshot == "" {
		snapshot = "(none)"
	}
	return fmt.Sprintf("processed_record_count=%d model_snapshot_id=%s", f.ProcessedRecords, snapshot)
}

// Figures reads the job's stats and configuration.
func (c *Cluster) Figures(ctx context.Context, jobID string) (Figures, error) {
	var stats struct {
		Jobs []struct {
			DataCounts struct {
				ProcessedRecordCount int64 `json:"processed_record_count"`
			} `json:"data_counts"`
		} `json:"jobs"`
	}
	if err := c.do(ctx, http.MethodGet, "/_ml/anomaly_detectors/"+jobID+"/_stats", nil, &stats); err != nil {
		return Figures{}, err
	}
	var config struct {
		Jobs []struct {
			ModelSnapshotID string `json:"model_snapshot_id"`
		} `json:"jobs"`
	}
	if err := c.do(ctx, http.MethodGet, "/_ml/anomaly_detectors/"+jobID, nil, &config); err != nil {
		return Figures{}, err
	}
	if len(stats.Jobs) != 1 || len(config.Jobs) != 1 {
		return Figures{}, fmt.Errorf("job %s: expected one job in the answers, got %d and %d", jobID, len(stats.Jobs), len(config.Jobs))
	}
	return Figures{stats.Jobs[0].DataCounts.ProcessedRecordCount, config.Jobs[0].ModelSnapshotID}, nil
}
