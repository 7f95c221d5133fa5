package transformreset_test

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

// The keepers rule (DESIGN.md §2), case by case, as for the job reset.

// A triggers edit, each side as the configuration writes the map in JSON;
// "" leaves the attribute out.
type triggersEdit struct {
	name, before, after string
}

// Edits that keep the non-null values: at most an in-place update that
// records the map as written, and the transform keeps its checkpoint.
func TestAccTransformReset_triggersSameValuesKeepTheCheckpoint(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	for _, tc := range []triggersEdit{
		{"omitted to empty", "", `{}`},
		{"empty to omitted", `{}`, ""},
		{"omitted to a null value", "", `{"source": null}`},
		{"a null value to omitted", `{"source": null}`, ""},
		{"empty to a null value", `{}`, `{"source": null}`},
		{"null key added", `{"source": "v1"}`, `{"source": "v1", "mapping": null}`},
		{"null key removed", `{"source": "v1", "mapping": null}`, `{"source": "v1"}`},
		{"unchanged", `{"source": "v1"}`, `{"source": "v1"}`},
	} {
		t.Run(tc.name, func(t *testing.T) { testTriggersEdit(t, tc, false) })
	}
}

// Each kind of change of a non-null value: replaced, and reset once.
func TestAccTransformReset_triggersChangesResetTheTransform(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	for _, tc := range []triggersEdit{
		{"value changed", `{"source": "v1"}`, `{"source": "v2"}`},
		{"key added", `{"source": "v1"}`, `{"source": "v1", "mapping": "abc"}`},
		{"key removed", `{"source": "v1", "mapping": "abc"}`, `{"source": "v1"}`},
		{"all removed", `{"source": "v1"}`, ""},
		{"value to null", `{"source": "v1"}`, `{"source": null}`},
		{"null to a value", `{"source": null}`, `{"source": "v1"}`},
		{"omitted to a value", "", `{"source": "v1"}`},
	} {
		t.Run(tc.name, func(t *testing.T) { testTriggersEdit(t, tc, true) })
	}
}

// testTriggersEdit resets a transform with the triggers before, runs it to
// its checkpoint again, then applies the triggers after: the plan, the
// requests and the transform say whether that reset it.
func testTriggersEdit(t *testing.T, tc triggersEdit, resets bool) {
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{})

	action := plancheck.ResourceActionUpdate
	switch {
	case resets:
		action = plancheck.ResourceActionDestroyBeforeCreate
	case tc.before == tc.after:
		action = plancheck.ResourceActionNoop
	}
	check := resource.ComposeTestCheckFunc(
		expectCalls(c, f.ID),
		c.CheckTransform(f.ID, func(tf acctest.Transform) error {
			if tf.Checkpoint != 1 || tf.DocumentsProcessed != 10 || !tf.DestExists {
				return fmt.Errorf("want the transform to keep its checkpoint, got %+v", tf)
			}
			return nil
		}),
	)
	if resets {
		check = resource.ComposeTestCheckFunc(expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)), expectStoppedReset(c, f.ID, false))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: triggersVars(f.ID, tc.before),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{storedTriggers(t, tc.before)},
				Check:             expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)),
			},
			{
				// The transform runs after the first reset, so that a
				// second one shows in what it holds as well as in the
				// requests.
				PreConfig: func() {
					c.StartTransform(t, f.ID)
					c.WaitForCheckpoint(t, f.ID, 1)
					c.ClearRequests()
				},
				ConfigDirectory: configDir,
				ConfigVariables: triggersVars(f.ID, tc.after),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, action)},
				},
				ConfigStateChecks: []statecheck.StateCheck{storedTriggers(t, tc.after)},
				Check:             check,
			},
		},
	})
}

func triggersVars(id, triggers string) config.Variables {
	if triggers == "" {
		return vars(id)
	}
	return vars(id, "triggers", json.RawMessage(triggers))
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
