package mljob_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

const dataName = "data.elasticsearch_ml_job.test"

var jobConfig = config.StaticDirectory("testdata/job")

func expect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dataName, tfjsonpath.New(attr), v)
}

func rfc3339(t time.Time) knownvalue.Check {
	return knownvalue.StringExact(t.UTC().Format(time.RFC3339Nano))
}

// expectReads checks that every read of the data source sent exactly
// perRead, in order, and nothing else went to the ML APIs.
func expectReads(c *acctest.Cluster, perRead ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		got := c.Calls("/_ml/")
		if len(got) == 0 || len(got)%len(perRead) != 0 {
			return fmt.Errorf("want reads of %d requests each (%q), got %q", len(perRead), perRead, got)
		}
		for i, call := range got {
			if call != perRead[i%len(perRead)] {
				return fmt.Errorf("request %d is %q, want %q; all: %q", i, call, perRead[i%len(perRead)], got)
			}
		}
		return nil
	}
}

func getJob(id string) string   { return "GET /_ml/anomaly_detectors/" + id + "?allow_no_match=true" }
func getStats(id string) string { return "GET /_ml/anomaly_detectors/" + id + "/_stats" }
func feedStats(id string) string {
	return "GET /_ml/datafeeds/" + id + "/_stats"
}

func TestAccJob_everyAttribute(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	before := time.Now().Add(-time.Minute)
	c.CreateJobInGroups(t, jobID, "checkout latency", "checkout", "web")
	c.OpenJob(t, jobID)
	first, last := c.FeedRecords(t, jobID, 30)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: jobConfig,
			ConfigVariables: acctest.Variables(jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("id", knownvalue.StringExact(jobID)),
				expect("job_id", knownvalue.StringExact(jobID)),
				expect("state", knownvalue.StringExact("opened")),
				expect("groups", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("checkout"), knownvalue.StringExact("web")})),
				expect("description", knownvalue.StringExact("checkout latency")),
				expect("datafeed_id", knownvalue.StringExact("datafeed-"+jobID)),
				expect("datafeed_state", knownvalue.StringExact("stopped")),
				expect("processed_record_count", knownvalue.Int64Exact(30)),
				expect("earliest_record_timestamp", rfc3339(first)),
				expect("latest_record_timestamp", rfc3339(last)),
				expect("model_bytes", knownvalue.Int64Func(func(v int64) error {
					if v <= 0 {
						return fmt.Errorf("a trained model takes memory, got %d bytes", v)
					}
					return nil
				})),
				expect("model_snapshot_id", knownvalue.NotNull()),
				expect("blocked_reason", knownvalue.Null()),
				expect("blocked_task_id", knownvalue.Null()),
				expect("create_time", knownvalue.StringFunc(func(v string) error {
					created, err := time.Parse(time.RFC3339Nano, v)
					if err != nil {
						return fmt.Errorf("create_time: %w", err)
					}
					if created.Before(before) || created.After(time.Now()) || created.Location() != time.UTC {
						return fmt.Errorf("create_time %q is not a UTC time during the test", v)
					}
					return nil
				})),
			},
			// The datafeed id comes with the job (7.15+): three requests.
			Check: expectReads(c, getJob(jobID), getStats(jobID), feedStats("datafeed-"+jobID)),
		}},
	})
}

func TestAccJob_newJobWithoutDatafeed(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: jobConfig,
			ConfigVariables: acctest.Variables(jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("state", knownvalue.StringExact("closed")),
				expect("groups", knownvalue.ListSizeExact(0)),
				expect("description", knownvalue.StringExact("")),
				expect("datafeed_id", knownvalue.Null()),
				expect("datafeed_state", knownvalue.Null()),
				expect("processed_record_count", knownvalue.Int64Exact(0)),
				expect("earliest_record_timestamp", knownvalue.Null()),
				expect("latest_record_timestamp", knownvalue.Null()),
				expect("model_bytes", knownvalue.Int64Exact(0)),
				expect("model_snapshot_id", knownvalue.Null()),
				expect("blocked_reason", knownvalue.Null()),
				expect("blocked_task_id", knownvalue.Null()),
			},
			// No datafeed, and a version that would have named one: two.
			Check: expectReads(c, getJob(jobID), getStats(jobID)),
		}},
	})
}

