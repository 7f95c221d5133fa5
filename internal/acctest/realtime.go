package acctest

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// WaitForRealTime waits until the job's datafeed, started in real time,
// has finished its lookback and follows new data
// (running_state.real_time_running, 7.14 and later), and returns the job
// then: what the lookback fed it shows where the datafeed resumed. The
// reads go to the back end like fixtures, so the request log shows them:
// check it first.
func (c *Cluster) WaitForRealTime(t *testing.T, jobID string) Job {
	t.Helper()
	feed := datafeedID(jobID)
	call := "GET /_ml/datafeeds/" + feed + "/_stats"
	var last string
	poll(t, "datafeed "+feed+" to run in real time", func() bool {
		var out struct {
			Datafeeds []struct {
				State        string          `json:"state"`
				RunningState json.RawMessage `json:"running_state"`
			} `json:"datafeeds"`
		}
		if err := c.fixtureDo(call, esapi.MLGetDatafeedStatsRequest{DatafeedID: feed}, &out); err != nil {
			last = err.Error()
			return false
		}
		if len(out.Datafeeds) != 1 {
			last = fmt.Sprintf("%d datafeeds", len(out.Datafeeds))
			return false
		}
		var running struct {
			RealTimeRunning bool `json:"real_time_running"`
		}
		_ = json.Unmarshal(out.Datafeeds[0].RunningState, &running)
		last = fmt.Sprintf("state %s, running_state %s", out.Datafeeds[0].State, out.Datafeeds[0].RunningState)
		return out.Datafeeds[0].State == "started" && running.RealTimeRunning
	}, func() string { return last })
	return c.Job(t, jobID)
}

// StartDatafeedInRealTime starts the datafeed a job already has (the one
// LearnInSteps gives it) with no start and no end: it resumes where the
// job stands and goes on in real time. The job must be opened.
func (c *Cluster) StartDatafeedInRealTime(t *testing.T, jobID string) {
	t.Helper()
	feed := datafeedID(jobID)
	c.fixtureCall(t, "POST /_ml/datafeeds/"+feed+"/_start", esapi.MLStartDatafeedRequest{DatafeedID: feed}, nil)
}
