package mljobreset_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// A reset whose node died part way leaves its job blocked by a task that no
// longer exists. Elasticsearch before 8.13 answers every later reset with
// that task's "not found": the apply fails naming the job and the task and
// saying what fixes it (never "job not found"), and nothing reaches the
// state, so an apply after the upgrade resets the job.
func TestAccReset_lostResetBefore813(t *testing.T) {
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			c := acctest.NewEmulated(t, emulator.WithVersion("8.12.2"))
			jobID := c.JobID(t)
			c.CreateTrainedJob(t, jobID, 20)
			lost, err := c.Emulator.BlockByLostReset(jobID)
			if err != nil {
				t.Fatal(err)
			}
			variables := vars(jobID, "wait_for_completion", !async)

			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{
					{
						PreConfig:       c.ClearRequests,
						ConfigDirectory: configDir,
						ConfigVariables: variables,
						ExpectError: acctest.ErrorText(`ML job "` + jobID + `" is blocked by a lost reset … blocked by reset task ` + lost +
							`, which no longer exists … Elasticsearch 8.13.0 and later re-run such a reset … task [` + lost +
							`] isn't running and hasn't stored its results`),
					},
					{
						// Nothing in the state: the same configuration
						// still plans the reset.
						PreConfig: func() {
							if err := expectLostResetCalls(c, jobID, async); err != nil {
								t.Error(err)
							}
						},
						ConfigDirectory:    configDir,
						ConfigVariables:    variables,
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PostApplyPreRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
						},
					},
				},
			})
			j, _ := c.Emulator.Job(jobID)
			if j.BlockedReason != "reset" || j.BlockedTaskID != lost || j.ResetCount != 0 || j.ProcessedRecords == 0 {
				t.Fatalf("the job must stay blocked by %s and keep its data: %+v", lost, j)
			}
		})
	}
}

// expectLostResetCalls checks what the failed apply sent: a close and one
// reset (plus the poll of its task when async); the 404 is not retried.
func expectLostResetCalls(c *acctest.Cluster, jobID string, async bool) error {
	got := c.ResetCalls(jobID)
	if !async {
		if want := []string{closeCall(jobID), resetCall(jobID)}; strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests for job %s:\n got: %q\nwant: %q", jobID, got, want)
		}
		return nil
	}
	if len(got) != 3 || got[0] != closeCall(jobID) || got[1] != resetCall(jobID, "wait_for_completion", "false") ||
		!strings.HasPrefix(got[2], "GET /_tasks/") {
		return fmt.Errorf("want close, async reset, one task poll; got %q", got)
	}
	return nil
}

// From 8.13 the same reset runs again and the apply succeeds.
func TestAccReset_lostResetFrom813(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithVersion("8.13.0"))
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)
	if _, err := c.Emulator.BlockByLostReset(jobID); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(jobID)),
			},
			Check: resource.ComposeTestCheckFunc(
				c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
				expectReset(c, jobID),
			),
		}},
	})
}
