package mlsnapshotrevert_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// The revert (DESIGN.md §10): close, then one revert with no body; the job
// runs the snapshot's model and keeps its results; the state records the
// snapshot's latest record time. Applying again changes nothing.
func TestAccRevert_closesThenReverts(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	first := l.steps[0]
	results := c.ResultBuckets(t, l.jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, first.SnapshotID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(l.jobID+"/"+first.SnapshotID)),
						plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("latest_record_time")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("id"), knownvalue.StringExact(l.jobID+"/"+first.SnapshotID)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("latest_record_time"), knownvalue.StringExact(rfc3339(first.LastRecord))),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("delete_intervening_results"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("after_revert"), knownvalue.StringExact("closed")),
				},
				Check: resource.ComposeTestCheckFunc(
					expectWork(c, l.jobID, 0, closeCall(l.jobID), revertCall(l.jobID, first.SnapshotID)),
					expectModel(c, l.jobID, first.SnapshotID),
					c.CheckJob(l.jobID, func(j acctest.Job) error {
						// Without delete_intervening_results only the model
						// changes.
						if j.State != "closed" || !j.LatestRecordTime.Equal(l.before.LatestRecordTime) || j.ProcessedRecords != l.before.ProcessedRecords ||
							j.GeneratedAnnotations != l.before.GeneratedAnnotations {
							return fmt.Errorf("want only the model changed: before %+v, after %+v", l.before, j)
						}
						if got := c.ResultBuckets(t, l.jobID); !slices.Equal(got, results) {
							return fmt.Errorf("results changed: %v, before %v", got, results)
						}
						return nil
					}),
				),
			},
			{
				PreConfig:        c.ClearRequests,
				ConfigDirectory:  configDir,
				ConfigVariables:  vars(l.jobID, first.SnapshotID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            expectNoChange(c, l.jobID),
			},
		},
	})
}

// delete_intervening_results, in the query string: the results after the
// snapshot and the delayed-data annotations go, user annotations stay, and
// the job's latest record time is the snapshot's again.
func TestAccRevert_deleteInterveningResults(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	c.AddAnnotation(t, l.jobID, "late data", false) // now: after every snapshot
	c.AddAnnotation(t, l.jobID, "the outage", true)
	before := c.Job(t, l.jobID)
	first := l.steps[0]
	resultsBefore := c.ResultBuckets(t, l.jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, first.SnapshotID, "delete_intervening_results", true),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, l.jobID, 0, closeCall(l.jobID), revertCall(l.jobID, first.SnapshotID, "delete_intervening_results", "true")),
				expectModel(c, l.jobID, first.SnapshotID),
				c.CheckJob(l.jobID, func(j acctest.Job) error {
					if !j.LatestRecordTime.Equal(first.LastRecord) || j.UserAnnotations != before.UserAnnotations ||
						j.GeneratedAnnotations != before.GeneratedAnnotations-1 {
						return fmt.Errorf("want the latest record rewound to %v and only the delayed-data annotation gone: before %+v, after %+v", first.LastRecord, before, j)
					}
					results := c.ResultBuckets(t, l.jobID)
					if len(results) == 0 || len(results) >= len(resultsBefore) || results[len(results)-1].After(first.LastRecord) {
						return fmt.Errorf("want the results of the first step only, got %v (before %v)", results, resultsBefore)
					}
					return nil
				}),
			),
		}},
	})
}

