package mljobreset_test

import (
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

const resourceName = "elasticsearch_ml_job_reset.test"

// configDir is the one configuration the tests drive through variables.
var configDir = config.StaticDirectory("testdata/reset")

// vars builds the configuration's variables.
var vars = acctest.Variables

func closeCall(jobID string, query ...string) string {
	return call("POST", "/_ml/anomaly_detectors/"+jobID+"/_close", query...)
}

func resetCall(jobID string, query ...string) string {
	return call("POST", "/_ml/anomaly_detectors/"+jobID+"/_reset", query...)
}

func taskPoll(taskID string) string {
	return call("GET", "/_tasks/"+taskID, "timeout", "x", "wait_for_completion", "true")
}

// call formats a request like acctest.ResetCalls does; query is pairs of
// name and value.
func call(method, path string, query ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		q.Set(query[i], query[i+1])
	}
	return acctest.Call(method, path, q)
}

// expectReset checks that the job is as a finished reset leaves it: closed,
// unblocked, with no processed records and no model snapshot.
func expectReset(c *acctest.Cluster, jobID string) func(*terraform.State) error {
	return c.CheckJob(jobID, func(j acctest.Job) error {
		if j.State != "closed" || j.BlockedReason != "" || j.ProcessedRecords != 0 || j.ModelSnapshotID != "" {
			return fmt.Errorf("job %s not reset: %+v", jobID, j)
		}
		return nil
	})
}
