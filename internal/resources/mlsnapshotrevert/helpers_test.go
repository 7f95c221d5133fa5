package mlsnapshotrevert_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mlsnapshotrevert"
)

const resourceName = "elasticsearch_ml_model_snapshot_revert.test"

// configDir is the one configuration the tests drive through variables.
var configDir = config.StaticDirectory("testdata/revert")

// vars builds the configuration's variables: job_id, snapshot_id, then
// pairs of name and value as acctest.Variables takes them.
func vars(jobID, snapshotID string, kv ...any) config.Variables {
	return acctest.Variables(jobID, append([]any{"snapshot_id", snapshotID}, kv...)...)
}

// learned is a closed job that learned in three steps of an hour, each
// ending in a snapshot, with its datafeed stopped.
type learned struct {
	jobID string
	steps []acctest.SnapshotStep
	// before is the job after the steps.
	before acctest.Job
}

func learnedJob(t *testing.T, c *acctest.Cluster) learned {
	t.Helper()
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	l := learned{jobID: jobID, steps: c.LearnInSteps(t, jobID, 3)}
	l.before = c.Job(t, jobID)
	c.ClearRequests()
	return l
}

func call(method, path string, query ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		q.Set(query[i], query[i+1])
	}
	return acctest.Call(method, path, q)
}

func closeCall(jobID string, query ...string) string {
	return call("POST", "/_ml/anomaly_detectors/"+jobID+"/_close", query...)
}

func revertCall(jobID, snapshotID string, query ...string) string {
	return call("POST", "/_ml/anomaly_detectors/"+jobID+"/model_snapshots/"+snapshotID+"/_revert", query...)
}

func jobCall(method, jobID, action string, query ...string) string {
	return call(method, strings.TrimSuffix("/_ml/anomaly_detectors/"+jobID+"/"+action, "/"), query...)
}

func feedCall(method, jobID, action string, query ...string) string {
	return call(method, "/_ml/datafeeds/"+acctest.DatafeedID(jobID)+"/"+action, query...)
}

// revertWork lists, in order, the requests about the job and its datafeed
// from the revert's reads before the close (reads of them) to its last
// change. The plan's own reads (marked by their X-Opaque-Id) and the
// refreshes around the apply are left out. A request that carried a body
// is marked, on the emulator, which logs bodies.
func revertWork(c *acctest.Cluster, jobID string, reads int) []string {
	jobPath := "/_ml/anomaly_detectors/" + jobID
	feedPath := "/_ml/datafeeds/" + acctest.DatafeedID(jobID)
	var calls []string
	first, last := -1, -1
	for _, r := range c.Requests() {
		if r.Path != jobPath && !strings.HasPrefix(r.Path, jobPath+"/") && !strings.HasPrefix(r.Path, feedPath) {
			continue
		}
		if r.Header.Get("X-Opaque-Id") == mlsnapshotrevert.PlanReadOpaqueID {
			continue
		}
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/_close") && first < 0 {
			first = len(calls)
		}
		if r.Method != http.MethodGet {
			last = len(calls)
		}
		line := acctest.Call(r.Method, r.Path, r.Query)
		if strings.TrimSpace(r.Body) != "" {
			line += " with a body"
		}
		calls = append(calls, line)
	}
	if first < reads || last < first {
		return calls // no revert: show everything
	}
	return calls[first-reads : last+1]
}

func expectWork(c *acctest.Cluster, jobID string, reads int, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := revertWork(c, jobID, reads); !slices.Equal(got, want) {
			return fmt.Errorf("requests about job %s:\n got: %q\nwant: %q", jobID, got, want)
		}
		return nil
	}
}

// expectNoChange checks that nothing but reads reached the job (the
// plan's snapshot read is a POST, marked as the plan's).
func expectNoChange(c *acctest.Cluster, jobID string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range c.Requests() {
			if r.Method != http.MethodGet && r.Method != http.MethodHead && strings.Contains(r.Path, jobID) &&
				r.Header.Get("X-Opaque-Id") != mlsnapshotrevert.PlanReadOpaqueID {
				return fmt.Errorf("%s %s was sent", r.Method, r.Path)
			}
		}
		return nil
	}
}

// expectModel checks which snapshot the job runs and that it is closed and
// unblocked.
func expectModel(c *acctest.Cluster, jobID, snapshotID string) resource.TestCheckFunc {
	return c.CheckJob(jobID, func(j acctest.Job) error {
		if j.ModelSnapshotID != snapshotID || j.BlockedReason != "" {
			return fmt.Errorf("want job %s on snapshot %q and not blocked, got %+v", jobID, snapshotID, j)
		}
		return nil
	})
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
