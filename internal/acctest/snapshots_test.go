package acctest

import (
	"strings"
	"testing"
)

// LearnInSteps stores one model snapshot per step, through a source index
// and a lookback datafeed on either back end, and the readers see them.
func TestLearnInStepsStoresOneSnapshotPerStep(t *testing.T) {
	c := New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	steps := c.LearnInSteps(t, jobID, 3)

	snaps := c.ModelSnapshots(t, jobID)
	if len(snaps) != 3 {
		t.Fatalf("want 3 snapshots, got %+v", snaps)
	}
	for i, m := range snaps {
		step := steps[len(steps)-1-i] // newest first
		if m.ID != step.SnapshotID || !m.LatestRecordTime.Equal(step.LastRecord) || m.ModelBytes <= 0 || m.Retain {
			t.Errorf("snapshot %d: %+v, step %+v", i, m, step)
		}
		if m.LatestResultTime.Before(step.FirstRecord) || m.LatestResultTime.After(step.LastRecord) {
			t.Errorf("snapshot %d's latest result %v is not within its step %v..%v", i, m.LatestResultTime, step.FirstRecord, step.LastRecord)
		}
	}
	if !snaps[0].Timestamp.After(snaps[1].Timestamp) {
		t.Errorf("newest first: %v then %v", snaps[0].Timestamp, snaps[1].Timestamp)
	}

	j := c.Job(t, jobID)
	if j.State != "closed" || j.ModelSnapshotID != steps[2].SnapshotID || j.ProcessedRecords != 3*stepRecords ||
		!j.LatestRecordTime.Equal(steps[2].LastRecord) || j.DatafeedState != "stopped" {
		t.Fatalf("job after the steps: %+v", j)
	}
	buckets := c.ResultBuckets(t, jobID)
	if len(buckets) == 0 || !buckets[0].Equal(steps[0].FirstRecord) || !buckets[len(buckets)-1].Before(steps[2].LastRecord) {
		t.Fatalf("result buckets %v", buckets)
	}
	for i := 1; i < len(buckets); i++ {
		if !buckets[i].After(buckets[i-1]) {
			t.Fatalf("buckets out of order: %v", buckets)
		}
	}

	c.RetainModelSnapshot(t, jobID, steps[0].SnapshotID, "before the outage")
	if oldest := c.ModelSnapshots(t, jobID)[2]; !oldest.Retain || oldest.Description != "before the outage" {
		t.Fatalf("after _update: %+v", oldest)
	}

	if c.Emulator == nil {
		return // fixture requests to a real cluster bypass the recorder
	}
	var starts []string
	bulks := 0
	for _, r := range c.Requests() {
		switch {
		case strings.HasSuffix(r.Path, "/_data"):
			t.Fatalf("the fixture must not post data: %s", r.Path)
		case strings.HasSuffix(r.Path, "/_bulk"):
			bulks++
		case strings.HasSuffix(r.Path, "/_start"):
			starts = append(starts, Call(r.Method, r.Path, r.Query))
		}
	}
	if bulks != 3 || len(starts) != 3 || !strings.Contains(starts[0], "start=") || strings.Contains(starts[1], "start=") {
		t.Fatalf("%d bulks, starts %v", bulks, starts)
	}
}
