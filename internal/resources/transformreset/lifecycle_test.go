package transformreset_test

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
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// ranBatch creates a batch transform over 10 documents of 3 hosts and runs
// it to its checkpoint: stopped, 10 processed, 3 indexed, its destination
// created by it.
func ranBatch(t *testing.T, c *acctest.Cluster) (acctest.TransformFixture, acctest.Transform) {
	t.Helper()
	f := c.CreateTransform(t, acctest.TransformSpec{})
	c.StartTransform(t, f.ID)
	tf := c.WaitForCheckpoint(t, f.ID, 1)
	if tf.DocumentsProcessed != 10 || tf.DocumentsIndexed != 3 || !tf.DestCreatedByTransform {
		t.Fatalf("the batch transform ran as it should not: %+v", tf)
	}
	return f, tf
}

// runningContinuous creates a continuous transform and waits for its first
// checkpoint: it stays started.
func runningContinuous(t *testing.T, c *acctest.Cluster) acctest.TransformFixture {
	t.Helper()
	f := c.CreateTransform(t, acctest.TransformSpec{Continuous: true})
	c.StartTransform(t, f.ID)
	if tf := c.WaitForCheckpoint(t, f.ID, 1); tf.State == esclient.TransformStopped {
		t.Fatalf("the continuous transform stopped: %+v", tf)
	}
	return f
}

// A running transform is stopped and reset, in two requests: it stays
// stopped, with no checkpoint and no counters, and the destination index
// it created is gone.
func TestAccTransformReset_runningTransform(t *testing.T) {
	c := acctest.New(t)
	f := runningContinuous(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(f.ID)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("force_stop"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("after_reset"), knownvalue.StringExact("stopped")),
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("triggers"), knownvalue.Null()),
			},
			Check: resource.ComposeTestCheckFunc(
				expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)),
				expectStoppedReset(c, f.ID, false),
			),
		}},
	})
}

// after_reset = "restore" reads the state before the stop and starts
// again a transform that ran; one that had stopped stays stopped.
func TestAccTransformReset_afterResetRestore(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	t.Run("running", func(t *testing.T) {
		c := acctest.New(t)
		f := runningContinuous(t, c)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "after_reset", "restore"),
				Check: resource.ComposeTestCheckFunc(
					expectCalls(c, f.ID, statsCall(f.ID), stopCall(f.ID, false), resetCall(f.ID), startCall(f.ID)),
					rebuilt(t, c, f.ID),
				),
			}},
		})
	})
	t.Run("stopped", func(t *testing.T) {
		c := acctest.New(t)
		f, _ := ranBatch(t, c)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "after_reset", "restore"),
				Check: resource.ComposeTestCheckFunc(
					expectCalls(c, f.ID, statsCall(f.ID), stopCall(f.ID, false), resetCall(f.ID)),
					expectStoppedReset(c, f.ID, false),
				),
			}},
		})
	})
}

// after_reset = "started" starts the transform whatever ran: a batch
// transform that had finished rebuilds its destination from all the data.
func TestAccTransformReset_afterResetStarted(t *testing.T) {
	c := acctest.New(t)
	f, _ := ranBatch(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID, "after_reset", "started"),
			Check: resource.ComposeTestCheckFunc(
				expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID), startCall(f.ID)),
				rebuilt(t, c, f.ID),
			),
		}},
	})
}

// rebuilt checks that a transform started after its reset reads all its
// source again: its first checkpoint counts every document once more, and
// its destination is created again.
func rebuilt(t *testing.T, c *acctest.Cluster, id string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		tf := c.WaitForCheckpoint(t, id, 1)
		if tf.Checkpoint != 1 || tf.DocumentsProcessed != 10 || tf.DocumentsIndexed != 3 || !tf.DestCreatedByTransform {
			return fmt.Errorf("transform %s did not rebuild its destination from all the data: %+v", id, tf)
		}
		return nil
	}
}

// A destination the transform did not create stays: the reset deletes only
// an index whose mapping marks it as the transform's.
func TestAccTransformReset_keepsADestinationItDidNotCreate(t *testing.T) {
	c := acctest.New(t)
	id := c.TransformID(t)
	dest := "tfacc-own-" + id
	c.CreateIndex(t, dest, `{"mappings":{"properties":{"host":{"type":"keyword"}}}}`)
	f := c.CreateTransform(t, acctest.TransformSpec{ID: id, DestIndex: dest})
	c.StartTransform(t, f.ID)
	c.WaitForCheckpoint(t, f.ID, 1)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID),
			Check: resource.ComposeTestCheckFunc(
				expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)),
				expectStoppedReset(c, f.ID, true),
			),
		}},
	})
}

