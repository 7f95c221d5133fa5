package mljobreset_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

func TestAccReset_firstApplyResetsTheJob(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 100)
	c.AddAnnotation(t, jobID, "deploy of v2", true)
	c.AddAnnotation(t, jobID, "model snapshot stored", false)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "triggers", map[string]string{"data": "v1"}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(jobID)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("wait_for_completion"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("delete_user_annotations"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("force_close"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("triggers"), knownvalue.MapExact(map[string]knownvalue.Check{"data": knownvalue.StringExact("v1")})),
			},
			Check: resource.ComposeTestCheckFunc(
				c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
				c.CheckJob(jobID, func(j acctest.Job) error {
					if j.ProcessedRecords != 0 || j.ModelSnapshotID != "" || j.State != "closed" || j.BlockedReason != "" {
						return fmt.Errorf("job not reset: %+v", j)
					}
					if j.UserAnnotations != 1 || j.GeneratedAnnotations != 0 {
						return fmt.Errorf("annotations: want the user's kept and the generated one deleted, got %+v", j)
					}
					return nil
				}),
			),
		}},
	})
}
