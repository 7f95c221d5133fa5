package mlmodelsnapshots_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

const dataName = "data.elasticsearch_ml_model_snapshots.test"

var snapshotsConfig = config.StaticDirectory("testdata/snapshots")

// vars sets job_id, and start and end when not "".
func vars(jobID, start, end string) config.Variables {
	v := acctest.Variables(jobID)
	if start != "" {
		v["start"] = config.StringVariable(start)
	}
	if end != "" {
		v["end"] = config.StringVariable(end)
	}
	return v
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func optionalTime(t time.Time) knownvalue.Check {
	if t.IsZero() {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(rfc3339(t))
}

// expectSnapshots checks every attribute of each snapshot, in order,
// against what the cluster holds.
func expectSnapshots(held ...acctest.ModelSnapshot) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(held))
	for i, m := range held {
		checks[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"snapshot_id":        knownvalue.StringExact(m.ID),
			"timestamp":          knownvalue.StringExact(rfc3339(m.Timestamp)),
			"description":        knownvalue.StringExact(m.Description),
			"latest_record_time": optionalTime(m.LatestRecordTime),
			"latest_result_time": optionalTime(m.LatestResultTime),
			"retain":             knownvalue.Bool(m.Retain),
			"model_bytes":        knownvalue.Int64Exact(m.ModelBytes),
			"min_version":        knownvalue.StringExact(m.MinVersion),
		})
	}
	return statecheck.ExpectKnownValue(dataName, tfjsonpath.New("snapshots"), knownvalue.ListExact(checks))
}

// expectIDs checks the snapshot ids, in order.
func expectIDs(ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"snapshot_id": knownvalue.StringExact(id)})
	}
	return statecheck.ExpectKnownValue(dataName, tfjsonpath.New("snapshots"), knownvalue.ListExact(checks))
}

// page is the request of one page of the job's snapshots, newest first,
// with start and end as written ("" when not set). The client POSTs, with
// the parameters in the query string and no body.
func page(jobID, start, end string, from int) string {
	q := url.Values{"desc": {"true"}, "from": {strconv.Itoa(from)}, "size": {"100"}}
	if start != "" {
		q.Set("start", start)
	}
	if end != "" {
		q.Set("end", end)
	}
	return acctest.Call("POST", "/_ml/anomaly_detectors/"+jobID+"/model_snapshots", q)
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

func TestAccModelSnapshots_newestFirst(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	steps := c.LearnInSteps(t, jobID, 3)
	c.RetainModelSnapshot(t, jobID, steps[0].SnapshotID, "before the outage")
	held := c.ModelSnapshots(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: snapshotsConfig,
			ConfigVariables: vars(jobID, "", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				// The last step's snapshot first.
				expectIDs(steps[2].SnapshotID, steps[1].SnapshotID, steps[0].SnapshotID),
				expectSnapshots(held...),
				statecheck.ExpectKnownValue(dataName, tfjsonpath.New("snapshots").AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"description":        knownvalue.StringExact("before the outage"),
					"retain":             knownvalue.Bool(true),
					"latest_record_time": knownvalue.StringExact(rfc3339(steps[0].LastRecord)),
				})),
				statecheck.ExpectKnownValue(dataName, tfjsonpath.New("snapshots").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"retain":             knownvalue.Bool(false),
					"latest_record_time": knownvalue.StringExact(rfc3339(steps[2].LastRecord)),
					"model_bytes": knownvalue.Int64Func(func(v int64) error {
						if v <= 0 {
							return fmt.Errorf("a trained model takes memory, got %d bytes", v)
						}
						return nil
					}),
				})),
			},
			Check: expectReads(c, page(jobID, "", "", 0)),
		}, {
			// An empty start or end is no bound, as null is.
			PreConfig:       c.ClearRequests,
			ConfigDirectory: snapshotsConfig,
			ConfigVariables: acctest.Variables(jobID, "start", "", "end", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectIDs(steps[2].SnapshotID, steps[1].SnapshotID, steps[0].SnapshotID),
			},
			Check: expectReads(c, page(jobID, "", "", 0)),
		}},
	})
}

