package mljobreset_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A triggers edit, each side as the configuration writes the map in JSON;
// "" leaves the attribute out.
type triggersEdit struct {
	name, before, after string
}

// Edits that keep the non-null values (random's keepers rule): at most an
// in-place update that records the map as written, and the job keeps its
// model.
func TestAccReset_triggersSameValuesKeepTheModel(t *testing.T) {
	for _, tc := range []triggersEdit{
		{"omitted to empty", "", `{}`},
		{"empty to omitted", `{}`, ""},
		{"omitted to a null value", "", `{"data": null}`},
		{"a null value to omitted", `{"data": null}`, ""},
		{"empty to a null value", `{}`, `{"data": null}`},
		{"null key added", `{"data": "v1"}`, `{"data": "v1", "detectors": null}`},
		{"null key removed", `{"data": "v1", "detectors": null}`, `{"data": "v1"}`},
		{"unchanged", `{"data": "v1"}`, `{"data": "v1"}`},
	} {
		t.Run(tc.name, func(t *testing.T) { testTriggersEdit(t, tc, false) })
	}
}

// Each kind of change of a non-null value: replaced, and reset once.
func TestAccReset_triggersChangesResetTheJob(t *testing.T) {
	for _, tc := range []triggersEdit{
		{"value changed", `{"data": "v1"}`, `{"data": "v2"}`},
		{"key added", `{"data": "v1"}`, `{"data": "v1", "detectors": "abc"}`},
		{"key removed", `{"data": "v1", "detectors": "abc"}`, `{"data": "v1"}`},
		{"all removed", `{"data": "v1"}`, ""},
		{"value to null", `{"data": "v1"}`, `{"data": null}`},
		{"null to a value", `{"data": null}`, `{"data": "v1"}`},
		{"omitted to a value", "", `{"data": "v1"}`},
	} {
		t.Run(tc.name, func(t *testing.T) { testTriggersEdit(t, tc, true) })
	}
}

// testTriggersEdit resets a job with the triggers before, lets it learn
// again, then applies the triggers after: the plan, the requests and the
// job say whether that reset it.
func testTriggersEdit(t *testing.T, tc triggersEdit, resets bool) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	const records = 10

	action := plancheck.ResourceActionUpdate
	switch {
	case resets:
		action = plancheck.ResourceActionDestroyBeforeCreate
	case tc.before == tc.after:
		action = plancheck.ResourceActionNoop
	}
	check := resource.ComposeTestCheckFunc(
		c.ExpectResetCalls(jobID),
		c.CheckJob(jobID, func(j acctest.Job) error {
			if j.ProcessedRecords != records {
				return fmt.Errorf("want the job to keep its %d records, got %+v", records, j)
			}
			return nil
		}),
	)
	if resets {
		check = resource.ComposeTestCheckFunc(c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)), expectReset(c, jobID))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: triggersVars(jobID, tc.before),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{storedTriggers(t, tc.before)},
				Check:             c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
			},
			{
				// The job learns after the first reset, so that a second
				// one shows in the job as well as in the requests.
				PreConfig: func() {
					c.OpenJob(t, jobID)
					c.ProcessRecords(t, jobID, records)
					c.CloseJob(t, jobID)
					c.ClearRequests()
				},
				ConfigDirectory: configDir,
				ConfigVariables: triggersVars(jobID, tc.after),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, action)},
				},
				ConfigStateChecks: []statecheck.StateCheck{storedTriggers(t, tc.after)},
				Check:             check,
			},
		},
	})
}

func triggersVars(jobID, triggers string) config.Variables {
	if triggers == "" {
		return vars(jobID)
	}
	return vars(jobID, "triggers", json.RawMessage(triggers))
}

// storedTriggers checks that the state holds the triggers as written.
func storedTriggers(t *testing.T, triggers string) statecheck.StateCheck {
	t.Helper()
	path := tfjsonpath.New("triggers")
	if triggers == "" {
		return statecheck.ExpectKnownValue(resourceName, path, knownvalue.Null())
	}
	var m map[string]*string
	if err := json.Unmarshal([]byte(triggers), &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]knownvalue.Check{}
	for k, v := range m {
		want[k] = knownvalue.Null()
		if v != nil {
			want[k] = knownvalue.StringExact(*v)
		}
	}
	return statecheck.ExpectKnownValue(resourceName, path, knownvalue.MapExact(want))
}
