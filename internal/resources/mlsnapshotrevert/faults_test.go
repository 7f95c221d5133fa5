package mlsnapshotrevert_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// What a cluster cannot take fails the plan, before anything reaches ML:
// serverless keeps the snapshot APIs internal, and the empty snapshot
// needs 7.11.
func TestAccRevert_gatesFailThePlan(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, tc := range []struct {
		name     string
		opts     []emulator.Option
		snapshot string
		want     string
	}{
		{"serverless", []emulator.Option{emulator.WithServerless()}, "1700000000",
			"Not available on Elasticsearch Serverless … Reverting a job to a model snapshot is not available on Elasticsearch Serverless"},
		{"empty before 7.11", []emulator.Option{emulator.WithVersion("7.10.2")}, "empty",
			`snapshot_id = "empty" needs Elasticsearch 7.11.0 or later; the cluster runs 7.10.2. Revert to a stored snapshot`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := acctest.NewEmulated(t, tc.opts...)
			jobID := c.JobID(t)
			c.CreateJob(t, jobID)
			c.ClearRequests()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					ConfigDirectory: configDir,
					ConfigVariables: vars(jobID, tc.snapshot),
					PlanOnly:        true,
					ExpectError:     acctest.ErrorText(tc.want),
				}},
			})
			if got := c.Calls("/_ml/"); len(got) != 0 {
				t.Fatalf("the plan reached ML: %q", got)
			}
		})
	}
}

// The empty snapshot: a model that has learned nothing, and no latest
// record time to store.
func TestAccRevert_toTheEmptySnapshot(t *testing.T) {
	c := acctest.NewEmulated(t)
	l := learnedJob(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, "empty", "delete_intervening_results", true),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("latest_record_time"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(l.jobID+"/empty")),
			},
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, l.jobID, 0, closeCall(l.jobID), revertCall(l.jobID, "empty", "delete_intervening_results", "true")),
				expectModel(c, l.jobID, ""),
				c.CheckJob(l.jobID, func(j acctest.Job) error {
					if !j.LatestRecordTime.IsZero() || len(c.ResultBuckets(t, l.jobID)) != 0 {
						return fmt.Errorf("want every result gone and no latest record time, got %+v", j)
					}
					return nil
				}),
			),
		}},
	})
}

// Opening refused after a completed revert: the apply fails saying the
// revert completed, the resource is kept tainted, and the next apply
// reverts and opens again.
func TestAccRevert_aFailureAfterTheRevertTaints(t *testing.T) {
	c := acctest.NewEmulated(t)
	l := learnedJob(t, c)
	first := l.steps[0].SnapshotID
	c.Emulator.FailNextOpen(l.jobID, http.StatusTooManyRequests, "status_exception", "Could not open job because no ML nodes with sufficient capacity were found")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, first, "after_revert", "started"),
				ExpectError: acctest.ErrorText(fmt.Sprintf(`ML job %q was reverted to model snapshot %q, but opening it failed … The revert itself completed … `+
					`No ML node has room … the next apply reverts the job again`, l.jobID, first)),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, first, "after_revert", "started"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Replaced, not created: the failed apply left it in
					// state, tainted.
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace)},
				},
				Check: resource.ComposeTestCheckFunc(
					expectWork(c, l.jobID, 1, jobCall("GET", l.jobID, ""), closeCall(l.jobID), revertCall(l.jobID, first),
						jobCall("POST", l.jobID, "_open"), feedCall("POST", l.jobID, "_start")),
					expectModel(c, l.jobID, first),
				),
			},
		},
	})
}

// A job held by a reset is not reverted; a job re-opened after every close
// is given up on after three; both say so.
func TestAccRevert_refusals(t *testing.T) {
	acctest.ParentOfEmulated(t)
	t.Run("blocked by a reset", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		l := learnedJob(t, c)
		if err := c.Emulator.SetBlocked(l.jobID, "reset", "node-a:1"); err != nil {
			t.Fatal(err)
		}
		expectApplyError(t, c, l, fmt.Sprintf(`ML job %q is being reset … blocked by a running reset and cannot be reverted`, l.jobID))
	})
	t.Run("re-opened every time", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		l := learnedJob(t, c)
		c.Emulator.ReopenAfterNextClose(l.jobID, 3)
		expectApplyError(t, c, l, fmt.Sprintf(`ML job %q keeps being re-opened … closed 3 times and re-opened each time before the revert could start`, l.jobID))
		got := revertWork(c, l.jobID, 0)
		want := []string{closeCall(l.jobID), revertCall(l.jobID, l.steps[0].SnapshotID)}
		if !slices.Equal(got, slices.Concat(want, want, want)) {
			t.Fatalf("want three closes and reverts, got %q", got)
		}
	})
	t.Run("timed out", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		l := learnedJob(t, c)
		hold := c.Emulator.HoldNextRevert(l.jobID)
		t.Cleanup(hold.Release)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, l.steps[0].SnapshotID, "create_timeout", "2s"),
				ExpectError: acctest.ErrorText(fmt.Sprintf(`Timed out reverting ML job %q to model snapshot %q … did not finish within 2s … `+
					`Elasticsearch may still be reverting the job as task … The next apply fails while it runs`, l.jobID, l.steps[0].SnapshotID)),
			}},
		})
		if j := c.Job(t, l.jobID); j.BlockedReason != "revert" {
			t.Fatalf("the held revert no longer holds the job: %+v", j)
		}
	})
}

func expectApplyError(t *testing.T, c *acctest.Cluster, l learned, want string) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, l.steps[0].SnapshotID),
			ExpectError:     acctest.ErrorText(want),
		}},
	})
	if j := c.Job(t, l.jobID); j.ModelSnapshotID != l.before.ModelSnapshotID {
		t.Fatalf("the job was reverted anyway: %+v", j)
	}
}
