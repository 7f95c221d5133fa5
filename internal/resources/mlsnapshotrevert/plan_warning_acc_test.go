package mlsnapshotrevert_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mlsnapshotrevert"
)

// The plan's warnings (DESIGN.md §10), as `terraform plan` shows them.

func warningOf(t *testing.T, diags []acctest.Diagnostic, summary string) acctest.Diagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Severity == "error" {
			t.Fatalf("the plan failed: %s: %s", d.Summary, d.Detail)
		}
	}
	for _, d := range diags {
		if d.Severity == "warning" && d.Summary == summary {
			return d
		}
	}
	t.Fatalf("no warning %q in %+v", summary, diags)
	return acctest.Diagnostic{}
}

func revertSummary(jobID, snapshotID string) string {
	return fmt.Sprintf("Applying this plan reverts ML job %q to model snapshot %q", jobID, snapshotID)
}

// planReads lists the plan's reads the cluster received, marked by their
// X-Opaque-Id, and fails on anything else but reads.
func planReads(t *testing.T, c *acctest.Cluster) []string {
	t.Helper()
	var reads []string
	for _, r := range c.Requests() {
		marked := r.Header.Get("X-Opaque-Id") == mlsnapshotrevert.PlanReadOpaqueID
		if marked {
			reads = append(reads, r.Method+" "+r.Path)
		}
		if !marked && r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Fatalf("a plan sent %s %s", r.Method, r.Path)
		}
	}
	return reads
}

// The warning says when the snapshot was taken, its latest record, and the
// span the model forgets, from two reads; with
// delete_intervening_results, what is deleted.
func TestAccPlanWarning_saysWhatTheRevertMeans(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	first := l.steps[0]
	snapshot := c.ModelSnapshots(t, l.jobID)[2] // oldest last
	c.ClearRequests()

	w := warningOf(t, c.CLIDiagnostics(t, "testdata/revert", vars(l.jobID, first.SnapshotID, "delete_intervening_results", true), "plan"),
		revertSummary(l.jobID, first.SnapshotID))
	want := fmt.Sprintf("Reverting job %q to model snapshot %q puts back the model the job had then: what it learned since is forgotten "+
		"(later snapshots are kept, so another revert can go forward again). "+
		"With delete_intervening_results, the job's results after the snapshot are deleted too, which cannot be undone. "+
		"The snapshot was taken at %s; its latest record is from %s. The model forgets what it learned from %s to %s, the job's latest record. "+
		"delete_intervening_results deletes the results after %s and rewinds the job's latest record time to %s, so a datafeed started next replays the data from there.",
		l.jobID, first.SnapshotID, rfc3339(snapshot.Timestamp), rfc3339(first.LastRecord), rfc3339(first.LastRecord), rfc3339(l.steps[2].LastRecord),
		rfc3339(snapshot.LatestResultTime), rfc3339(first.LastRecord))
	if w.Detail != want {
		t.Fatalf("warning detail\n got %q\nwant %q", w.Detail, want)
	}
	snapshotRead := "POST /_ml/anomaly_detectors/" + l.jobID + "/model_snapshots/" + first.SnapshotID
	statsRead := "GET /_ml/anomaly_detectors/" + l.jobID + "/_stats"
	if got := planReads(t, c); strings.Join(got, "\n") != snapshotRead+"\n"+statsRead {
		t.Fatalf("the plan's reads: %q", got)
	}
}

// A datafeed brought back after a revert that keeps the results resumes
// after the job's latest record: the plan says so.
func TestAccPlanWarning_datafeedResumesAfterTheLatestRecord(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	w := warningOf(t, c.CLIDiagnostics(t, "testdata/revert", vars(l.jobID, l.steps[0].SnapshotID, "after_revert", "started"), "plan"),
		fmt.Sprintf("The datafeed of ML job %q resumes after the job's latest record, not from the snapshot", l.jobID))
	if !strings.Contains(w.Detail, `With after_revert = "started" and delete_intervening_results = false`) {
		t.Fatalf("got %q", w.Detail)
	}
}

// A job that does not exist yet (it may be created earlier in the same
// apply), or a read that fails: the plain warning, and the plan goes on.
func TestAccPlanWarning_plainWithoutAnAnswer(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	plain := func(jobID, snapshotID string) string {
		return fmt.Sprintf("Reverting job %q to model snapshot %q puts back the model the job had then: what it learned since is forgotten "+
			"(later snapshots are kept, so another revert can go forward again).", jobID, snapshotID)
	}
	t.Run("job does not exist", func(t *testing.T) {
		c := acctest.New(t)
		jobID := c.JobID(t)
		w := warningOf(t, c.CLIDiagnostics(t, "testdata/revert", vars(jobID, "1700000000"), "plan"), revertSummary(jobID, "1700000000"))
		if w.Detail != plain(jobID, "1700000000") {
			t.Fatalf("got %q", w.Detail)
		}
	})
	for _, failing := range []string{"snapshot", "stats"} {
		t.Run(failing+" read fails", func(t *testing.T) {
			c := acctest.NewEmulated(t)
			l := learnedJob(t, c)
			snapshotID := l.steps[0].SnapshotID
			path := "/_ml/anomaly_detectors/" + l.jobID + "/_stats"
			method := http.MethodGet
			if failing == "snapshot" {
				path, method = "/_ml/anomaly_detectors/"+l.jobID+"/model_snapshots/"+snapshotID, http.MethodPost
			}
			c.Emulator.InjectError(method, path, http.StatusForbidden, "security_exception", "action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]", 100)
			w := warningOf(t, c.CLIDiagnostics(t, "testdata/revert", vars(l.jobID, snapshotID), "plan"), revertSummary(l.jobID, snapshotID))
			if w.Detail != plain(l.jobID, snapshotID) {
				t.Fatalf("got %q", w.Detail)
			}
		})
	}
}
