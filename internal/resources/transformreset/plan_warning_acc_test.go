package transformreset_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/transformreset"
)

// The plan's warning (DESIGN.md §11), as `terraform plan` shows it.

const rfc3339 = `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`

func resetWarningOf(t *testing.T, diags []acctest.Diagnostic, id string) acctest.Diagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Severity == "error" {
			t.Fatalf("the plan failed: %s: %s", d.Summary, d.Detail)
		}
	}
	for _, d := range diags {
		if d.Severity == "warning" && d.Summary == fmt.Sprintf("Applying this plan resets transform %q", id) {
			return d
		}
	}
	t.Fatalf("no reset warning in %+v", diags)
	return acctest.Diagnostic{}
}

func plain(id string) string {
	return fmt.Sprintf("Resetting transform %q deletes its checkpoints and counters, and its destination index when the transform created it; "+
		"its next start reads all its source data again. This cannot be undone.", id)
}

// planReads lists the plan warning's reads, marked with its X-Opaque-Id.
func planReads(c *acctest.Cluster) []string {
	var reads []string
	for _, r := range c.Requests() {
		if r.Header.Get(esclient.OpaqueIDHeader) == transformreset.PlanReadOpaqueID {
			reads = append(reads, r.Method+" "+r.Path)
		}
	}
	return reads
}

func planWarning(t *testing.T, c *acctest.Cluster, id string, kv ...any) string {
	t.Helper()
	c.ClearRequests()
	w := resetWarningOf(t, c.CLIDiagnostics(t, "testdata/reset", vars(id, kv...), "plan"), id)
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Fatalf("a plan sent %s %s", r.Method, r.Path)
		}
	}
	return w.Detail
}

func TestAccTransformPlanWarning_saysWhatWouldBeLost(t *testing.T) {
	c := acctest.New(t)
	f, _ := ranBatch(t, c)

	detail := planWarning(t, c, f.ID)
	want := regexp.MustCompile(`^` + regexp.QuoteMeta(plain(f.ID)) + ` It has reached checkpoint 1 at ` + rfc3339 +
		`, and has processed 10 documents and indexed 3\. It is stopped now and stays stopped\. ` +
		regexp.QuoteMeta(fmt.Sprintf("Its destination index %q was created by the transform, so the reset deletes it.", f.DestIndex)) + `$`)
	if !want.MatchString(detail) {
		t.Fatalf("warning detail %q does not match %s", detail, want)
	}
	// At most three reads: the transform, its statistics, its destination's
	// mapping; one plan asks once.
	wantReads := []string{"GET /_transform/" + f.ID, "GET /_transform/" + f.ID + "/_stats", "GET /" + f.DestIndex + "/_mapping"}
	if got := planReads(c); fmt.Sprint(got) != fmt.Sprint(wantReads) {
		t.Fatalf("plan reads %q, want %q", got, wantReads)
	}
}

func TestAccTransformPlanWarning_runningTransformStartedAgain(t *testing.T) {
	c := acctest.New(t)
	f := runningContinuous(t, c)

	detail := planWarning(t, c, f.ID, "after_reset", "restore")
	want := regexp.MustCompile(`It is (started|indexing) now: the reset stops it, and after_reset = "restore" starts it again\. Its destination index`)
	if !want.MatchString(detail) {
		t.Fatalf("warning detail %q does not match %s", detail, want)
	}
}

// A destination the transform did not create is kept, and a restart
// writes into it again: the plan says so.
func TestAccTransformPlanWarning_keptDestination(t *testing.T) {
	c := acctest.New(t)
	id := c.TransformID(t)
	dest := "tfacc-own-" + id
	c.CreateIndex(t, dest, `{"mappings":{"properties":{"host":{"type":"keyword"}}}}`)
	f := c.CreateTransform(t, acctest.TransformSpec{ID: id, DestIndex: dest})

	detail := planWarning(t, c, f.ID, "after_reset", "started")
	want := fmt.Sprintf(`It has reached no checkpoint yet. It is stopped now; after_reset = "started" starts it after the reset. `+
		`Its destination index %q was not created by the transform, so the reset keeps it: a restart writes into its existing documents again.`, dest)
	if detail != plain(f.ID)+" "+want {
		t.Fatalf("got %q\nwant %q", detail, plain(f.ID)+" "+want)
	}
}

// A failed transform is named, and so is what the apply needs.
func TestAccTransformPlanWarning_failedTransform(t *testing.T) {
	c := acctest.NewEmulated(t)
	f := runningContinuous(t, c)
	if err := c.Emulator.FailTransform(f.ID, "boom"); err != nil {
		t.Fatal(err)
	}
	detail := planWarning(t, c, f.ID)
	if want := "It is failed now, and stops only by force: the apply fails unless force_stop = true."; !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(detail) {
		t.Fatalf("got %q", detail)
	}
}

// A transform that does not exist yet (it may be created earlier in the
// same apply), or a read that fails: the plain warning, and the plan goes
// on. A mapping the credentials may not read is said as such.
func TestAccTransformPlanWarning_withoutAnAnswer(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	t.Run("transform does not exist", func(t *testing.T) {
		c := acctest.New(t)
		id := c.TransformID(t)
		if got := planWarning(t, c, id); got != plain(id) {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("stats fail", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		f, _ := ranBatch(t, c)
		c.Emulator.InjectError(http.MethodGet, "/_transform/"+f.ID+"/_stats", http.StatusInternalServerError, "exception", "stats unavailable", 100)
		if got := planWarning(t, c, f.ID); got != plain(f.ID) {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("mapping refused", func(t *testing.T) {
		c := acctest.NewEmulatedAs(t, "transform_admin")
		f, _ := ranBatch(t, c)
		detail := planWarning(t, c, f.ID)
		want := regexp.MustCompile(`It has reached checkpoint 1 at ` + rfc3339 + `, and has processed 10 documents and indexed 3\. It is stopped now and stays stopped\. ` +
			regexp.QuoteMeta(fmt.Sprintf("Whether its destination %q is deleted could not be checked: reading its mapping needs the view_index_metadata privilege on it.", f.DestIndex)) + `$`)
		if !want.MatchString(detail) {
			t.Fatalf("warning detail %q does not match %s", detail, want)
		}
		var refused bool
		for _, r := range c.Requests() {
			refused = refused || r.Path == "/"+f.DestIndex+"/_mapping" && r.Status == http.StatusForbidden
		}
		if !refused {
			t.Fatal("the mapping read was not refused: the test proves nothing")
		}
	})
}
