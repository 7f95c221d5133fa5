package mljobreset_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// after_reset (DESIGN.md §4): what runs after the reset, and the requests it
// costs, read from what Elasticsearch received.

// workCalls lists the requests about the job and its datafeed from the
// reset's reads before the close (reads of them) to its last change, in
// order. The plan's own stats reads come before those and are left out.
func workCalls(c *acctest.Cluster, jobID string, reads int) []string {
	jobPath := "/_ml/anomaly_detectors/" + jobID
	feedPath := "/_ml/datafeeds/" + acctest.DatafeedID(jobID)
	var calls []string
	first, last := -1, -1
	for _, r := range c.Requests() {
		if r.Path != jobPath && !strings.HasPrefix(r.Path, jobPath+"/") && !strings.HasPrefix(r.Path, feedPath) && r.Path != "/_ml/datafeeds" {
			continue
		}
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/_close") && first < 0 {
			first = len(calls)
		}
		if r.Method != http.MethodGet {
			last = len(calls)
		}
		calls = append(calls, acctest.Call(r.Method, r.Path, r.Query))
	}
	if first < reads || last < first {
		return calls // no reset: show everything
	}
	return calls[first-reads : last+1]
}

func expectWork(c *acctest.Cluster, jobID string, reads int, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := workCalls(c, jobID, reads)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests about job %s:\n got: %q\nwant: %q", jobID, got, want)
		}
		return nil
	}
}

func expectStates(c *acctest.Cluster, jobID, job, datafeed string) resource.TestCheckFunc {
	return c.CheckJob(jobID, func(j acctest.Job) error {
		if j.State != job || j.DatafeedState != datafeed {
			return fmt.Errorf("want job %s and datafeed %s, got %+v", job, datafeed, j)
		}
		return nil
	})
}

func jobCall(method, jobID, action string, query ...string) string {
	return call(method, strings.TrimSuffix("/_ml/anomaly_detectors/"+jobID+"/"+action, "/"), query...)
}

func feedCall(method, jobID, action string, query ...string) string {
	return call(method, "/_ml/datafeeds/"+acctest.DatafeedID(jobID)+"/"+action, query...)
}

func TestAccAfterReset_restoreBringsBackWhatRan(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	c.StartDatafeed(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "after_reset", "restore"),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, jobID, 3,
					jobCall("GET", jobID, "_stats"),
					jobCall("GET", jobID, ""),
					feedCall("GET", jobID, "_stats"),
					closeCall(jobID), resetCall(jobID),
					jobCall("POST", jobID, "_open"),
					// No start: the datafeed reads its source from the beginning.
					feedCall("POST", jobID, "_start")),
				expectStates(c, jobID, "opened", "started"),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("after_reset"), knownvalue.StringExact("restore")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("datafeed_start"), knownvalue.Null()),
			},
		}},
	})
}

// Before 7.15 GET job does not name the datafeed: the list of datafeeds
// does.
func TestAccAfterReset_restoreOn714FindsTheDatafeedInTheList(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithVersion("7.14.0"))
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	c.StartDatafeed(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "after_reset", "restore"),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, jobID, 3,
					jobCall("GET", jobID, "_stats"),
					call("GET", "/_ml/datafeeds"),
					feedCall("GET", jobID, "_stats"),
					closeCall(jobID), resetCall(jobID),
					jobCall("POST", jobID, "_open"),
					feedCall("POST", jobID, "_start")),
				expectStates(c, jobID, "opened", "started"),
			),
		}},
	})
}

func TestAccAfterReset_startedOpensAndStartsFromDatafeedStart(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.CreateDatafeed(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "after_reset", "started", "datafeed_start", "2024-01-01T00:00:00Z"),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, jobID, 1,
					jobCall("GET", jobID, ""),
					closeCall(jobID), resetCall(jobID),
					jobCall("POST", jobID, "_open"),
					feedCall("POST", jobID, "_start", "start", "2024-01-01T00:00:00Z")),
				expectStates(c, jobID, "opened", "started"),
			),
		}},
	})
}