func TestAccTransformReset_missingTransform(t *testing.T) {
	c := acctest.New(t)
	id := c.TransformID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(id),
			ExpectError:     acctest.ErrorText(fmt.Sprintf(`Transform %q not found … There is no transform %q in this cluster … could not be found`, id, id)),
		}},
	})
	// Nothing reached the state (the framework checks by planning the
	// destroy of an empty state), and only the stop was sent.
	if got := resetCalls(c, id); len(got) != 1 || got[0] != stopCall(id, false) {
		t.Fatalf("want only the failed stop, got %q", got)
	}
}

func TestAccTransformReset_invalidTransformIDSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"Upper", "-leading", "trailing_", "white space", "a*", "_all", strings.Repeat("a", 65)} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: vars(bad),
				PlanOnly:        true,
				ExpectError:     acctest.ErrorText("Invalid transform id … is not a valid Elasticsearch transform id"),
			}},
		})
	}
	if got := c.Requests(); len(got) != 0 {
		t.Fatalf("an invalid transform id must cost no request, got %d, first %s %s", len(got), got[0].Method, got[0].Path)
	}
}

// A transform deleted outside Terraform leaves the state on refresh, so the
// next apply plans a reset again, which fails on the missing transform.
func TestAccTransformReset_deletedOutOfBand(t *testing.T) {
	c := acctest.New(t)
	f, _ := ranBatch(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(f.ID)},
			{
				PreConfig:       func() { c.DeleteTransform(t, f.ID); c.ClearRequests() },
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID),
				ExpectError:     acctest.ErrorText(fmt.Sprintf(`Transform %q not found`, f.ID)),
			},
		},
	})
	reads := 0
	for _, r := range c.Requests() {
		if r.Method == "GET" && r.Path == "/_transform/"+f.ID {
			reads++
			if r.Status != 404 {
				t.Fatalf("the read of the deleted transform answered %d", r.Status)
			}
		}
	}
	if reads == 0 {
		t.Fatal("the refresh never read the transform")
	}
}

// force_stop, after_reset and timeouts are stored in place; nothing is sent.
func TestAccTransformReset_inPlaceUpdatesSendNothing(t *testing.T) {
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{})
	triggers := map[string]string{"source": "v1"}
	var ran acctest.Transform

	update := func(kv ...any) resource.TestStep {
		return resource.TestStep{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID, append([]any{"triggers", triggers}, kv...)...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
			},
			Check: resource.ComposeTestCheckFunc(expectCalls(c, f.ID), func(s *terraform.State) error { return expectUntouched(c, f.ID, ran)(s) }),
		}
	}
	first := resource.TestStep{
		ConfigDirectory: configDir,
		ConfigVariables: vars(f.ID, "triggers", triggers),
		// The transform runs after its reset, so that a reset by an update
		// would show in what it holds.
		Check: func(*terraform.State) error {
			c.StartTransform(t, f.ID)
			ran = c.WaitForCheckpoint(t, f.ID, 1)
			return nil
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			first,
			update("force_stop", true),
			update("force_stop", true, "after_reset", "started"),
			update("force_stop", true, "after_reset", "restore", "create_timeout", "5m"),
		},
	})
}

// A 404 that is not Elasticsearch's "no such transform" (a proxy, a wrong
// path) fails the refresh instead of dropping the resource, so the next
// apply does not reset the transform again.
func TestAccTransformReset_bare404KeepsTheState(t *testing.T) {
	c := acctest.NewEmulated(t)
	f := c.CreateTransform(t, acctest.TransformSpec{})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(f.ID)},
			{
				PreConfig: func() {
					c.Emulator.InjectError("GET", "/_transform/"+f.ID, 404, "", "Not Found", 100)
				},
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID),
				ExpectError:     acctest.ErrorText(fmt.Sprintf(`Refreshing transform %q failed … HTTP 404`, f.ID)),
			},
			{
				PreConfig: func() {
					c.Emulator.ClearFaults()
					c.ClearRequests()
				},
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionNoop)},
				},
				Check: expectCalls(c, f.ID),
			},
		},
	})
}