func TestAccJob_startedDatafeed(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	c.StartDatafeed(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: jobConfig,
			ConfigVariables: acctest.Variables(jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("state", knownvalue.StringExact("opened")),
				expect("datafeed_id", knownvalue.StringExact("datafeed-"+jobID)),
				expect("datafeed_state", knownvalue.StringExact("started")),
			},
		}},
	})
}

func TestAccJob_emulated(t *testing.T) {
	acctest.ParentOfEmulated(t)

	// Blocked by a reset that runs as a task: its reason and task.
	t.Run("blocked", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		if err := c.Emulator.SetBlocked(jobID, "reset", "node-1:42"); err != nil {
			t.Fatal(err)
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: jobConfig,
				ConfigVariables: acctest.Variables(jobID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("blocked_reason", knownvalue.StringExact("reset")),
					expect("blocked_task_id", knownvalue.StringExact("node-1:42")),
				},
			}},
		})
	})

	// 7.14's GET job does not name the datafeed: the stats of every
	// datafeed find it, still within three requests.
	t.Run("7.14", func(t *testing.T) {
		c := acctest.NewEmulated(t, emulator.WithVersion("7.14.2"))
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		c.OpenJob(t, jobID)
		c.StartDatafeed(t, jobID)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: jobConfig,
				ConfigVariables: acctest.Variables(jobID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("datafeed_id", knownvalue.StringExact("datafeed-"+jobID)),
					expect("datafeed_state", knownvalue.StringExact("started")),
				},
				Check: expectReads(c, getJob(jobID), getStats(jobID), "GET /_ml/datafeeds/_stats"),
			}},
		})
	})
}

func TestAccJob_missingJob(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: jobConfig,
			ConfigVariables: acctest.Variables(jobID),
			ExpectError:     acctest.ErrorText(`ML job "` + jobID + `" not found … No known job with id '` + jobID + `'`),
		}},
	})
}

func TestAccJob_invalidJobIDSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"Upper", "web-*", "a,b", "trailing_", strings.Repeat("a", 65)} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: jobConfig,
				ConfigVariables: acctest.Variables(bad),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`job_id (is not a valid Elasticsearch job id|string length must be between 1 and 64)`),
			}},
		})
	}
	if got := c.Calls("/"); len(got) != 0 {
		t.Fatalf("an invalid job id must cost no request, got %q", got)
	}
}

// A check block reads the job after the apply: it passes while the job
// runs with the records it should have seen, and fails otherwise.
func TestAccJob_checkBlock(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	c.FeedRecords(t, jobID, 25)
	dir := config.StaticDirectory("testdata/check")
	vars := func(records int) config.Variables {
		v := acctest.Variables(jobID)
		v["expected_records"] = config.IntegerVariable(records)
		return v
	}
	step := func(records int, want tfjson.CheckStatus) resource.TestStep {
		return resource.TestStep{
			ConfigDirectory:   dir,
			ConfigVariables:   vars(records),
			ConfigStateChecks: []statecheck.StateCheck{expectCheck("job_running", want)},
			// A data source inside a check block is read again by every
			// plan, so the plan after the apply is never empty.
			ExpectNonEmptyPlan: true,
		}
	}
	closed := step(25, tfjson.CheckStatusFail)
	closed.PreConfig = func() { c.CloseJob(t, jobID) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			step(25, tfjson.CheckStatusPass),
			step(24, tfjson.CheckStatusFail), // not the records it should have seen
			closed,                           // not running
		},
	})
}

// expectCheck asserts the status a check block ended the apply with, as
// the state records it.
func expectCheck(name string, want tfjson.CheckStatus) statecheck.StateCheck {
	return checkStatus{name: name, want: want}
}

type checkStatus struct {
	name string
	want tfjson.CheckStatus
}

func (c checkStatus) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Checks {
		if r.Address.Kind == tfjson.CheckKindCheckBlock && r.Address.Name == c.name {
			if r.Status != c.want {
				resp.Error = fmt.Errorf("check %q is %s, want %s (%+v)", c.name, r.Status, c.want, r.Instances)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("no result for check %q in the state: %+v", c.name, req.State.Checks)
}