// A job without a datafeed: started opens it, and that is all.
func TestAccAfterReset_startedWithoutDatafeedOnlyOpens(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "after_reset", "started"),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, jobID, 1,
					jobCall("GET", jobID, ""),
					closeCall(jobID), resetCall(jobID),
					jobCall("POST", jobID, "_open")),
				expectStates(c, jobID, "opened", ""),
			),
		}},
	})
}

// A datafeed running a lookback with an end is not restarted, and the
// apply says so, naming it.
func TestAccAfterReset_restoreLeavesALookbackStopped(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	c.StartDatafeedUntil(t, jobID, time.Now().Add(time.Hour))
	c.ClearRequests()

	diags := c.CLIDiagnostics(t, "testdata/reset", vars(jobID, "after_reset", "restore"), "apply")
	want := fmt.Sprintf("Datafeed %q not started again", acctest.DatafeedID(jobID))
	if !hasDiagnostic(diags, "warning", want, "lookback with an end") || hasSeverity(diags, "error") {
		t.Fatalf("want the warning %q, got %+v", want, diags)
	}
	if err := expectWork(c, jobID, 3,
		jobCall("GET", jobID, "_stats"), jobCall("GET", jobID, ""), feedCall("GET", jobID, "_stats"),
		closeCall(jobID), resetCall(jobID), jobCall("POST", jobID, "_open"))(nil); err != nil {
		t.Fatal(err)
	}
	if err := expectStates(c, jobID, "opened", "stopped")(nil); err != nil {
		t.Fatal(err)
	}
}

// A failed job is closed by force and left closed, with a warning.
func TestAccAfterReset_restoreLeavesAFailedJobClosed(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	if err := c.Emulator.SetJobState(jobID, "failed"); err != nil {
		t.Fatal(err)
	}
	c.ClearRequests()

	diags := c.CLIDiagnostics(t, "testdata/reset", vars(jobID, "after_reset", "restore", "force_close", true), "apply")
	if !hasDiagnostic(diags, "warning", fmt.Sprintf("ML job %q left closed", jobID), "was failed before the reset") || hasSeverity(diags, "error") {
		t.Fatalf("want the warning, got %+v", diags)
	}
	if err := expectWork(c, jobID, 2,
		jobCall("GET", jobID, "_stats"), jobCall("GET", jobID, ""),
		closeCall(jobID, "force", "true"), resetCall(jobID))(nil); err != nil {
		t.Fatal(err)
	}
}

// No ML node has room, but the job allows a lazy open: success, with a
// warning; the job waits as opening and its datafeed as starting.
func TestAccAfterReset_aLazyOpenIsSuccess(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.CreateDatafeed(t, jobID)
	c.Emulator.AllowLazyOpen(jobID)
	c.Emulator.SetMLCapacity(false)

	diags := c.CLIDiagnostics(t, "testdata/reset", vars(jobID, "after_reset", "started"), "apply")
	if !hasDiagnostic(diags, "warning", fmt.Sprintf("ML job %q waits for an ML node", jobID), "lazy open") || hasSeverity(diags, "error") {
		t.Fatalf("want the warning, got %+v", diags)
	}
	if err := expectStates(c, jobID, "opening", "starting")(nil); err != nil {
		t.Fatal(err)
	}
}

// Someone else opening the job or starting the datafeed first is as good.
func TestAccAfterReset_alreadyOpenedOrStartedIsSuccess(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.CreateDatafeed(t, jobID)
	c.Emulator.FailNextStart(acctest.DatafeedID(jobID), http.StatusConflict, "status_exception",
		fmt.Sprintf("cannot start datafeed [%s] because it has already been started", acctest.DatafeedID(jobID)))
	other := c.JobID(t)
	c.CreateJob(t, other)
	c.Emulator.FailNextOpen(other, http.StatusConflict, "status_exception", fmt.Sprintf("Cannot open job [%s] because it has already been opened", other))

	for _, id := range []string{jobID, other} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: vars(id, "after_reset", "started"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				},
			}},
		})
	}
}