// start keeps snapshots at or after it, end those before it, both sent as
// written.
func TestAccModelSnapshots_startAndEnd(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	steps := c.LearnInSteps(t, jobID, 4)
	held := c.ModelSnapshots(t, jobID) // newest first
	if len(held) != 4 {
		t.Fatalf("want 4 snapshots, got %+v", held)
	}
	s := func(k int) string { return steps[k].SnapshotID } // oldest first
	at := func(k int) time.Time { return held[3-k].Timestamp }
	startAt := rfc3339(at(1))                             // exactly snapshot 1's time, as RFC 3339
	endAt := strconv.FormatInt(at(3).UnixMilli(), 10)     // exactly snapshot 3's time, in epoch ms
	beforeAll := strconv.FormatInt(at(0).UnixMilli(), 10) // exactly the oldest's time
	afterAll := rfc3339(at(3).Add(time.Millisecond))      // just after the newest

	step := func(start, end string, want ...string) resource.TestStep {
		return resource.TestStep{
			PreConfig:         c.ClearRequests,
			ConfigDirectory:   snapshotsConfig,
			ConfigVariables:   vars(jobID, start, end),
			ConfigStateChecks: []statecheck.StateCheck{expectIDs(want...)},
			Check:             expectReads(c, page(jobID, start, end, 0)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			step(startAt, "", s(3), s(2), s(1)),              // start is inclusive
			step("", endAt, s(2), s(1), s(0)),                // end is exclusive
			step(startAt, endAt, s(2), s(1)),                 // both
			step("", beforeAll),                              // nothing before the first: empty, not null
			step(afterAll, ""),                               // nothing after the last
			step("now-1d", "now+1d", s(3), s(2), s(1), s(0)), // date math, as Elasticsearch reads it
		},
	})
}

func TestAccModelSnapshots_jobWithoutSnapshots(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:         c.ClearRequests,
			ConfigDirectory:   snapshotsConfig,
			ConfigVariables:   vars(jobID, "", ""),
			ConfigStateChecks: []statecheck.StateCheck{expectIDs()},
			Check:             expectReads(c, page(jobID, "", "", 0)),
		}},
	})
}

func TestAccModelSnapshots_missingJob(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: snapshotsConfig,
			ConfigVariables: vars(jobID, "", ""),
			ExpectError:     acctest.ErrorText(`ML job "` + jobID + `" not found … No known job with id '` + jobID + `'`),
		}},
	})
}

func TestAccModelSnapshots_invalidJobIDSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"Upper", "web-*", "a,b", "trailing_", strings.Repeat("a", 65)} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: snapshotsConfig,
				ConfigVariables: vars(bad, "", ""),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`job_id (is not a valid Elasticsearch job id|string length must be between 1 and 64)`),
			}},
		})
	}
	if got := c.Calls("/"); len(got) != 0 {
		t.Fatalf("an invalid job id must cost no request, got %q", got)
	}
}

// More snapshots than a page of 100: every page is read, one request
// each, and none past the last.
func TestAccModelSnapshots_pages(t *testing.T) {
	if acctest.RealClusterConfigured() {
		t.Skip("needs more than 100 snapshots, stored directly by the emulator; a real cluster stores one per close, a second apart")
	}
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	base := time.Now().UTC().Truncate(time.Hour).Add(-300 * time.Hour)
	times := make([]time.Time, 250)
	for i := range times {
		times[i] = base.Add(time.Duration(i) * time.Hour)
	}
	stored, err := c.Emulator.StoreModelSnapshots(jobID, times...)
	if err != nil {
		t.Fatal(err)
	}
	newestFirst := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[len(ids)-1-i] = id
		}
		return out
	}
	from50, to150 := rfc3339(times[50]), rfc3339(times[150])
	step := func(start, end string, want []string, froms ...int) resource.TestStep {
		pages := make([]string, len(froms))
		for i, from := range froms {
			pages[i] = page(jobID, start, end, from)
		}
		return resource.TestStep{
			PreConfig:         c.ClearRequests,
			ConfigDirectory:   snapshotsConfig,
			ConfigVariables:   vars(jobID, start, end),
			ConfigStateChecks: []statecheck.StateCheck{expectIDs(newestFirst(want)...)},
			Check:             expectReads(c, pages...),
		}
	}
	all := step("", "", stored, 0, 100, 200) // 250: three pages
	// The job has seen no record: no latest record or result time.
	all.ConfigStateChecks = append(all.ConfigStateChecks,
		statecheck.ExpectKnownValue(dataName, tfjsonpath.New("snapshots").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"timestamp":          knownvalue.StringExact(rfc3339(times[249])),
			"latest_record_time": knownvalue.Null(),
			"latest_result_time": knownvalue.Null(),
		})))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			all,
			step(from50, "", stored[50:], 0, 100),  // 200: two full pages, no third
			step(from50, to150, stored[50:150], 0), // 100: one full page
			step("", to150, stored[:150], 0, 100),  // 150: the end bound on every page
		},
	})
}