// A change of snapshot, or of non-null triggers, reverts again; an edit of
// how "no triggers" is written, or of after_revert, sends nothing.
func TestAccRevert_whatRevertsAgain(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	first, second := l.steps[0].SnapshotID, l.steps[1].SnapshotID
	step := func(snapshotID string, action plancheck.ResourceActionType, check resource.TestCheckFunc, kv ...any) resource.TestStep {
		return resource.TestStep{
			PreConfig:        c.ClearRequests,
			ConfigDirectory:  configDir,
			ConfigVariables:  vars(l.jobID, snapshotID, kv...),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, action)}},
			Check:            check,
		}
	}
	reverted := func(snapshotID string) resource.TestCheckFunc {
		return resource.ComposeTestCheckFunc(expectWork(c, l.jobID, 0, closeCall(l.jobID), revertCall(l.jobID, snapshotID)), expectModel(c, l.jobID, snapshotID))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			step(first, plancheck.ResourceActionCreate, reverted(first)),
			step(first, plancheck.ResourceActionUpdate, expectNoChange(c, l.jobID), "triggers", map[string]string{}, "after_revert", "started"),
			step(second, plancheck.ResourceActionDestroyBeforeCreate, reverted(second), "triggers", map[string]string{}),
			step(second, plancheck.ResourceActionDestroyBeforeCreate, reverted(second), "triggers", map[string]string{"incident": "INC-42"}),
			step(second, plancheck.ResourceActionNoop, expectNoChange(c, l.jobID), "triggers", map[string]string{"incident": "INC-42"}),
		},
	})
}

// A job with data from now on: the later steps' model is forgotten, and a
// replay re-learns it (after_revert = "started" with
// delete_intervening_results): the datafeed resumes from the snapshot.
func TestAccRevert_startedReplaysFromTheSnapshot(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	first := l.steps[0]

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, first.SnapshotID, "delete_intervening_results", true, "after_revert", "started"),
			Check: resource.ComposeTestCheckFunc(
				// Five requests: the datafeed's id, close, revert, open, start.
				expectWork(c, l.jobID, 1,
					jobCall("GET", l.jobID, ""),
					closeCall(l.jobID), revertCall(l.jobID, first.SnapshotID, "delete_intervening_results", "true"),
					jobCall("POST", l.jobID, "_open"), feedCall("POST", l.jobID, "_start")),
				func(*terraform.State) error {
					// The lookback re-read the two later steps: 120 more
					// records, up to the last one again.
					j := c.WaitForRealTime(t, l.jobID)
					if j.State != "opened" || j.ModelSnapshotID != first.SnapshotID ||
						j.ProcessedRecords != l.before.ProcessedRecords+120 || !j.LatestRecordTime.Equal(l.steps[2].LastRecord) {
						return fmt.Errorf("want the later two steps replayed, got %+v (before %+v)", j, l.before)
					}
					return nil
				},
			),
		}},
	})
}

// Without delete_intervening_results the job keeps its latest record
// time, so the datafeed started after the revert resumes after it: it
// reads nothing again.
func TestAccRevert_startedWithoutDeletingResumesAfterTheLatestRecord(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	first := l.steps[0]

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, first.SnapshotID, "after_revert", "started"),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, l.jobID, 1,
					jobCall("GET", l.jobID, ""),
					closeCall(l.jobID), revertCall(l.jobID, first.SnapshotID),
					jobCall("POST", l.jobID, "_open"), feedCall("POST", l.jobID, "_start")),
				func(*terraform.State) error {
					j := c.WaitForRealTime(t, l.jobID)
					if j.State != "opened" || j.ProcessedRecords != l.before.ProcessedRecords || !j.LatestRecordTime.Equal(l.before.LatestRecordTime) {
						return fmt.Errorf("want nothing read again, got %+v (before %+v)", j, l.before)
					}
					return nil
				},
			),
		}},
	})
}

// restore brings back what ran before the close, from the same three
// reads as after a reset: seven requests in all.
func TestAccRevert_restoreBringsBackWhatRan(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	c.OpenJob(t, l.jobID)
	c.StartDatafeedInRealTime(t, l.jobID)
	first := l.steps[0]

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, first.SnapshotID, "after_revert", "restore", "delete_intervening_results", true),
			Check: resource.ComposeTestCheckFunc(
				expectWork(c, l.jobID, 3,
					jobCall("GET", l.jobID, "_stats"), jobCall("GET", l.jobID, ""), feedCall("GET", l.jobID, "_stats"),
					closeCall(l.jobID), revertCall(l.jobID, first.SnapshotID, "delete_intervening_results", "true"),
					jobCall("POST", l.jobID, "_open"), feedCall("POST", l.jobID, "_start")),
				c.CheckJob(l.jobID, func(j acctest.Job) error {
					if j.State != "opened" || j.DatafeedState != "started" {
						return fmt.Errorf("want the job opened and its datafeed started again, got %+v", j)
					}
					return nil
				}),
			),
		}},
	})
}

