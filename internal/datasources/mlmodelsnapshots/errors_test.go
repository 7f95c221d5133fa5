package mlmodelsnapshots_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// A read refused or failed by Elasticsearch says it was reading the job's
// model snapshots, names the job and monitor_ml (what the read needs, not
// a revert's manage_ml), and keeps Elasticsearch's reason.

func readSnapshots(t *testing.T, c *acctest.Cluster, jobID string) (summary, detail string) {
	t.Helper()
	s := c.ServeProtocol(t)
	c.ClearRequests()
	return acctest.OnlyError(t, s.ReadData(t, "elasticsearch_ml_model_snapshots", map[string]tftypes.Value{
		"job_id": tftypes.NewValue(tftypes.String, jobID),
	}))
}

func TestModelSnapshotsErrors_refusedNamesMonitorML(t *testing.T) {
	c := acctest.NewEmulatedAs(t) // no privilege at all
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	summary, detail := readSnapshots(t, c, jobID)
	ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
	if summary != "Missing Elasticsearch privilege" ||
		!strings.HasPrefix(ours, `Reading model snapshots of job "`+jobID+`" needs the monitor_ml cluster privilege`) ||
		strings.Contains(summary+ours, "manage_ml") ||
		!strings.Contains(reason, "action [cluster:monitor/xpack/ml/job/model_snapshots/get] is unauthorized for user [limited]") {
		t.Fatalf("want the read, the job and monitor_ml named, then Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_ml/"); len(got) != 1 || got[0] != page(jobID, "", "", 0) {
		t.Fatalf("want only the first page, got %q", got)
	}
}

func TestModelSnapshotsErrors_failureNamesTheReadAndKeepsTheReason(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.Emulator.InjectError(http.MethodPost, "/_ml/anomaly_detectors/"+jobID+"/model_snapshots", http.StatusInternalServerError,
		"exception", "shard failure reading model snapshots", 100)

	summary, detail := readSnapshots(t, c, jobID)
	if summary != `Reading ML model snapshots of job "`+jobID+`" failed` ||
		detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading model snapshots" {
		t.Fatalf("want the read and the job named, and Elasticsearch's reason; got %q / %q", summary, detail)
	}
}

// Serverless keeps the snapshot API for itself: the error says so rather
// than leaving Elasticsearch's 410 to explain it.
func TestModelSnapshotsErrors_serverless(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithServerless())
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	summary, detail := readSnapshots(t, c, jobID)
	ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
	if summary != "Model snapshots are not available on serverless" ||
		!strings.HasPrefix(ours, `Reading model snapshots of job "`+jobID+`": Elasticsearch serverless does not make the model snapshot API public`) ||
		!strings.Contains(reason, "HTTP 410 [api_not_available_exception]") {
		t.Fatalf("want serverless named as the reason, then Elasticsearch's; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_ml/"); len(got) != 1 || got[0] != page(jobID, "", "", 0) {
		t.Fatalf("want one request, the first page, got %q", got)
	}
}
