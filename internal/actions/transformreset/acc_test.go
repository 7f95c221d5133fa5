package transformreset_test

// Acceptance tests through a real Terraform 1.14 CLI. terraform-plugin-
// testing has no step that invokes an action, so a terraform_data's
// action_trigger invokes it on create and update; the test of `terraform
// apply -invoke` runs the CLI itself (acctest.RunCLI).

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

const (
	configDir = "testdata/reset"
	invoke    = "-invoke=action.elasticsearch_transform_reset.test"
)

// newCluster is acctest.New (or NewEmulated) for a test that needs actions.
func newCluster(t *testing.T, emulated bool, opts ...emulator.Option) *acctest.Cluster {
	t.Helper()
	var c *acctest.Cluster
	if emulated {
		c = acctest.NewEmulated(t, opts...)
	} else {
		c = acctest.New(t, opts...)
	}
	acctest.SkipUnlessActions(t)
	return c
}

// testCase is the TestCase of every test here: Terraform 1.14 or later.
func testCase(c *acctest.Cluster, steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(acctest.ActionsMinimum)},
		Steps:                    steps,
	}
}

func step(c *acctest.Cluster, vars config.Variables, check ...resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig:       c.ClearRequests,
		ConfigDirectory: config.StaticDirectory(configDir),
		ConfigVariables: vars,
		Check:           resource.ComposeTestCheckFunc(check...),
	}
}

// expectCalls checks the transform requests received since the step began,
// in order.
func expectCalls(c *acctest.Cluster, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := c.Calls("/_transform/"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests:\n got %q\nwant %q", got, want)
		}
		return nil
	}
}

// ranBatch creates a batch transform and runs it to its checkpoint.
func ranBatch(t *testing.T, c *acctest.Cluster) acctest.TransformFixture {
	t.Helper()
	f := c.CreateTransform(t, acctest.TransformSpec{})
	c.StartTransform(t, f.ID)
	c.WaitForCheckpoint(t, f.ID, 1)
	return f
}

// expectReset checks the transform as the reset left it: stopped and
// empty, or rebuilt from all its data when started again.
func expectReset(t *testing.T, c *acctest.Cluster, id string, started bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if started {
			tf := c.WaitForCheckpoint(t, id, 1)
			if tf.DocumentsProcessed != 10 || !tf.DestCreatedByTransform {
				return fmt.Errorf("transform %s did not rebuild: %+v", id, tf)
			}
			return nil
		}
		tf := c.Transform(t, id)
		if tf.State != esclient.TransformStopped || tf.Checkpoint != 0 || tf.DocumentsProcessed != 0 || tf.DestExists {
			return fmt.Errorf("transform %s not reset: %+v", id, tf)
		}
		return nil
	}
}

// Created, the trigger resets the transform; changed, it resets it again.
func TestAccAction_resetOnCreateAndUpdate(t *testing.T) {
	c := newCluster(t, false)
	f := ranBatch(t, c)

	again := step(c, acctest.TransformVariables(f.ID, "trigger", "v2"),
		expectCalls(c, stop(f.ID), reset(f.ID)), expectReset(t, c, f.ID, false))
	again.PreConfig = func() {
		c.StartTransform(t, f.ID)
		c.WaitForCheckpoint(t, f.ID, 1)
		c.ClearRequests()
	}
	resource.ParallelTest(t, testCase(c,
		step(c, acctest.TransformVariables(f.ID), expectCalls(c, stop(f.ID), reset(f.ID)), expectReset(t, c, f.ID, false)),
		again,
	))
}

func TestAccAction_afterResetStarted(t *testing.T) {
	c := newCluster(t, false)
	f := ranBatch(t, c)

	resource.ParallelTest(t, testCase(c,
		step(c, acctest.TransformVariables(f.ID, "after_reset", "started"),
			expectCalls(c, stop(f.ID), reset(f.ID), start(f.ID)), expectReset(t, c, f.ID, true)),
	))
}

func TestAccAction_missingTransformFailsTheApply(t *testing.T) {
	c := newCluster(t, false)
	id := c.TransformID(t)

	s := step(c, acctest.TransformVariables(id))
	s.ExpectError = acctest.ErrorText(fmt.Sprintf(`Transform %q not found … There is no transform %q in this cluster`, id, id))
	resource.ParallelTest(t, testCase(c, s))
	if err := expectCalls(c, stop(id))(nil); err != nil {
		t.Error(err)
	}
}

// A cluster too old for the reset fails the plan: nothing reaches the
// transform.
func TestAccAction_versionGateFailsThePlan(t *testing.T) {
	c := newCluster(t, true, emulator.WithVersion("8.0.1"))
	f := c.CreateTransform(t, acctest.TransformSpec{})

	s := step(c, acctest.TransformVariables(f.ID))
	s.PlanOnly = true
	s.ExpectError = acctest.ErrorText("Elasticsearch version too old … The transform reset API needs Elasticsearch 8.1.0 or later; the cluster runs 8.0.1.")
	resource.ParallelTest(t, testCase(c, s))
	if err := expectCalls(c)(nil); err != nil {
		t.Error(err)
	}
}

// terraform apply -invoke runs the action alone, and shows each step.
func TestAccAction_invoke(t *testing.T) {
	c := newCluster(t, false)
	t.Parallel()
	f := ranBatch(t, c)
	c.ClearRequests()

	out := c.RunCLI(t, configDir, acctest.TransformVariables(f.ID, "after_reset", "restore"), "apply", invoke)
	for _, d := range out.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	var progress []string
	for _, m := range out.MessagesOfType("action_progress") {
		hook, _ := m["hook"].(map[string]any)
		msg, _ := hook["message"].(string)
		progress = append(progress, msg)
	}
	want := []string{
		fmt.Sprintf("Reading the state of transform %q, to bring it back after the reset", f.ID),
		fmt.Sprintf("Stopping transform %q", f.ID),
		fmt.Sprintf("Resetting transform %q", f.ID),
	}
	if len(progress) != 4 || strings.Join(progress[:3], "\n") != strings.Join(want, "\n") || !strings.HasPrefix(progress[3], fmt.Sprintf("Transform %q reset in ", f.ID)) {
		t.Errorf("progress: %q", progress)
	}
	if n := len(out.MessagesOfType("apply_start")); n != 0 {
		t.Errorf("-invoke applied %d resources", n)
	}
	// The batch transform had finished: restore leaves it stopped.
	if err := expectCalls(c, statsRead(f.ID), stop(f.ID), reset(f.ID))(nil); err != nil {
		t.Error(err)
	}
	if err := expectReset(t, c, f.ID, false)(nil); err != nil {
		t.Error(err)
	}
}
