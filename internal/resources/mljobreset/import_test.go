package mljobreset_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A production job is adopted without losing its model: the first apply
// after the import only records the triggers; a later change resets.
func TestAccReset_importAdoptsWithoutReset(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 30)
	trained := c.Job(t, jobID)
	untouched := c.CheckJob(jobID, func(j acctest.Job) error {
		if j.ProcessedRecords != trained.ProcessedRecords || j.ModelSnapshotID != trained.ModelSnapshotID {
			return fmt.Errorf("the adopted job lost its model: before %+v, after %+v", trained, j)
		}
		return nil
	})
	v1 := map[string]string{"data": "v1"}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:          c.ClearRequests,
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(jobID, "triggers", v1),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      jobID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["job_id"] != jobID || states[0].Attributes["triggers.%"] != "" {
						return fmt.Errorf("want the job adopted with no triggers, got %v", states)
					}
					return nil
				},
				Check: untouched,
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "triggers", v1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("triggers"), knownvalue.MapExact(map[string]knownvalue.Check{"data": knownvalue.StringExact("v1")})),
				},
				Check: resource.ComposeTestCheckFunc(c.ExpectResetCalls(jobID), untouched),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "triggers", map[string]string{"data": "v2"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
					expectReset(c, jobID),
				),
			},
		},
	})
}

// Imported with no triggers configured: the first apply still ends the
// adoption, so that triggers added later reset the job.
func TestAccReset_importWithoutTriggersThenAddThem(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 30)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(jobID),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      jobID,
				ImportStatePersist: true,
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				Check: c.ExpectResetCalls(jobID),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "triggers", map[string]string{"data": "v1"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
			},
		},
	})
}

// Importing a job that does not exist names the job and says it was not
// found, instead of Terraform's generic "non-existent remote object".
func TestAccReset_importMissingJobNamesIt(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			ResourceName:    resourceName,
			ImportState:     true,
			ImportStateId:   jobID,
			ExpectError:     acctest.ErrorText(`Cannot import ML job "` + jobID + `": not found … No known job with id`),
		}},
	})
	// The job was looked up, and nothing else was asked of it.
	var asked []string
	for _, r := range c.Requests() {
		if strings.HasPrefix(r.Path, "/_ml/") {
			asked = append(asked, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
		}
	}
	if want := "GET /_ml/anomaly_detectors/" + jobID + " 404"; len(asked) != 1 || asked[0] != want {
		t.Fatalf("want only %q, got %q", want, asked)
	}
}
