package esclient

import (
	"context"

	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/hashicorp/go-version"
)

// datafeedInJob is the first version whose GET job carries the job's
// datafeed (datafeed_config).
var datafeedInJob = version.Must(version.NewVersion("7.15.0"))

// JobDatafeedID returns the id of the job's datafeed, empty when it has
// none (a job has at most one). It costs one request: GET job from 7.15;
// on 7.14, or when the cluster would not say its version, the list of
// datafeeds, whose entries name their job on every version. A missing job
// satisfies IsJobNotFound on 7.15 and later; before, a job without a
// datafeed and a missing job both answer "".
func (c *Client) JobDatafeedID(ctx context.Context, jobID string) (string, error) {
	info, err := c.Info(ctx)
	if err == nil && (info.Serverless || info.Version != nil && info.Supports(datafeedInJob)) {
		return c.datafeedIDFromJob(ctx, jobID)
	}
	return c.datafeedIDFromList(ctx, jobID)
}

func (c *Client) datafeedIDFromJob(ctx context.Context, jobID string) (string, error) {
	var answer struct {
		Jobs []struct {
			JobID          string `json:"job_id"`
			DatafeedConfig *struct {
				DatafeedID string `json:"datafeed_id"`
			} `json:"datafeed_config"`
		} `json:"jobs"`
	}
	if err := c.Do(ctx, esapi.MLGetJobsRequest{JobID: jobID}, &answer); err != nil {
		return "", err
	}
	for _, j := range answer.Jobs {
		if j.JobID != jobID {
			continue // the id matched a group too
		}
		if j.DatafeedConfig == nil {
			return "", nil
		}
		return j.DatafeedConfig.DatafeedID, nil
	}
	return "", jobNotFound(jobID)
}

func (c *Client) datafeedIDFromList(ctx context.Context, jobID string) (string, error) {
	var answer struct {
		Datafeeds []struct {
			DatafeedID string `json:"datafeed_id"`
			JobID      string `json:"job_id"`
		} `json:"datafeeds"`
	}
	if err := c.Do(ctx, esapi.MLGetDatafeedsRequest{}, &answer); err != nil {
		return "", err
	}
	for _, d := range answer.Datafeeds {
		if d.JobID == jobID {
			return d.DatafeedID, nil
		}
	}
	return "", nil
}
