package esclient

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Model snapshots: the models a job persisted (at each close after it
// learned something), which a revert goes back to. The APIs are not
// public on serverless (IsUnavailableOnServerless).

// EmptyModelSnapshot is the snapshot id that names a model that has
// learned nothing (7.11 and later); it is never stored, so it is never
// listed.
const EmptyModelSnapshot = "empty"

// ModelSnapshot is one model snapshot of a job.
type ModelSnapshot struct {
	JobID, ID   string
	Timestamp   time.Time
	Description string
	// LatestRecordTime and LatestResultTime are zero when the snapshot has
	// none (the empty snapshot, or a model that saw no full bucket).
	LatestRecordTime time.Time
	LatestResultTime time.Time
	Retain           bool
	ModelBytes       int64
	MinVersion       string
}

type modelSnapshotJSON struct {
	JobID                 string `json:"job_id"`
	SnapshotID            string `json:"snapshot_id"`
	Timestamp             *int64 `json:"timestamp"`
	Description           string `json:"description"`
	LatestRecordTimeStamp *int64 `json:"latest_record_time_stamp"`
	LatestResultTimeStamp *int64 `json:"latest_result_time_stamp"`
	Retain                bool   `json:"retain"`
	MinVersion            string `json:"min_version"`
	ModelSizeStats        *struct {
		ModelBytes int64 `json:"model_bytes"`
	} `json:"model_size_stats"`
}

func (m modelSnapshotJSON) snapshot() ModelSnapshot {
	s := ModelSnapshot{
		JobID: m.JobID, ID: m.SnapshotID, Timestamp: epochMillis(m.Timestamp), Description: m.Description,
		LatestRecordTime: epochMillis(m.LatestRecordTimeStamp), LatestResultTime: epochMillis(m.LatestResultTimeStamp),
		Retain: m.Retain, MinVersion: m.MinVersion,
	}
	if m.ModelSizeStats != nil {
		s.ModelBytes = m.ModelSizeStats.ModelBytes
	}
	return s
}

// snapshotPageSize is Elasticsearch's default page of GET model_snapshots;
// from + size may not pass maxSnapshotWindow.
const (
	snapshotPageSize  = 100
	maxSnapshotWindow = 10000
)

type snapshotsAnswer struct {
	Count          int                 `json:"count"`
	ModelSnapshots []modelSnapshotJSON `json:"model_snapshots"`
}

// ModelSnapshots reads every model snapshot of a job, newest first, one
// request per page of 100. start and end ("" for none) go to Elasticsearch
// as written and keep the snapshots whose timestamp is at or after start
// and before end. A missing job satisfies IsJobNotFound.
func (c *Client) ModelSnapshots(ctx context.Context, jobID, start, end string) ([]ModelSnapshot, error) {
	var all []ModelSnapshot
	seen := map[string]bool{}
	desc, size := true, snapshotPageSize
	for from := 0; ; from += size {
		if from+size > maxSnapshotWindow {
			return nil, fmt.Errorf("job %q has more than %d model snapshots, more than Elasticsearch pages through; narrow them with start and end", jobID, maxSnapshotWindow)
		}
		req := esapi.MLGetModelSnapshotsRequest{JobID: jobID, Desc: &desc, From: &from, Size: &size}
		if start != "" {
			req.Start = start
		}
		if end != "" {
			req.End = end
		}
		var page snapshotsAnswer
		if err := c.Do(ctx, req, &page); err != nil {
			return nil, err
		}
		for _, m := range page.ModelSnapshots {
			// A snapshot stored between two pages moves the rest down one.
			if !seen[m.SnapshotID] {
				seen[m.SnapshotID] = true
				all = append(all, m.snapshot())
			}
		}
		if len(page.ModelSnapshots) < size || from+size >= page.Count {
			return all, nil
		}
	}
}

// ModelSnapshot reads one snapshot of a job by its exact id (an id with
// "*" or "," would be read as an expression: the caller rules those out).
// A missing snapshot satisfies IsSnapshotNotFound, a missing job
// IsJobNotFound.
func (c *Client) ModelSnapshot(ctx context.Context, jobID, snapshotID string) (ModelSnapshot, error) {
	var answer snapshotsAnswer
	if err := c.Do(ctx, esapi.MLGetModelSnapshotsRequest{JobID: jobID, SnapshotID: snapshotID}, &answer); err != nil {
		return ModelSnapshot{}, err
	}
	for _, m := range answer.ModelSnapshots {
		if m.SnapshotID == snapshotID {
			return m.snapshot(), nil
		}
	}
	return ModelSnapshot{}, snapshotNotFound(jobID, snapshotID)
}

// RevertModelSnapshot puts a closed job's model back to a snapshot (or
// EmptyModelSnapshot) and returns that snapshot. With
// deleteInterveningResults the results after it are deleted and the job's
// latest record time goes back to the snapshot's, so a datafeed started
// next replays from there. The parameter goes in the query string, sent
// only when true, and there is no body: with a body Elasticsearch reads
// only the body. The call returns when the revert is done.
//
// Refusals: IsJobNotFound, IsSnapshotNotFound, IsJobNotClosedForRevert,
// BlockedBy (a delete, a reset or another revert holds the job),
// IsUnavailableOnServerless.
func (c *Client) RevertModelSnapshot(ctx context.Context, jobID, snapshotID string, deleteInterveningResults bool) (ModelSnapshot, error) {
	req := esapi.MLRevertModelSnapshotRequest{JobID: jobID, SnapshotID: snapshotID}
	if deleteInterveningResults {
		req.DeleteInterveningResults = &deleteInterveningResults
	}
	var answer struct {
		Model modelSnapshotJSON `json:"model"`
	}
	if err := c.Do(ctx, req, &answer); err != nil {
		return ModelSnapshot{}, err
	}
	return answer.Model.snapshot(), nil
}

// snapshotNotFound is Elasticsearch's own "no such snapshot", for an
// answer that does not list the snapshot asked for.
func snapshotNotFound(jobID, snapshotID string) *Error {
	return &Error{Status: http.StatusNotFound, Type: typeResourceNotFound,
		Reason: fmt.Sprintf("%s [%s] exists for job [%s]", reasonUnknownSnapshot, snapshotID, jobID)}
}
