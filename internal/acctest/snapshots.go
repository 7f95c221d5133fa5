package acctest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Model snapshots on both back ends: a job made to learn in steps, each
// ending in a snapshot, and a view of its snapshots and results.

// SnapshotStep is one step of LearnInSteps: the records it fed and the
// model snapshot the close after it stored.
type SnapshotStep struct {
	SnapshotID              string
	FirstRecord, LastRecord time.Time
}

// ModelSnapshot is what a test checks about a model snapshot.
type ModelSnapshot struct {
	ID, Description, MinVersion string
	Timestamp                   time.Time
	// LatestRecordTime and LatestResultTime are zero when absent.
	LatestRecordTime, LatestResultTime time.Time
	Retain                             bool
	ModelBytes                         int64
}

// stepRecords is how many records a step feeds, one a minute: an hour,
// four 15-minute buckets.
const stepRecords = 60

// LearnInSteps makes a closed job learn in steps, each ending in a model
// snapshot, the way that works on every flavour: step k indexes a record a
// minute for an hour into the job's source index (hour k of the last
// steps+1 whole hours), opens the job and runs its datafeed as a lookback
// over that hour, which closes the job and so stores snapshot k. The
// first step starts the datafeed at its first record; later ones let it
// carry on from where the job stands. The same requests go to a real
// cluster and to the emulator.
func (c *Cluster) LearnInSteps(t *testing.T, jobID string, steps int) []SnapshotStep {
	t.Helper()
	c.ensureSource(t, jobID)
	base := time.Now().UTC().Truncate(time.Hour).Add(-time.Duration(steps+1) * time.Hour)
	out := make([]SnapshotStep, 0, steps)
	for k := range steps {
		first := base.Add(time.Duration(k) * time.Hour)
		step := SnapshotStep{FirstRecord: first, LastRecord: first.Add((stepRecords - 1) * time.Minute)}
		c.indexRecords(t, jobID, first, stepRecords, time.Minute)
		c.fixtureCall(t, "POST /_ml/anomaly_detectors/"+jobID+"/_open", esapi.MLOpenJobRequest{JobID: jobID}, nil)
		feed := datafeedID(jobID)
		start := esapi.MLStartDatafeedRequest{DatafeedID: feed, End: strconv.FormatInt(first.Add(time.Hour).UnixMilli(), 10)}
		if k == 0 {
			start.Start = strconv.FormatInt(first.UnixMilli(), 10)
		}
		c.fixtureCall(t, "POST /_ml/datafeeds/"+feed+"/_start", start, nil)
		waitForState(t, c.fixtureDo, "GET /_ml/datafeeds/"+feed+"/_stats", esapi.MLGetDatafeedStatsRequest{DatafeedID: feed}, "datafeeds", "stopped")
		waitForState(t, c.fixtureDo, "GET /_ml/anomaly_detectors/"+jobID+"/_stats", esapi.MLGetJobStatsRequest{JobID: jobID}, "jobs", "closed")

		step.SnapshotID = c.Job(t, jobID).ModelSnapshotID
		if step.SnapshotID == "" || len(out) > 0 && step.SnapshotID == out[len(out)-1].SnapshotID {
			t.Fatalf("step %d of %s stored no new model snapshot (model_snapshot_id %q)", k, jobID, step.SnapshotID)
		}
		out = append(out, step)
		if c.real != nil {
			// Snapshot ids are epoch seconds: two closes within a second
			// would store one snapshot over the other.
			if sec, err := strconv.ParseInt(step.SnapshotID, 10, 64); err == nil {
				time.Sleep(time.Until(time.Unix(sec+1, 0)))
			}
		}
	}
	return out
}

// RetainModelSnapshot marks a snapshot retain: true (and gives it a
// description), as Kibana's "retain" switch does, through _update on both
// back ends.
func (c *Cluster) RetainModelSnapshot(t *testing.T, jobID, snapshotID, description string) {
	t.Helper()
	body := fmt.Sprintf(`{"retain":true,"description":%q}`, description)
	c.fixtureCall(t, "POST /_ml/anomaly_detectors/"+jobID+"/model_snapshots/"+snapshotID+"/_update",
		esapi.MLUpdateModelSnapshotRequest{JobID: jobID, SnapshotID: snapshotID, Body: strings.NewReader(body)}, nil)
}

// ensureSource gives the job its source index and datafeed, once.
func (c *Cluster) ensureSource(t *testing.T, jobID string) {
	t.Helper()
	if c.real != nil {
		c.real.ensureSource(t, jobID)
		return
	}
	if j, ok := c.Emulator.Job(jobID); ok && j.DatafeedState == "" {
		c.CreateDatafeed(t, jobID)
	}
}