// A job without that snapshot fails the plan, naming both: nothing is
// closed or reverted.
func TestAccRevert_missingSnapshotFailsThePlan(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(l.jobID, "1000000000"),
			PlanOnly:        true,
			ExpectError:     acctest.ErrorText(fmt.Sprintf(`Model snapshot "1000000000" of ML job %q not found … Job %q has no model snapshot "1000000000"`, l.jobID, l.jobID)),
		}},
	})
	if err := expectNoChange(c, l.jobID)(nil); err != nil {
		t.Fatal(err)
	}
}

// A job that does not exist may be created earlier in the same apply: the
// plan goes on, and the apply fails naming the job after the one close.
func TestAccRevert_missingJob(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "1700000000"),
			ExpectError:     regexp.MustCompile(`(?s)ML job "` + jobID + `" not found.*No known job\s+with id`),
		}},
	})
	if got := revertWork(c, jobID, 0); !slices.Equal(got, []string{closeCall(jobID)}) {
		t.Fatalf("want only the failed close, got %q", got)
	}
}

// Ids Elasticsearch would read as something else fail the plan and cost
// no request.
func TestAccRevert_invalidIdsSendNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []struct{ job, snapshot, want string }{
		{"Upper", "1", `job_id is not a valid Elasticsearch job id`},
		{"web", "17*", `snapshot_id is not a model snapshot id`},
		{"web", "1,2", `snapshot_id is not a model snapshot id`},
		{"web", "_all", `snapshot_id`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: vars(bad.job, bad.snapshot),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(bad.want),
			}},
		})
	}
	if got := c.Requests(); len(got) != 0 {
		t.Fatalf("an invalid id must cost no request, got %d, first %s %s", len(got), got[0].Method, got[0].Path)
	}
}

// A job deleted outside Terraform takes the revert out of the state with
// a warning; the next plan creates it again.
func TestAccRevert_jobDeletedOutOfBand(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(l.jobID, l.steps[0].SnapshotID)},
			{
				PreConfig:          func() { c.DeleteJob(t, l.jobID) },
				ConfigDirectory:    configDir,
				ConfigVariables:    vars(l.jobID, l.steps[0].SnapshotID),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// datafeed_start skips a window of bad data: reverted to before it, the
// job replays only what comes after the start. Without after_revert
// starting a datafeed, datafeed_start fails the plan.
func TestAccRevert_datafeedStartSkipsABadWindow(t *testing.T) {
	c := acctest.New(t)
	l := learnedJob(t, c)
	first, bad := l.steps[0], l.steps[1]
	start := strconv.FormatInt(bad.LastRecord.Add(time.Minute).UnixMilli(), 10)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, first.SnapshotID, "datafeed_start", start),
				PlanOnly:        true,
				ExpectError:     acctest.ErrorText(`datafeed_start needs after_revert … only after_revert = "restore" or "started" starts one`),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(l.jobID, first.SnapshotID, "delete_intervening_results", true, "after_revert", "started", "datafeed_start", start),
				Check: resource.ComposeTestCheckFunc(
					expectWork(c, l.jobID, 1,
						jobCall("GET", l.jobID, ""),
						closeCall(l.jobID), revertCall(l.jobID, first.SnapshotID, "delete_intervening_results", "true"),
						jobCall("POST", l.jobID, "_open"), feedCall("POST", l.jobID, "_start", "start", start)),
					func(*terraform.State) error {
						// The third hour only: 60 records, not the 120 of a
						// full replay.
						j := c.WaitForRealTime(t, l.jobID)
						if j.ProcessedRecords != l.before.ProcessedRecords+60 || !j.LatestRecordTime.Equal(l.steps[2].LastRecord) {
							return fmt.Errorf("want only the last step replayed, got %+v (before %+v)", j, l.before)
						}
						return nil
					},
				),
			},
		},
	})
}
