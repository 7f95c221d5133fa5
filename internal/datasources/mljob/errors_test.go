package mljob_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A read refused or failed by Elasticsearch says it was reading the job,
// names the job and monitor_ml (what the reads need, not the reset's
// manage_ml), and keeps Elasticsearch's reason.

func readJob(t *testing.T, c *acctest.Cluster, jobID string) (summary, detail string) {
	t.Helper()
	s := c.ServeProtocol(t)
	c.ClearRequests()
	return acctest.OnlyError(t, s.ReadData(t, "elasticsearch_ml_job", map[string]tftypes.Value{
		"job_id": tftypes.NewValue(tftypes.String, jobID),
	}))
}

func TestJobErrors_refusedNamesMonitorML(t *testing.T) {
	c := acctest.NewEmulatedAs(t) // no privilege at all
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	summary, detail := readJob(t, c, jobID)
	ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
	if summary != "Missing Elasticsearch privilege" ||
		!strings.HasPrefix(ours, `Reading job "`+jobID+`" needs the monitor_ml cluster privilege`) ||
		strings.Contains(summary+ours, "manage_ml") ||
		!strings.Contains(reason, "action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [limited]") {
		t.Fatalf("want the read, the job and monitor_ml named, then Elasticsearch's reason; got %q / %q", summary, detail)
	}
	// Refused at the first request, the job's.
	if got := c.Calls("/_ml/"); len(got) != 1 || got[0] != getJob(jobID) {
		t.Fatalf("want only %q, got %q", getJob(jobID), got)
	}
}

// The job is read, its statistics fail: the error is the read's all the same.
func TestJobErrors_failureNamesTheReadAndKeepsTheReason(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.Emulator.InjectError(http.MethodGet, "/_ml/anomaly_detectors/"+jobID+"/_stats", http.StatusInternalServerError,
		"exception", "shard failure reading job stats", 100)

	summary, detail := readJob(t, c, jobID)
	if summary != `Reading ML job "`+jobID+`" failed` ||
		detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading job stats" {
		t.Fatalf("want the read and the job named, and Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_ml/"); len(got) != 2 || got[0] != getJob(jobID) || got[1] != getStats(jobID) {
		t.Fatalf("want the job, then its statistics, read; got %q", got)
	}
}