// indexRecords indexes n records into the job's source index, every gap
// from first, and refreshes so a datafeed finds them.
func (c *Cluster) indexRecords(t *testing.T, jobID string, first time.Time, n int, gap time.Duration) {
	t.Helper()
	var bulk strings.Builder
	for i := range n {
		fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"timestamp\":%d}\n", first.Add(time.Duration(i)*gap).UnixMilli())
	}
	index := sourceIndex(jobID)
	var res struct {
		Errors bool `json:"errors"`
	}
	c.fixtureCall(t, "POST /"+index+"/_bulk", esapi.BulkRequest{Index: index, Body: strings.NewReader(bulk.String()), Refresh: "true"}, &res)
	if res.Errors {
		t.Fatalf("indexing %d records for %s: some failed", n, jobID)
	}
}

// fixtureDo sends a fixture request to the back end: straight to a real
// cluster (not through the recording proxy), over HTTP to the emulator.
func (c *Cluster) fixtureDo(call string, req esapi.Request, out any) error {
	if c.real != nil {
		return c.real.do(call, req, out)
	}
	es, err := esclient.New(esclient.Config{Endpoints: []string{c.Endpoint}})
	if err != nil {
		return err
	}
	return doWith(es, call, req, out)
}

// fixtureCall is fixtureDo for a step the test cannot go on without.
func (c *Cluster) fixtureCall(t *testing.T, call string, req esapi.Request, out any) {
	t.Helper()
	if err := c.fixtureDo(call, req, out); err != nil {
		t.Fatal(err)
	}
}

// ModelSnapshots reads the job's model snapshots, newest first.
func (c *Cluster) ModelSnapshots(t *testing.T, jobID string) []ModelSnapshot {
	t.Helper()
	if c.real == nil {
		held, ok := c.Emulator.ModelSnapshots(jobID)
		if !ok {
			t.Fatalf("job %q does not exist", jobID)
		}
		out := make([]ModelSnapshot, len(held))
		for i, m := range held {
			out[i] = ModelSnapshot{
				ID: m.ID, Description: m.Description, MinVersion: m.MinVersion, Timestamp: m.Timestamp,
				LatestRecordTime: m.LatestRecordTime, LatestResultTime: m.LatestResultTime, Retain: m.Retain, ModelBytes: int64(m.ModelBytes),
			}
		}
		return out
	}
	size := 10000
	var answer struct {
		Count     int `json:"count"`
		Snapshots []struct {
			ID           string `json:"snapshot_id"`
			Description  string `json:"description"`
			MinVersion   string `json:"min_version"`
			Timestamp    int64  `json:"timestamp"`
			LatestRecord *int64 `json:"latest_record_time_stamp"`
			LatestResult *int64 `json:"latest_result_time_stamp"`
			Retain       bool   `json:"retain"`
			SizeStats    struct {
				ModelBytes int64 `json:"model_bytes"`
			} `json:"model_size_stats"`
		} `json:"model_snapshots"`
	}
	c.real.call(t, "GET /_ml/anomaly_detectors/"+jobID+"/model_snapshots",
		esapi.MLGetModelSnapshotsRequest{JobID: jobID, Size: &size}, &answer)
	out := make([]ModelSnapshot, len(answer.Snapshots))
	for i, m := range answer.Snapshots {
		out[i] = ModelSnapshot{
			ID: m.ID, Description: m.Description, MinVersion: m.MinVersion, Timestamp: time.UnixMilli(m.Timestamp).UTC(),
			LatestRecordTime: optionalMillis(m.LatestRecord), LatestResultTime: optionalMillis(m.LatestResult),
			Retain: m.Retain, ModelBytes: m.SizeStats.ModelBytes,
		}
	}
	return out
}

// ResultBuckets lists the times of the job's final bucket results, oldest
// first (interim results left out).
func (c *Cluster) ResultBuckets(t *testing.T, jobID string) []time.Time {
	t.Helper()
	if c.real == nil {
		return c.Emulator.ResultBuckets(jobID)
	}
	size, exclude := 10000, true
	var answer struct {
		Buckets []struct {
			Timestamp int64 `json:"timestamp"`
		} `json:"buckets"`
	}
	c.real.call(t, "GET /_ml/anomaly_detectors/"+jobID+"/results/buckets",
		esapi.MLGetBucketsRequest{JobID: jobID, ExcludeInterim: &exclude, Sort: "timestamp", Size: &size}, &answer)
	out := make([]time.Time, len(answer.Buckets))
	for i, b := range answer.Buckets {
		out[i] = time.UnixMilli(b.Timestamp).UTC()
	}
	return out
}

func optionalMillis(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}
