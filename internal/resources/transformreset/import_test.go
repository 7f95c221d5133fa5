package transformreset_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A production transform is adopted without losing its checkpoint: the
// first apply after the import only records the triggers; a later change
// resets (the job reset's adoption rule, DESIGN.md §2).
func TestAccTransformReset_importAdoptsWithoutReset(t *testing.T) {
	c := acctest.New(t)
	f, ran := ranBatch(t, c)
	v1 := map[string]string{"source": "v1"}
	onlyReads := func(*terraform.State) error {
		for _, r := range c.Requests() {
			if r.Method != http.MethodGet {
				return fmt.Errorf("adopting sent %s %s", r.Method, r.Path)
			}
		}
		return nil
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:          c.ClearRequests,
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(f.ID, "triggers", v1),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      f.ID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if len(states) != 1 || a["transform_id"] != f.ID || a["id"] != f.ID || a["triggers.%"] != "" ||
						a["force_stop"] != "false" || a["after_reset"] != "stopped" {
						return fmt.Errorf("want the transform adopted with no triggers and the defaults, got %v", a)
					}
					return nil
				},
				Check: resource.ComposeTestCheckFunc(onlyReads, expectUntouched(c, f.ID, ran)),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "triggers", v1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("triggers"), knownvalue.MapExact(map[string]knownvalue.Check{"source": knownvalue.StringExact("v1")})),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(f.ID)),
				},
				Check: resource.ComposeTestCheckFunc(expectCalls(c, f.ID), onlyReads, expectUntouched(c, f.ID, ran)),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "triggers", map[string]string{"source": "v2"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeTestCheckFunc(
					expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)),
					expectStoppedReset(c, f.ID, false),
				),
			},
		},
	})
}

// Imported with no triggers configured: the first apply still ends the
// adoption (an in-place update, even though the configuration matches the
// state), so that triggers added later reset.
func TestAccTransformReset_importWithoutTriggersThenAddThem(t *testing.T) {
	c := acctest.New(t)
	f, ran := ranBatch(t, c)
	configDir := config.StaticDirectory("testdata/adopt")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(f.ID),
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      f.ID,
				ImportStatePersist: true,
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeTestCheckFunc(expectCalls(c, f.ID), expectUntouched(c, f.ID, ran)),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "triggers", map[string]string{"source": "v1"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)),
			},
		},
	})
}

// Importing a transform that does not exist names it and says it was not
// found; an id Elasticsearch would refuse is refused before any request.
func TestAccTransformReset_importRefusals(t *testing.T) {
	c := acctest.New(t)
	id := c.TransformID(t)
	step := func(importID, want string) resource.TestStep {
		return resource.TestStep{
			ConfigDirectory: configDir,
			ConfigVariables: vars(id),
			ResourceName:    resourceName,
			ImportState:     true,
			ImportStateId:   importID,
			ExpectError:     acctest.ErrorText(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			step(id, fmt.Sprintf(`Cannot import transform %q: not found … There is no transform %q … could not be found`, id, id)),
			step("_all", `Invalid import id … "_all" names every transform, not one`),
		},
	})
	var asked []string
	for _, r := range c.Requests() {
		if r.Path != "/" {
			asked = append(asked, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
		}
	}
	if want := "GET /_transform/" + id + " 404"; len(asked) != 1 || asked[0] != want {
		t.Fatalf("want only %q, got %q", want, asked)
	}
}
