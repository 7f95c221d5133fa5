package esclient

import (
	"context"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// What the data sources report about jobs: the configuration (GET job) and
// statistics (GET job stats) of the jobs an id expression matches, and for
// one job, its datafeed's state too.

// JobInfo is the part of a job's configuration the data sources report.
type JobInfo struct {
	ID          string
	Groups      []string
	Description string
	// CreateTime is zero when the answer leaves it out.
	CreateTime time.Time
	// ModelSnapshotID is empty until the job persisted a model.
	ModelSnapshotID string
	// Blocked is nil unless a delete, revert or reset holds the job.
	Blocked *Blocked
	// DatafeedID is the datafeed GET job embeds (7.15 and later); empty
	// when the answer embeds none.
	DatafeedID string
}

type jobInfoJSON struct {
	JobID           string   `json:"job_id"`
	Groups          []string `json:"groups"`
	Description     string   `json:"description"`
	CreateTime      *int64   `json:"create_time"`
	ModelSnapshotID string   `json:"model_snapshot_id"`
	Blocked         *Blocked `json:"blocked"`
	DatafeedConfig  *struct {
		DatafeedID string `json:"datafeed_id"`
	} `json:"datafeed_config"`
}

func (j jobInfoJSON) info() JobInfo {
	info := JobInfo{
		ID: j.JobID, Groups: j.Groups, Description: j.Description,
		CreateTime: epochMillis(j.CreateTime), ModelSnapshotID: j.ModelSnapshotID, Blocked: j.Blocked,
	}
	if j.DatafeedConfig != nil {
		info.DatafeedID = j.DatafeedConfig.DatafeedID
	}
	return info
}

// GetJobs reads the jobs an id expression (ids, group names, wildcards,
// comma-separated; "_all" or "" for every job) matches, in Elasticsearch's
// order (by id). An exact token that matches nothing satisfies
// IsJobNotFound whatever allowNoMatch says; a wildcard, a group pattern or
// "_all" that matches nothing does only when allowNoMatch is false.
func (c *Client) GetJobs(ctx context.Context, expr string, allowNoMatch bool) ([]JobInfo, error) {
	var answer struct {
		Jobs []jobInfoJSON `json:"jobs"`
	}
	if err := c.Do(ctx, esapi.MLGetJobsRequest{JobID: expr, AllowNoMatch: &allowNoMatch}, &answer); err != nil {
		return nil, err
	}
	jobs := make([]JobInfo, len(answer.Jobs))
	for i, j := range answer.Jobs {
		jobs[i] = j.info()
	}
	return jobs, nil
}

// JobsStats reads the statistics of the jobs an id expression matches, by
// job id, with GetJobs's rules for what matches.
func (c *Client) JobsStats(ctx context.Context, expr string, allowNoMatch bool) (map[string]JobStats, error) {
	var answer struct {
		Jobs []jobStatsJSON `json:"jobs"`
	}
	if err := c.Do(ctx, esapi.MLGetJobStatsRequest{JobID: expr, AllowNoMatch: &allowNoMatch}, &answer); err != nil {
		return nil, err
	}
	stats := make(map[string]JobStats, len(answer.Jobs))
	for _, j := range answer.Jobs {
		stats[j.JobID] = j.stats()
	}
	return stats, nil
}

// JobReport is everything the single-job data source shows.
type JobReport struct {
	JobInfo
	Stats JobStats
	// Datafeed is nil when the job has none.
	Datafeed *JobDatafeed
}

// JobDatafeed is a job's datafeed and its state.
type JobDatafeed struct {
	ID, State string
}

// JobReport reads one job, its statistics and its datafeed's state in at
// most three requests. A missing job satisfies IsJobNotFound.
func (c *Client) JobReport(ctx context.Context, jobID string) (JobReport, error) {
	var report JobReport
	jobs, err := c.GetJobs(ctx, jobID, true)
	if err != nil {
		return report, err
	}
	found := false
	for _, j := range jobs {
		if j.ID == jobID { // the id may name a group too
			report.JobInfo, found = j, true
		}
	}
	if !found {
		return report, jobNotFound(jobID)
	}
	if report.Stats, err = c.JobStats(ctx, jobID); err != nil {
		return report, err
	}
	if report.Datafeed, err = c.jobDatafeed(ctx, report.JobInfo); err != nil {
		return report, err
	}
	return report, nil
}

// jobDatafeed finds the job's datafeed and its state with one request at
// most: the datafeed's stats when GET job named it; when GET job could not
// name it (before 7.15, or a version the cluster would not say), the stats
// of every datafeed, whose timing statistics name their job.
func (c *Client) jobDatafeed(ctx context.Context, job JobInfo) (*JobDatafeed, error) {
	if job.DatafeedID != "" {
		s, err := c.DatafeedStats(ctx, job.DatafeedID)
		if IsDatafeedNotFound(err) {
			return nil, nil // deleted since GET job answered
		}
		if err != nil {
			return nil, err
		}
		return &JobDatafeed{ID: job.DatafeedID, State: s.State}, nil
	}
	if info, err := c.Info(ctx); err == nil && (info.Serverless || info.Version != nil && info.Supports(datafeedInJob)) {
		return nil, nil // GET job would have named it
	}
	var answer datafeedStatsAnswer
	if err := c.Do(ctx, esapi.MLGetDatafeedStatsRequest{}, &answer); err != nil {
		return nil, err
	}
	for _, d := range answer.Datafeeds {
		if d.TimingStats.JobID == job.ID {
			return &JobDatafeed{ID: d.DatafeedID, State: d.State}, nil
		}
	}
	return nil, nil
}
