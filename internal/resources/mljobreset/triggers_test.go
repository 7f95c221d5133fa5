package mljobreset_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// Same triggers: nothing to do. Each kind of trigger change: exactly one
// more reset.
func TestAccReset_triggers(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	step := func(triggers map[string]string, action plancheck.ResourceActionType, calls ...string) resource.TestStep {
		s := resource.TestStep{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "triggers", triggers),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, action)},
			},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(resourceName, tfjsonpath.New("id"))},
			Check:             c.ExpectResetCalls(jobID, calls...),
		}
		if triggers == nil {
			s.ConfigVariables = vars(jobID)
		}
		return s
	}
	reset := []string{closeCall(jobID), resetCall(jobID)}
	replace := plancheck.ResourceActionDestroyBeforeCreate

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			step(map[string]string{"data": "v1"}, plancheck.ResourceActionCreate, reset...),
			step(map[string]string{"data": "v1"}, plancheck.ResourceActionNoop),
			step(map[string]string{"data": "v2"}, replace, reset...),
			step(map[string]string{"data": "v2", "detectors": "abc"}, replace, reset...),
			step(map[string]string{"detectors": "abc"}, replace, reset...),
			step(nil, replace, reset...),
			step(nil, plancheck.ResourceActionNoop),
		},
	})
}
