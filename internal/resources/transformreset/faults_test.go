package transformreset_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// What the emulator's knobs set up: states the APIs cannot reach, races,
// refusals and versions. Each error says what to do.

// A failed transform stops only by force: the error says to set
// force_stop; with it, after_reset = "restore" leaves the transform
// stopped.
func TestAccTransformReset_failedTransform(t *testing.T) {
	c := acctest.NewEmulated(t)
	f := runningContinuous(t, c)
	if err := c.Emulator.FailTransform(f.ID, "task encountered irrecoverable failure"); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "after_reset", "restore"),
				ExpectError:     acctest.ErrorText(fmt.Sprintf(`Transform %q has failed … set force_stop = true … as it is in a failed state`, f.ID)),
				Check:           expectCalls(c, f.ID, statsCall(f.ID), stopCall(f.ID, false)),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "after_reset", "restore", "force_stop", true),
				Check: resourceChecks(
					expectCalls(c, f.ID, statsCall(f.ID), stopCall(f.ID, true), resetCall(f.ID)),
					expectStoppedReset(c, f.ID, false),
				),
			},
		},
	})
}

// Someone starting the transform between stop and reset: it is stopped
// again, three stops in all; started at every attempt, the error says what
// to stop.
func TestAccTransformReset_startedBetweenStopAndReset(t *testing.T) {
	acctest.ParentOfEmulated(t)
	t.Run("twice", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		f, _ := ranBatch(t, c)
		c.Emulator.StartTransformAfterNextStop(f.ID, 2)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID),
				Check: resourceChecks(
					expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID), stopCall(f.ID, false), resetCall(f.ID), stopCall(f.ID, false), resetCall(f.ID)),
					expectStoppedReset(c, f.ID, false),
				),
			}},
		})
	})
	t.Run("every time", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		f, ran := ranBatch(t, c)
		c.Emulator.StartTransformAfterNextStop(f.ID, 3)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID),
				ExpectError:     acctest.ErrorText(fmt.Sprintf(`Transform %q keeps being started … stopped 3 times … as the task is running`, f.ID)),
			}},
		})
		if tf, _ := c.Emulator.Transform(f.ID); tf.Resets != 0 || tf.Checkpoint != ran.Checkpoint {
			t.Fatalf("the transform was reset: %+v", tf)
		}
	})
}

// A start that fails after the reset completed fails the apply, and the
// resource stays in state, tainted: the next apply resets and starts again.
func TestAccTransformReset_startFailureTaints(t *testing.T) {
	c := acctest.NewEmulated(t)
	f, _ := ranBatch(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					c.ClearRequests()
					c.Emulator.InjectError(http.MethodPost, transformPath(f.ID, "_start"), http.StatusInternalServerError, "exception", "node left the cluster", 1)
				},
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "after_reset", "started"),
				ExpectError: acctest.ErrorText(fmt.Sprintf(`Transform %q was reset, but starting it failed … The reset itself completed … `+
					`marked tainted, so the next apply resets the transform again … node left the cluster`, f.ID)),
				Check: expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID), startCall(f.ID)),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(f.ID, "after_reset", "started"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resourceChecks(
					expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID), startCall(f.ID)),
					rebuilt(t, c, f.ID),
				),
			},
		},
	})
	if tf, _ := c.Emulator.Transform(f.ID); tf.Resets != 2 {
		t.Fatalf("want two resets, got %+v", tf)
	}
}

func TestAccTransformReset_upgradeMode(t *testing.T) {
	c := acctest.NewEmulated(t)
	f, ran := ranBatch(t, c)
	c.Emulator.SetTransformUpgradeMode(true)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID),
			ExpectError:     acctest.ErrorText(`Transforms are being upgraded … upgrade mode … Cannot reset any Transform while the Transform feature is upgrading.`),
			Check:           expectUntouched(c, f.ID, ran),
		}},
	})
}

// A user who may read transforms but not manage them is told the
// privilege the reset needs.
func TestAccTransformReset_forbiddenNamesManageTransform(t *testing.T) {
	c := acctest.NewEmulatedAs(t, "transform_user")
	f, ran := ranBatch(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID),
			ExpectError:     acctest.ErrorText(fmt.Sprintf(`Missing Elasticsearch privilege … Resetting transform %q needs the manage_transform cluster privilege (stop, reset and start)`, f.ID)),
		}},
	})
	if tf := c.Transform(t, f.ID); tf.Checkpoint != ran.Checkpoint {
		t.Fatalf("the transform was reset: %+v", tf)
	}
}

// A cluster known to be too old fails the plan: nothing but the version
// read is sent.
func TestAccTransformReset_versionGateFailsThePlan(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithVersion("8.0.1"))
	id := c.TransformID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(id),
			PlanOnly:        true,
			ExpectError:     acctest.ErrorText("Elasticsearch version too old … The transform reset API needs Elasticsearch 8.1.0 or later; the cluster runs 8.0.1."),
		}},
	})
	for _, r := range c.Requests() {
		if r.Path != "/" {
			t.Fatalf("a plan refused by its gate sent %s %s", r.Method, r.Path)
		}
	}
}

// Serverless reports a placeholder version: the gate passes.
func TestAccTransformReset_serverlessPassesTheGate(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithVersion("8.0.1"), emulator.WithServerless())
	f, _ := ranBatch(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID),
			Check: resourceChecks(
				expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID)),
				expectStoppedReset(c, f.ID, false),
			),
		}},
	})
}

// timeouts.create bounds the stop too: a transform that does not stop in
// time fails the apply with the setting to raise, and nothing reaches the
// state.
func TestAccTransformReset_timeout(t *testing.T) {
	c := acctest.NewEmulated(t)
	f := c.CreateTransform(t, acctest.TransformSpec{})
	release := c.Emulator.HoldTransformPasses()
	t.Cleanup(release)
	c.StartTransform(t, f.ID)
	c.WaitForTransform(t, f.ID, "indexing", func(tf acctest.Transform) bool { return tf.State == esclient.TransformIndexing })

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(f.ID, "create_timeout", "1s"),
			ExpectError: acctest.ErrorText(fmt.Sprintf(`Timed out resetting transform %q … did not finish within 1s … `+
				`Elasticsearch may still be stopping or resetting the transform. The next apply resets it again; raise timeouts.create`, f.ID)),
		}},
	})
	if tf, _ := c.Emulator.Transform(f.ID); tf.Resets != 0 {
		t.Fatalf("reset: %+v", tf)
	}
}
