package acctest

import (
	"fmt"
	"testing"
	"time"
)

// Job is what a test checks about a job after an apply.
type Job struct {
	State                string
	BlockedReason        string
	ModelSnapshotID      string
	ProcessedRecords     int
	UserAnnotations      int
	GeneratedAnnotations int
	DatafeedState        string
	// LatestRecordTime is data_counts.latest_record_timestamp (UTC), zero
	// when the job has none.
	LatestRecordTime time.Time
}

// CreateJob creates a closed anomaly-detection job.
func (c *Cluster) CreateJob(t *testing.T, id string) {
	t.Helper()
	if c.real != nil {
		c.real.createJob(t, id)
		return
	}
	c.Emulator.PutJob(id)
}

// CreateJobInGroups creates a closed job with a description and groups.
func (c *Cluster) CreateJobInGroups(t *testing.T, id, description string, groups ...string) {
	t.Helper()
	if c.real != nil {
		c.real.createJobInGroups(t, id, description, groups)
		return
	}
	c.Emulator.PutJobInGroups(id, description, groups...)
}

// FeedRecords gives an opened job its datafeed and n records, one a
// second, the last a second ago or so; the job analyses them, persists its
// model (a model snapshot) and ends opened, its datafeed stopped. It
// returns the times of the first and the last record.
func (c *Cluster) FeedRecords(t *testing.T, id string, n int) (first, last time.Time) {
	t.Helper()
	if c.real != nil {
		first, last = c.real.feed(t, id, n)
		c.real.openJob(t, id)
		return first, last
	}
	first = time.Now().Add(-time.Duration(n) * time.Second).Truncate(time.Millisecond)
	times := make([]time.Time, n)
	for i := range times {
		times[i] = first.Add(time.Duration(i) * time.Second)
	}
	must(t, c.Emulator.PutDatafeed(datafeedID(id), id))
	must(t, c.Emulator.FeedRecords(id, times))
	c.CloseJob(t, id)
	c.OpenJob(t, id)
	return first, times[n-1]
}

// CreateTrainedJob creates a job that has learned something: it was opened,
// fed records, and closed, so it has a model snapshot.
func (c *Cluster) CreateTrainedJob(t *testing.T, id string, records int) {
	t.Helper()
	c.CreateJob(t, id)
	c.OpenJob(t, id)
	if c.real != nil {
		// The lookback that feeds the job closes it.
		c.real.feed(t, id, records)
		return
	}
	c.ProcessRecords(t, id, records)
	c.CloseJob(t, id)
}

// OpenJob opens a job.
func (c *Cluster) OpenJob(t *testing.T, id string) {
	t.Helper()
	if c.real != nil {
		c.real.openJob(t, id)
		return
	}
	must(t, c.Emulator.OpenJob(id))
}

// CloseJob closes a job.
func (c *Cluster) CloseJob(t *testing.T, id string) {
	t.Helper()
	if c.real != nil {
		c.real.closeJob(t, id)
		return
	}
	must(t, c.Emulator.CloseJob(id))
}

// StartDatafeed gives an opened job a datafeed and starts it.
func (c *Cluster) StartDatafeed(t *testing.T, jobID string) {
	t.Helper()
	feed := "datafeed-" + jobID
	if c.real != nil {
		c.real.startDatafeed(t, jobID)
		return
	}
	must(t, c.Emulator.PutDatafeed(feed, jobID))
	must(t, c.Emulator.StartDatafeed(feed))
}

// ProcessRecords feeds records to an opened job, which stays opened.
func (c *Cluster) ProcessRecords(t *testing.T, id string, n int) {
	t.Helper()
	if c.real != nil {
		c.real.feed(t, id, n)
		c.real.openJob(t, id)
		return
	}
	must(t, c.Emulator.ProcessRecords(id, n))
}

// AddAnnotation adds an annotation made by a user, or one Elasticsearch
// generated itself.
func (c *Cluster) AddAnnotation(t *testing.T, jobID, text string, byUser bool) {
	t.Helper()
	if c.real != nil {
		c.real.addAnnotation(t, jobID, text, byUser)
		return
	}
	c.Emulator.AddAnnotation(jobID, text, byUser)
}

// DeleteJob deletes a job out of band.
func (c *Cluster) DeleteJob(t *testing.T, id string) {
	t.Helper()
	if c.real != nil {
		c.real.deleteJob(id)
		return
	}
	c.Emulator.DeleteJob(id)
}

// Job reads a job's state.
func (c *Cluster) Job(t *testing.T, id string) Job {
	t.Helper()
	j, err := c.lookupJob(id)
	must(t, err)
	return j
}

func (c *Cluster) lookupJob(id string) (Job, error) {
	if c.real != nil {
		return c.real.job(id)
	}
	j, ok := c.Emulator.Job(id)
	if !ok {
		return Job{}, fmt.Errorf("job %q does not exist", id)
	}
	return Job{
		State: j.State, BlockedReason: j.BlockedReason, ModelSnapshotID: j.ModelSnapshotID,
		ProcessedRecords: j.ProcessedRecords, UserAnnotations: j.UserAnnotations,
		GeneratedAnnotations: j.GeneratedAnnotations, DatafeedState: j.DatafeedState, LatestRecordTime: j.LatestRecordTime,
	}, nil
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
