package mljobreset_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mljobreset"
)

// The plan's warning (DESIGN.md §5), as `terraform plan` shows it.

var rfc3339 = `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`

func resetWarningOf(t *testing.T, diags []acctest.Diagnostic, jobID string) acctest.Diagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Severity == "error" {
			t.Fatalf("the plan failed: %s: %s", d.Summary, d.Detail)
		}
	}
	for _, d := range diags {
		if d.Severity == "warning" && d.Summary == fmt.Sprintf("Applying this plan resets ML job %q", jobID) {
			return d
		}
	}
	t.Fatalf("no reset warning in %+v", diags)
	return acctest.Diagnostic{}
}

// statsReads counts the job stats reads the cluster received.
func statsReads(c *acctest.Cluster, jobID string) int {
	n := 0
	for _, r := range c.Requests() {
		if r.Method == http.MethodGet && r.Path == "/_ml/anomaly_detectors/"+jobID+"/_stats" && r.Header.Get("X-Opaque-Id") == mljobreset.PlanReadOpaqueID {
			n++
		}
	}
	return n
}

func TestAccPlanWarning_saysWhatWouldBeLost(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 1000)
	c.OpenJob(t, jobID)
	c.ClearRequests()

	w := resetWarningOf(t, c.CLIDiagnostics(t, "testdata/reset", vars(jobID, "after_reset", "restore"), "plan"), jobID)
	want := regexp.MustCompile(`deletes its model state.*It has processed 1,000 records from ` + rfc3339 + ` to ` + rfc3339 +
		`, and its model takes [0-9.]+ (bytes|KiB|MiB)\. It is opened now: the reset closes it, and after_reset = "restore" opens it again\.$`)
	if !want.MatchString(w.Detail) {
		t.Fatalf("warning detail %q does not match %s", w.Detail, want)
	}
	if n := statsReads(c, jobID); n != 1 {
		t.Fatalf("the plan read the job's stats %d times, want 1", n)
	}
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Fatalf("a plan sent %s %s", r.Method, r.Path)
		}
	}
}

func TestAccPlanWarning_closedJobThatStaysClosed(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	w := resetWarningOf(t, c.CLIDiagnostics(t, "testdata/reset", vars(jobID), "plan"), jobID)
	if !strings.HasSuffix(w.Detail, "This cannot be undone. It has processed no records yet. It is closed now and stays closed.") {
		t.Fatalf("got %q", w.Detail)
	}
}

// A job that does not exist yet (it may be created earlier in the same
// apply), or a cluster that does not answer: the plain warning, and the
// plan goes on.
func TestAccPlanWarning_plainWithoutAnAnswer(t *testing.T) {
	plain := func(jobID string) string {
		return fmt.Sprintf("Resetting job %q deletes its model state, model snapshots and results; the job starts over as if new. This cannot be undone.", jobID)
	}
	t.Run("job does not exist", func(t *testing.T) {
		c := acctest.New(t)
		jobID := c.JobID(t)
		w := resetWarningOf(t, c.CLIDiagnostics(t, "testdata/reset", vars(jobID), "plan"), jobID)
		if w.Detail != plain(jobID) {
			t.Fatalf("got %q", w.Detail)
		}
	})
	t.Run("stats fail", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		jobID := c.JobID(t)
		c.CreateTrainedJob(t, jobID, 10)
		c.Emulator.InjectError(http.MethodGet, "/_ml/anomaly_detectors/"+jobID+"/_stats", http.StatusInternalServerError, "exception", "stats unavailable", 100)
		w := resetWarningOf(t, c.CLIDiagnostics(t, "testdata/reset", vars(jobID), "plan"), jobID)
		if w.Detail != plain(jobID) {
			t.Fatalf("got %q", w.Detail)
		}
	})
}
