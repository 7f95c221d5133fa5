package mlsnapshotrevert_test

// Acceptance tests through a real Terraform 1.14 CLI. terraform-plugin-
// testing has no step that invokes an action, so a terraform_data's
// action_trigger invokes it on create and update; the tests that need
// `terraform apply -invoke` run the CLI themselves (acctest.RunCLI).

import (
	"fmt"
	"slices"
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
	configDir = "testdata/revert"
	invoke    = "-invoke=action.elasticsearch_ml_model_snapshot_revert.test"
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

// learnedJob is a closed job that learned in three steps; it returns the
// job, its snapshots oldest first, and the job then.
func learnedJob(t *testing.T, c *acctest.Cluster) (string, []acctest.SnapshotStep, acctest.Job) {
	t.Helper()
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	steps := c.LearnInSteps(t, jobID, 3)
	before := c.Job(t, jobID)
	c.ClearRequests()
	return jobID, steps, before
}

func vars(jobID, snapshotID string, kv ...any) config.Variables {
	return acctest.Variables(jobID, append([]any{"snapshot_id", snapshotID}, kv...)...)
}

// mlCalls lists the ML requests received since the last clear, in order.
func mlCalls(c *acctest.Cluster) []string { return c.Calls("/_ml/") }

func expectCalls(c *acctest.Cluster, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := mlCalls(c); !slices.Equal(got, want) {
			return fmt.Errorf("requests:\n got %q\nwant %q", got, want)
		}
		return nil
	}
}

func expectModel(c *acctest.Cluster, jobID, snapshotID, state string) resource.TestCheckFunc {
	return c.CheckJob(jobID, func(j acctest.Job) error {
		if j.ModelSnapshotID != snapshotID || j.State != state || j.BlockedReason != "" {
			return fmt.Errorf("want job %s %s on snapshot %q, got %+v", jobID, state, snapshotID, j)
		}
		return nil
	})
}

// Created, the trigger reverts the job; changed, it reverts it again.
func TestAccAction_revertOnCreateAndUpdate(t *testing.T) {
	c := newCluster(t, false)
	jobID, steps, _ := learnedJob(t, c)
	first, second := steps[0].SnapshotID, steps[1].SnapshotID

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(acctest.ActionsMinimum)},
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: config.StaticDirectory(configDir),
				ConfigVariables: vars(jobID, first),
				Check: resource.ComposeTestCheckFunc(
					expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+revertPath(jobID, first)),
					expectModel(c, jobID, first, "closed")),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: config.StaticDirectory(configDir),
				ConfigVariables: vars(jobID, second, "trigger", "v2", "delete_intervening_results", true),
				Check: resource.ComposeTestCheckFunc(
					expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+revertPath(jobID, second)+"?delete_intervening_results=true"),
					expectModel(c, jobID, second, "closed"),
					c.CheckJob(jobID, func(j acctest.Job) error {
						if !j.LatestRecordTime.Equal(steps[1].LastRecord) {
							return fmt.Errorf("want the latest record time rewound to %v, got %+v", steps[1].LastRecord, j)
						}
						return nil
					})),
			},
		},
	})
}

// terraform apply -invoke runs the action alone, shows each step, and
// brings the job back as after_revert asks: a replay from the snapshot.
func TestAccAction_invoke(t *testing.T) {
	c := newCluster(t, false)
	t.Parallel()
	jobID, steps, before := learnedJob(t, c)
	first := steps[0].SnapshotID

	out := c.RunCLI(t, configDir, vars(jobID, first, "delete_intervening_results", true, "after_revert", "started"), "apply", invoke)
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
		fmt.Sprintf("Reading what ML job %q runs, to bring it back after the revert", jobID),
		fmt.Sprintf("Closing ML job %q", jobID),
		fmt.Sprintf("Reverting ML job %q to model snapshot %q", jobID, first),
		fmt.Sprintf("ML job %q reverted; opening it", jobID),
		fmt.Sprintf("Starting datafeed %q of ML job %q", acctest.DatafeedID(jobID), jobID),
	}
	if len(progress) != len(want)+1 || !slices.Equal(progress[:len(want)], want) ||
		!strings.HasPrefix(progress[len(want)], fmt.Sprintf("ML job %q reverted to model snapshot %q in ", jobID, first)) {
		t.Errorf("progress: %q", progress)
	}
	if n := len(out.MessagesOfType("apply_start")); n != 0 {
		t.Errorf("-invoke applied %d resources", n)
	}
	if err := expectCalls(c, "GET /_ml/anomaly_detectors/"+jobID, "POST "+jobPath(jobID, "_close"),
		"POST "+revertPath(jobID, first)+"?delete_intervening_results=true",
		"POST "+jobPath(jobID, "_open"), "POST /_ml/datafeeds/"+acctest.DatafeedID(jobID)+"/_start")(nil); err != nil {
		t.Error(err)
	}
	// The datafeed replays the two later steps from the snapshot.
	if j := c.WaitForRealTime(t, jobID); j.ModelSnapshotID != first || j.ProcessedRecords != before.ProcessedRecords+120 {
		t.Errorf("want the later steps replayed, got %+v (before %+v)", j, before)
	}
}

// Serverless keeps the snapshot APIs internal: the plan fails before
// anything reaches ML.
func TestAccAction_serverlessFailsThePlan(t *testing.T) {
	c := newCluster(t, true, emulator.WithServerless())
	t.Parallel()
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.ClearRequests()

	out := c.RunCLI(t, configDir, vars(jobID, "1700000000"), "apply", invoke)
	if len(out.Diagnostics) != 1 || out.Diagnostics[0].Severity != "error" || out.Diagnostics[0].Summary != "Not available on Elasticsearch Serverless" {
		t.Errorf("want the serverless error, got %+v", out.Diagnostics)
	}
	if got := mlCalls(c); len(got) != 0 {
		t.Errorf("the plan reached ML: %q", got)
	}
}
