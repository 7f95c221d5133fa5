package mljobs_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A read refused or failed by Elasticsearch says it was reading the jobs,
// names their expression and monitor_ml (what the reads need, not the
// reset's manage_ml), and keeps Elasticsearch's reason.

func readJobs(t *testing.T, c *acctest.Cluster, expr string) (summary, detail string) {
	t.Helper()
	s := c.ServeProtocol(t)
	c.ClearRequests()
	return acctest.OnlyError(t, s.ReadData(t, "elasticsearch_ml_jobs", map[string]tftypes.Value{
		"job_id": tftypes.NewValue(tftypes.String, expr),
	}))
}

func TestJobsErrors_refusedNamesMonitorML(t *testing.T) {
	c := acctest.NewEmulatedAs(t) // no privilege at all
	prefix, ids := c.JobIDs(t, "a", "b")
	for _, id := range ids {
		c.CreateJob(t, id)
	}

	summary, detail := readJobs(t, c, prefix+"-*")
	ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
	if summary != "Missing Elasticsearch privilege" ||
		!strings.HasPrefix(ours, `Reading jobs "`+prefix+`-*" needs the monitor_ml cluster privilege`) ||
		strings.Contains(summary+ours, "manage_ml") ||
		!strings.Contains(reason, "action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [limited]") {
		t.Fatalf("want the read, the expression and monitor_ml named, then Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_ml/"); len(got) != 1 || !strings.HasPrefix(got[0], "GET /_ml/anomaly_detectors/"+prefix+"-*?") {
		t.Fatalf("want only the GET of the jobs, got %q", got)
	}
}

// The jobs are read, their statistics fail: the error is the read's all
// the same.
func TestJobsErrors_failureNamesTheReadAndKeepsTheReason(t *testing.T) {
	c := acctest.NewEmulated(t)
	prefix, ids := c.JobIDs(t, "a", "b")
	for _, id := range ids {
		c.CreateJob(t, id)
	}
	c.Emulator.InjectError(http.MethodGet, "/_ml/anomaly_detectors/"+prefix+"-*/_stats", http.StatusInternalServerError,
		"exception", "shard failure reading job stats", 100)

	summary, detail := readJobs(t, c, prefix+"-*")
	if summary != `Reading ML jobs "`+prefix+`-*" failed` ||
		detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading job stats" {
		t.Fatalf("want the read and the expression named, and Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_ml/"); len(got) != 2 || !strings.Contains(got[1], "/_stats") {
		t.Fatalf("want the jobs, then their statistics, read; got %q", got)
	}
}