// Opening or starting refused after a completed reset: the apply fails
// saying the reset completed, the resource is tainted, and the next apply
// resets and starts again.
func TestAccAfterReset_aFailureAfterTheResetTaintsAndTheNextApplyRetries(t *testing.T) {
	t.Run("missing source index", func(t *testing.T) {
		c := acctest.New(t)
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		c.CreateDatafeed(t, jobID)
		c.DeleteSourceIndex(t, jobID)
		retryAfterFailure(t, c, jobID,
			fmt.Sprintf("ML job %q was reset, but starting datafeed %q failed … The reset itself completed", jobID, acctest.DatafeedID(jobID)),
			func() { c.CreateSourceIndex(t, jobID) }, "started")
	})
	t.Run("no ML capacity", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		c.CreateDatafeed(t, jobID)
		c.Emulator.SetMLCapacity(false)
		retryAfterFailure(t, c, jobID,
			fmt.Sprintf("ML job %q was reset, but opening it failed … No ML node has room", jobID),
			func() { c.Emulator.SetMLCapacity(true) }, "started")
	})
	t.Run("500 on start", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		c.CreateDatafeed(t, jobID)
		c.Emulator.FailNextStart(acctest.DatafeedID(jobID), http.StatusInternalServerError, "exception", "search failed")
		retryAfterFailure(t, c, jobID, "starting datafeed … failed … Elasticsearch said: … search failed", func() {}, "started")
	})
}

func retryAfterFailure(t *testing.T, c *acctest.Cluster, jobID, wantError string, fix func(), feedState string) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "after_reset", "started"),
				ExpectError:     acctest.ErrorText(wantError),
			},
			{
				PreConfig: func() {
					fix()
					c.ClearRequests()
				},
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "after_reset", "started"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Replaced, not created: the failed apply left it in
					// state, tainted.
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
				},
				Check: resource.ComposeTestCheckFunc(
					expectWork(c, jobID, 1,
						jobCall("GET", jobID, ""),
						closeCall(jobID), resetCall(jobID),
						jobCall("POST", jobID, "_open"),
						feedCall("POST", jobID, "_start")),
					expectStates(c, jobID, "opened", feedState),
				),
			},
		},
	})
}

// after_reset and datafeed_start change in place, with no request.
func TestAccAfterReset_changesInPlaceWithoutRequests(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(jobID)},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "after_reset", "restore", "datafeed_start", "now-1d"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					for _, r := range c.Requests() {
						if r.Method != http.MethodGet {
							return fmt.Errorf("an in-place change sent %s %s", r.Method, r.Path)
						}
					}
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("after_reset"), knownvalue.StringExact("restore")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("datafeed_start"), knownvalue.StringExact("now-1d")),
				},
			},
		},
	})
}

// Bad values fail the plan, before any request.
func TestAccAfterReset_badValuesFailThePlan(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	for _, tc := range []struct {
		name      string
		variables []any
		want      string
	}{
		{"datafeed_start without after_reset", []any{"datafeed_start", "now-1d"}, "datafeed_start needs after_reset"},
		{"datafeed_start with closed", []any{"after_reset", "closed", "datafeed_start", "now-1d"}, "datafeed_start needs after_reset"},
		{"empty datafeed_start", []any{"after_reset", "started", "datafeed_start", ""}, "Attribute datafeed_start string length must be at least 1"},
		{"unknown mode", []any{"after_reset", "running"}, `Attribute after_reset value must be one of: ["closed" "restore" "started"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.ClearRequests()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					ConfigDirectory: configDir,
					ConfigVariables: vars(jobID, tc.variables...),
					PlanOnly:        true,
					ExpectError:     regexp.MustCompile(regexp.QuoteMeta(tc.want)),
				}},
			})
			for _, r := range c.Requests() {
				if strings.Contains(r.Path, jobID) {
					t.Fatalf("a refused configuration sent %s %s", r.Method, r.Path)
				}
			}
		})
	}
}

func hasDiagnostic(diags []acctest.Diagnostic, severity, summary, inDetail string) bool {
	for _, d := range diags {
		if d.Severity == severity && d.Summary == summary && strings.Contains(d.Detail, inDetail) {
			return true
		}
	}
	return false
}

func hasSeverity(diags []acctest.Diagnostic, severity string) bool {
	for _, d := range diags {
		if d.Severity == severity {
			return true
		}
	}
	return false
}
