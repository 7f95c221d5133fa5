package mljobreset_test

// Acceptance tests through a real Terraform 1.14 CLI. terraform-plugin-
// testing has no step that invokes an action, so a terraform_data's
// action_trigger invokes it on create and update; the tests that need
// `terraform apply -invoke` run the CLI themselves (acctest.RunCLI).

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
)

const (
	configDir = "testdata/reset"
	invoke    = "-invoke=action.elasticsearch_ml_job_reset.test"
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

// expectCalls checks the ML requests received since the step began, in
// order; "GET /_tasks/*" stands for a long poll of any reset task.
func expectCalls(c *acctest.Cluster, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, r := range c.Requests() {
			switch {
			case strings.HasPrefix(r.Path, "/_ml/"):
				got = append(got, acctest.Call(r.Method, r.Path, r.Query))
			case strings.HasPrefix(r.Path, "/_tasks/"):
				got = append(got, "GET /_tasks/*")
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests:\n got %q\nwant %q", got, want)
		}
		return nil
	}
}

func expectJob(c *acctest.Cluster, jobID, state, datafeed string) resource.TestCheckFunc {
	return c.CheckJob(jobID, func(j acctest.Job) error {
		if j.State != state || j.DatafeedState != datafeed || j.ProcessedRecords != 0 || j.ModelSnapshotID != "" || j.BlockedReason != "" {
			return fmt.Errorf("want job %s reset, %s with datafeed %q, got %+v", jobID, state, datafeed, j)
		}
		return nil
	})
}

func jobPath(jobID, action string) string { return "/_ml/anomaly_detectors/" + jobID + "/" + action }

// Created, the trigger resets the job; changed, it resets it again.
func TestAccAction_syncResetOnCreateAndUpdate(t *testing.T) {
	c := newCluster(t, false)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)

	retrain := step(c, acctest.Variables(jobID, "trigger", "v2"),
		expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+jobPath(jobID, "_reset")),
		expectJob(c, jobID, "closed", ""))
	retrain.PreConfig = func() {
		c.OpenJob(t, jobID)
		c.ProcessRecords(t, jobID, 10)
		c.CloseJob(t, jobID)
		c.ClearRequests()
	}
	resource.ParallelTest(t, testCase(c,
		step(c, acctest.Variables(jobID),
			expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+jobPath(jobID, "_reset")),
			expectJob(c, jobID, "closed", "")),
		retrain,
	))
}

func TestAccAction_asyncReset(t *testing.T) {
	c := newCluster(t, false)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)

	resource.ParallelTest(t, testCase(c,
		step(c, acctest.Variables(jobID, "wait_for_completion", false),
			expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+jobPath(jobID, "_reset")+"?wait_for_completion=false", "GET /_tasks/*"),
			expectJob(c, jobID, "closed", "")),
	))
}

func TestAccAction_afterResetStarted(t *testing.T) {
	c := newCluster(t, false)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.CreateDatafeed(t, jobID)

	resource.ParallelTest(t, testCase(c,
		step(c, acctest.Variables(jobID, "after_reset", "started"),
			expectCalls(c, "GET /_ml/anomaly_detectors/"+jobID,
				"POST "+jobPath(jobID, "_close"), "POST "+jobPath(jobID, "_reset"), "POST "+jobPath(jobID, "_open"),
				"POST /_ml/datafeeds/"+acctest.DatafeedID(jobID)+"/_start"),
			expectJob(c, jobID, "opened", "started")),
	))
}

func TestAccAction_missingJobFailsTheApply(t *testing.T) {
	c := newCluster(t, false)
	jobID := c.JobID(t)

	s := step(c, acctest.Variables(jobID))
	s.ExpectError = acctest.ErrorText(fmt.Sprintf(`ML job %q not found … There is no anomaly-detection job %q in this cluster`, jobID, jobID))
	resource.ParallelTest(t, testCase(c, s))
	if err := expectCalls(c, "POST "+jobPath(jobID, "_close"))(nil); err != nil {
		t.Error(err)
	}
}

// A cluster too old for the reset fails the plan: nothing reaches ML.
func TestAccAction_versionGateFailsThePlan(t *testing.T) {
	c := newCluster(t, true, emulator.WithVersion("7.13.4"))
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	s := step(c, acctest.Variables(jobID))
	// Plan only: a gate checked no earlier than apply would leave a plan
	// to apply, not this error.
	s.PlanOnly = true
	s.ExpectError = acctest.ErrorText("Elasticsearch version too old … The reset API needs Elasticsearch 7.14.0 or later; the cluster runs 7.13.4.")
	resource.ParallelTest(t, testCase(c, s))
	if err := expectCalls(c)(nil); err != nil {
		t.Error(err)
	}
}

// terraform apply -invoke runs the action alone, and shows each step.
func TestAccAction_invoke(t *testing.T) {
	c := newCluster(t, false)
	t.Parallel()
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)
	c.ClearRequests()

	out := c.RunCLI(t, configDir, acctest.Variables(jobID), "apply", invoke)
	for _, d := range out.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	var progress []string
	for _, m := range out.MessagesOfType("action_progress") {
		hook, _ := m["hook"].(map[string]any)
		msg, _ := hook["message"].(string)
		progress = append(progress, msg)
	}
	want := []string{fmt.Sprintf("Closing ML job %q", jobID), fmt.Sprintf("Resetting ML job %q", jobID)}
	if len(progress) < 3 || strings.Join(progress[:2], "\n") != strings.Join(want, "\n") || !strings.HasPrefix(progress[len(progress)-1], fmt.Sprintf("ML job %q reset in ", jobID)) {
		t.Errorf("progress: %q", progress)
	}
	if n := len(out.MessagesOfType("apply_start")); n != 0 {
		t.Errorf("-invoke applied %d resources", n)
	}
	if err := expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+jobPath(jobID, "_reset"))(nil); err != nil {
		t.Error(err)
	}
	if err := expectJob(c, jobID, "closed", "")(nil); err != nil {
		t.Error(err)
	}
}

// With -invoke too, a version gate fails the plan before anything is sent.
func TestAccAction_invokeVersionGate(t *testing.T) {
	c := newCluster(t, true, emulator.WithVersion("8.6.2"))
	t.Parallel()
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)
	c.ClearRequests()

	out := c.RunCLI(t, configDir, acctest.Variables(jobID, "delete_user_annotations", true), "apply", invoke)
	if len(out.Diagnostics) != 1 || out.Diagnostics[0].Severity != "error" || out.Diagnostics[0].Summary != "Elasticsearch version too old" ||
		!strings.Contains(out.Diagnostics[0].Detail, "delete_user_annotations needs Elasticsearch 8.7.0 or later; the cluster runs 8.6.2.") {
		t.Errorf("want the version gate of delete_user_annotations, got %+v", out.Diagnostics)
	}
	if err := expectCalls(c)(nil); err != nil {
		t.Error(err)
	}
	if j := c.Job(t, jobID); j.ProcessedRecords == 0 {
		t.Errorf("the job was reset: %+v", j)
	}
}
