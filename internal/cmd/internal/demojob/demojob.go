// Package demojob prepares the job the demo resets, through the same HTTP
// APIs on the emulator and on a real cluster: create a small job, feed it
// records, close it so that it persists a model snapshot, and read back the
// figures a reset wipes.
package demojob

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Cluster prepares the demo's data through the project's client, so that
// the demo reads the ELASTICSEARCH_* variables exactly as the provider does.
type Cluster struct {
	endpoint string
	es       *esclient.Client
}

// New talks to endpoint without credentials (the emulator).
func New(endpoint string) (*Cluster, error) {
	return newCluster(esclient.Config{Endpoints: []string{strings.TrimSuffix(endpoint, "/")}})
}

// FromEnv talks to the first of ELASTICSEARCH_ENDPOINTS with the
// credentials and TLS settings of the ELASTICSEARCH_* variables the
// provider reads.
func FromEnv() (*Cluster, error) {
	cfg, err := esclient.ConfigFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	if len(cfg.Endpoints) > 1 {
		cfg.Endpoints = cfg.Endpoints[:1]
	}
	return newCluster(cfg)
}

func newCluster(cfg esclient.Config) (*Cluster, error) {
	es, err := esclient.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Cluster{endpoint: cfg.Endpoints[0], es: es}, nil
}

// Endpoint is the cluster's base URL.
func (c *Cluster) Endpoint() string { return c.endpoint }

// do sends req and decodes its answer into out (nil: none); the error
// names the call.
func (c *Cluster) do(ctx context.Context, call string, req esapi.Request, out any) error {
	if err := c.es.Do(ctx, req, out); err != nil {
		return fmt.Errorf("%s: %w", call, err)
	}
	return nil
}

func isStatus(err error, status int) bool {
	e, ok := esclient.AsError(err)
	return ok && e.Status == status
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
	err := c.do(ctx, "GET /_ml/anomaly_detectors/"+jobID, esapi.MLGetJobsRequest{JobID: jobID}, nil)
	switch {
	case err == nil:
		return false, nil
	case !isStatus(err, http.StatusNotFound):
		return false, err
	}
	put := esapi.MLPutJobRequest{JobID: jobID, Body: strings.NewReader(jobConfig)}
	if err := c.do(ctx, "PUT /_ml/anomaly_detectors/"+jobID, put, nil); err != nil {
		return false, err
	}
	return true, nil
}

// Feed opens the job, posts n records (one a second, ending now) and closes
// the job, which persists what it learned as a model snapshot.
func (c *Cluster) Feed(ctx context.Context, jobID string, n int) error {
	err := c.do(ctx, "POST /_ml/anomaly_detectors/"+jobID+"/_open", esapi.MLOpenJobRequest{JobID: jobID}, nil)
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
	post := esapi.MLPostDataRequest{JobID: jobID, Body: bytes.NewReader(records.Bytes())}
	if err := c.do(ctx, "POST /_ml/anomaly_detectors/"+jobID+"/_data", post, nil); err != nil {
		return err
	}
	return c.do(ctx, "POST /_ml/anomaly_detectors/"+jobID+"/_close", esapi.MLCloseJobRequest{JobID: jobID}, nil)
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
	if err := c.do(ctx, "GET /_ml/anomaly_detectors/"+jobID+"/_stats", esapi.MLGetJobStatsRequest{JobID: jobID}, &stats); err != nil {
		return Figures{}, err
	}
	var config struct {
		Jobs []struct {
			ModelSnapshotID string `json:"model_snapshot_id"`
		} `json:"jobs"`
	}
	if err := c.do(ctx, "GET /_ml/anomaly_detectors/"+jobID, esapi.MLGetJobsRequest{JobID: jobID}, &config); err != nil {
		return Figures{}, err
	}
	if len(stats.Jobs) != 1 || len(config.Jobs) != 1 {
		return Figures{}, fmt.Errorf("job %s: expected one job in the answers, got %d and %d", jobID, len(stats.Jobs), len(config.Jobs))
	}
	return Figures{stats.Jobs[0].DataCounts.ProcessedRecordCount, config.Jobs[0].ModelSnapshotID}, nil
}
