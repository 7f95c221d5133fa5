package mlsnapshotrevert_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A revert made elsewhere (Kibana's button) is adopted without reverting
// again: the first apply records the triggers in place; a later change of
// them reverts.
func TestAccRevert_importAdoptsWithoutReverting(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	snapshotID := l.steps[2].SnapshotID // the model the job runs
	v1 := map[string]string{"incident": "INC-1"}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:          c.ClearRequests,
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(l.jobID, snapshotID, "triggers", v1, "delete_intervening_results", true),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      l.jobID + "/" + snapshotID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if len(states) != 1 || a["id"] != l.jobID+"/"+snapshotID || a["job_id"] != l.jobID || a["snapshot_id"] != snapshotID ||
						a["triggers.%"] != "" || a["latest_record_time"] != "" || a["delete_intervening_results"] != "false" {
						return fmt.Errorf("want the revert adopted with no triggers and no latest record time, got %v", a)
					}
					return nil
				},
				Check: expectNoChange(c, l.jobID),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, snapshotID, "triggers", v1, "delete_intervening_results", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("triggers"), knownvalue.MapExact(map[string]knownvalue.Check{"incident": knownvalue.StringExact("INC-1")})),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("latest_record_time"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(expectNoChange(c, l.jobID), c.CheckJob(l.jobID, func(j acctest.Job) error {
					if j.ProcessedRecords != l.before.ProcessedRecords || !j.LatestRecordTime.Equal(l.before.LatestRecordTime) {
						return fmt.Errorf("the adopted job was touched: before %+v, after %+v", l.before, j)
					}
					return nil
				})),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, snapshotID, "triggers", map[string]string{"incident": "INC-2"}, "delete_intervening_results", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: expectWork(c, l.jobID, 0, closeCall(l.jobID), revertCall(l.jobID, snapshotID, "delete_intervening_results", "true")),
			},
		},
	})
}

// Imported with nothing else to change: the first apply still ends the
// adoption, so that triggers added later revert.
func TestAccRevert_importThenAddTriggers(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	snapshotID := l.steps[1].SnapshotID

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(l.jobID, snapshotID),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      l.jobID + "/" + snapshotID,
				ImportStatePersist: true,
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, snapshotID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				Check: expectNoChange(c, l.jobID),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, snapshotID, "triggers", map[string]string{"incident": "INC-1"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(expectWork(c, l.jobID, 0, closeCall(l.jobID), revertCall(l.jobID, snapshotID)), expectModel(c, l.jobID, snapshotID)),
			},
		},
	})
}

// An import id that is not <job>/<snapshot>, or a job that does not exist,
// fails the import naming what is wrong.
func TestAccRevert_importErrors(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	for _, tc := range []struct{ name, id, want string }{
		{"no slash", "web", "Invalid import id … there is no / between the job and the snapshot"},
		{"bad job", "Web/1", "Invalid import id … the job id is not valid"},
		{"bad snapshot", "web/1,2", "Invalid import id … the snapshot id is not valid"},
		{"missing job", "", `Cannot import the revert of ML job "%s": job not found … No known job with id`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := acctest.New(t)
			jobID := c.JobID(t)
			id, want := tc.id, tc.want
			if id == "" {
				id, want = jobID+"/1700000000", fmt.Sprintf(tc.want, jobID)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					ConfigDirectory: configDir,
					ConfigVariables: vars(jobID, "1700000000"),
					ResourceName:    resourceName,
					ImportState:     true,
					ImportStateId:   id,
					ExpectError:     acctest.ErrorText(want),
				}},
			})
		})
	}
}
