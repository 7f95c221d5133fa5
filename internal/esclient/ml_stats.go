package esclient

import (
	"context"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// What the stats APIs say about a job and a datafeed: their state, and
// whether the job has learned anything.

// Job states, as Elasticsearch spells them. No task means closed; a task
// without a state yet means opening.
const (
	JobOpening = "opening"
	JobOpened  = "opened"
	JobClosing = "closing"
	JobClosed  = "closed"
	JobFailed  = "failed"
)

// Datafeed states, as Elasticsearch spells them. No task means stopped; a
// task not yet assigned (its job opens lazily) means starting.
const (
	DatafeedStarting = "starting"
	DatafeedStarted  = "started"
	DatafeedStopping = "stopping"
	DatafeedStopped  = "stopped"
)

// JobStats is the part of a job's statistics the provider looks at.
type JobStats struct {
	State string
	// ProcessedRecordCount, ModelBytes and the record times are zero after
	// a reset and before the job sees data.
	ProcessedRecordCount int64
	EarliestRecord       time.Time
	LatestRecord         time.Time
	ModelBytes           int64
	// AssignmentExplanation says why a job waits for a node; empty when
	// it has none or there is no task.
	AssignmentExplanation string
}

type jobStatsJSON struct {
	JobID      string `json:"job_id"`
	State      string `json:"state"`
	DataCounts struct {
		ProcessedRecordCount    int64  `json:"processed_record_count"`
		EarliestRecordTimestamp *int64 `json:"earliest_record_timestamp"`
		LatestRecordTimestamp   *int64 `json:"latest_record_timestamp"`
	} `json:"data_counts"`
	ModelSizeStats *struct {
		ModelBytes int64 `json:"model_bytes"`
	} `json:"model_size_stats"`
	AssignmentExplanation string `json:"assignment_explanation"`
}

// epochMillis turns an optional epoch-milliseconds field into a time, zero
// when absent (Elasticsearch leaves unset timestamps out).
func epochMillis(ms *int64) time.Time {
	if ms == nil {
		return time.Time{}
	}
	return time.UnixMilli(*ms).UTC()
}

// JobStats reads one job's statistics. A missing job satisfies
// IsJobNotFound.
func (c *Client) JobStats(ctx context.Context, jobID string) (JobStats, error) {
	var answer struct {
		Jobs []jobStatsJSON `json:"jobs"`
	}
	if err := c.Do(ctx, esapi.MLGetJobStatsRequest{JobID: jobID}, &answer); err != nil {
		return JobStats{}, err
	}
	for _, j := range answer.Jobs {
		if j.JobID != jobID {
			continue // the id matched a group too
		}
		return j.stats(), nil
	}
	return JobStats{}, jobNotFound(jobID)
}

func (j jobStatsJSON) stats() JobStats {
	s := JobStats{
		State:                 j.State,
		ProcessedRecordCount:  j.DataCounts.ProcessedRecordCount,
		EarliestRecord:        epochMillis(j.DataCounts.EarliestRecordTimestamp),
		LatestRecord:          epochMillis(j.DataCounts.LatestRecordTimestamp),
		AssignmentExplanation: j.AssignmentExplanation,
	}
	if j.ModelSizeStats != nil {
		s.ModelBytes = j.ModelSizeStats.ModelBytes
	}
	return s
}

// DatafeedStats is the part of a datafeed's statistics the provider looks
// at.
type DatafeedStats struct {
	State string
	// JobID is the datafeed's job, as its timing statistics name it.
	JobID string
	// RunningState is nil when the datafeed has no task (stopped).
	RunningState *RunningState
}

// RunningState says how a datafeed with a task runs.
type RunningState struct {
	// RealTimeConfigured is false for a datafeed started with an end: a
	// lookback that stops itself (and closes its job) when done.
	RealTimeConfigured bool `json:"real_time_configured"`
	// RealTimeRunning: the lookback is over and it follows new data.
	RealTimeRunning bool `json:"real_time_running"`
}

// RunsInRealTime reports a running datafeed that was started without an
// end. A datafeed without a running_state (before 7.14, or no task) is
// taken to run in real time, the default.
func (s DatafeedStats) RunsInRealTime() bool {
	return s.RunningState == nil || s.RunningState.RealTimeConfigured
}

// datafeedStatsAnswer is the part of GET _ml/datafeeds/<id>/_stats read.
type datafeedStatsAnswer struct {
	Datafeeds []struct {
		DatafeedID  string `json:"datafeed_id"`
		State       string `json:"state"`
		TimingStats struct {
			JobID string `json:"job_id"`
		} `json:"timing_stats"`
		RunningState *RunningState `json:"running_state"`
	} `json:"datafeeds"`
}

// DatafeedStats reads one datafeed's statistics. A missing datafeed
// satisfies IsDatafeedNotFound.
func (c *Client) DatafeedStats(ctx context.Context, datafeedID string) (DatafeedStats, error) {
	var answer datafeedStatsAnswer
	if err := c.Do(ctx, esapi.MLGetDatafeedStatsRequest{DatafeedID: datafeedID}, &answer); err != nil {
		return DatafeedStats{}, err
	}
	for _, d := range answer.Datafeeds {
		if d.DatafeedID == datafeedID {
			return DatafeedStats{State: d.State, JobID: d.TimingStats.JobID, RunningState: d.RunningState}, nil
		}
	}
	return DatafeedStats{}, datafeedNotFound(datafeedID)
}
