package mljobs_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
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

const dataName = "data.elasticsearch_ml_jobs.test"

var jobsConfig = config.StaticDirectory("testdata/jobs")

// vars sets job_id (omitted when "") and allow_no_match (omitted when nil).
func vars(expr string, allowNoMatch *bool) config.Variables {
	v := config.Variables{}
	if expr != "" {
		v["job_id"] = config.StringVariable(expr)
	}
	if allowNoMatch != nil {
		v["allow_no_match"] = config.BoolVariable(*allowNoMatch)
	}
	return v
}

func ptr[T any](v T) *T { return &v }

func expectIDs(ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return statecheck.ExpectKnownValue(dataName, tfjsonpath.New("ids"), knownvalue.ListExact(checks))
}

// expectTwoRequests checks that each read of the data source sent exactly
// GET jobs and GET job stats, with the same expression and allow_no_match,
// and nothing else went to the ML APIs.
func expectTwoRequests(c *acctest.Cluster, expr string, allowNoMatch bool) func(*terraform.State) error {
	q := "?allow_no_match=" + strconv.FormatBool(allowNoMatch)
	want := []string{"GET /_ml/anomaly_detectors/" + expr + q, "GET /_ml/anomaly_detectors/" + expr + "/_stats" + q}
	return func(*terraform.State) error {
		got := c.Calls("/_ml/")
		if len(got) == 0 || len(got)%2 != 0 {
			return fmt.Errorf("want reads of two requests (%q), got %q", want, got)
		}
		for i, call := range got {
			if call != want[i%2] {
				return fmt.Errorf("request %d is %q, want %q; all: %q", i, call, want[i%2], got)
			}
		}
		return nil
	}
}

func TestAccJobs_expressions(t *testing.T) {
	c := acctest.New(t)
	prefix, ids := c.JobIDs(t, "a", "b", "c")
	a, b, cc := ids[0], ids[1], ids[2]
	g1, g2 := prefix+"-g1", prefix+"-g2"
	c.CreateJobInGroups(t, a, "first", g1)
	c.CreateJobInGroups(t, b, "", g1, g2)
	c.CreateJob(t, cc)
	c.OpenJob(t, a)
	c.FeedRecords(t, a, 12)

	step := func(expr string, want ...string) resource.TestStep {
		return resource.TestStep{
			PreConfig:         c.ClearRequests,
			ConfigDirectory:   jobsConfig,
			ConfigVariables:   vars(expr, nil),
			ConfigStateChecks: []statecheck.StateCheck{expectIDs(want...)},
			Check:             expectTwoRequests(c, expr, true),
		}
	}
	group := step(g1, a, b)
	group.ConfigStateChecks = append(group.ConfigStateChecks,
		statecheck.ExpectKnownValue(dataName, tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"job_id":                 knownvalue.StringExact(a),
				"groups":                 knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(g1)}),
				"description":            knownvalue.StringExact("first"),
				"state":                  knownvalue.StringExact("opened"),
				"processed_record_count": knownvalue.Int64Exact(12),
				"blocked_reason":         knownvalue.Null(),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"job_id":                 knownvalue.StringExact(b),
				"groups":                 knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(g1), knownvalue.StringExact(g2)}),
				"description":            knownvalue.StringExact(""),
				"state":                  knownvalue.StringExact("closed"),
				"processed_record_count": knownvalue.Int64Exact(0),
				"blocked_reason":         knownvalue.Null(),
			}),
		})))
	spaced := step(cc+", "+g2, b, cc) // a list naming a job and a group
	spaced.Check = expectTwoRequests(c, cc+","+g2, true)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			group,
			step(a, a),                      // an exact id
			step(prefix+"-*", a, b, cc),     // a wildcard over ids
			step(prefix+"-g*", a, b),        // a wildcard over group names
			step(g2+","+a, a, b),            // a list, sorted
			step(cc+","+a+","+g1, a, b, cc), // overlapping tokens, each job once
			spaced,
		},
	})
}

// Every job, by default or by name: the test's jobs are among them (a real
// cluster may hold others), and ids are sorted.
func TestAccJobs_everyJob(t *testing.T) {
	c := acctest.New(t)
	_, ids := c.JobIDs(t, "a", "b")
	for _, id := range ids {
		c.CreateJob(t, id)
	}
	holdsSortedIDs := func(s *terraform.State) error {
		attrs := s.RootModule().Resources[dataName].Primary.Attributes
		n, _ := strconv.Atoi(attrs["ids.#"])
		got := make([]string, n)
		for i := range got {
			got[i] = attrs["ids."+strconv.Itoa(i)]
		}
		if !sort.StringsAreSorted(got) {
			return fmt.Errorf("ids not sorted: %q", got)
		}
		for _, id := range ids {
			if i := sort.SearchStrings(got, id); i == len(got) || got[i] != id {
				return fmt.Errorf("%s missing from %q", id, got)
			}
		}
		if attrs["jobs.#"] != attrs["ids.#"] {
			return fmt.Errorf("%s jobs for %s ids", attrs["jobs.#"], attrs["ids.#"])
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{PreConfig: c.ClearRequests, ConfigDirectory: jobsConfig, ConfigVariables: vars("", nil),
				Check: resource.ComposeTestCheckFunc(holdsSortedIDs, expectTwoRequests(c, "_all", true))},
			{PreConfig: c.ClearRequests, ConfigDirectory: jobsConfig, ConfigVariables: vars("*", ptr(false)),
				Check: resource.ComposeTestCheckFunc(holdsSortedIDs, expectTwoRequests(c, "*", false))},
		},
	})
}

func TestAccJobs_noMatch(t *testing.T) {
	c := acctest.New(t)
	prefix, ids := c.JobIDs(t, "a")
	c.CreateJobInGroups(t, ids[0], "", prefix+"-g")
	none := prefix + "-none"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				// A wildcard that matches nothing is an empty result...
				PreConfig:       c.ClearRequests,
				ConfigDirectory: jobsConfig,
				ConfigVariables: vars(none+"-*", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expectIDs(),
					statecheck.ExpectKnownValue(dataName, tfjsonpath.New("jobs"), knownvalue.ListSizeExact(0)),
				},
				Check: expectTwoRequests(c, none+"-*", true),
			},
			{
				// ...and an error with allow_no_match = false.
				ConfigDirectory: jobsConfig,
				ConfigVariables: vars(none+"-*", ptr(false)),
				ExpectError:     acctest.ErrorText(`No ML job matches "` + none + `-*" … No known job with id '` + none + `-*'`),
			},
			{
				// An exact id must match even with allow_no_match = true.
				ConfigDirectory: jobsConfig,
				ConfigVariables: vars(none, ptr(true)),
				ExpectError:     acctest.ErrorText(`No ML job matches "` + none + `" … No known job with id '` + none + `'`),
			},
			{
				// In a list, the error names only what did not match.
				ConfigDirectory: jobsConfig,
				ConfigVariables: vars(ids[0]+","+none+","+prefix+"-g", nil),
				ExpectError:     acctest.ErrorText(`No known job with id '` + none + `'`),
			},
		},
	})
}

func TestAccJobs_invalidExpressionSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"", " , ", "Upper", "a b", "a/b", "web-?", "a,#"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: jobsConfig,
				ConfigVariables: config.Variables{"job_id": config.StringVariable(bad)},
				PlanOnly:        true,
				ExpectError:     acctest.ErrorText("Invalid job id expression"),
			}},
		})
	}
	if got := c.Calls("/"); len(got) != 0 {
		t.Fatalf("an invalid expression must cost no request, got %q", got)
	}
}

func TestAccJobs_emulated(t *testing.T) {
	acctest.ParentOfEmulated(t)

	t.Run("blocked", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		if err := c.Emulator.SetBlocked(jobID, "delete", ""); err != nil {
			t.Fatal(err)
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: jobsConfig,
				ConfigVariables: vars(jobID, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataName, tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("blocked_reason"), knownvalue.StringExact("delete")),
				},
			}},
		})
	})

	// However many jobs match, two requests.
	t.Run("many jobs", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		suffixes := make([]string, 40)
		for i := range suffixes {
			suffixes[i] = fmt.Sprintf("j%02d", i)
		}
		prefix, ids := c.JobIDs(t, suffixes...)
		for _, id := range ids {
			c.CreateJobInGroups(t, id, "", prefix+"-all")
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:         c.ClearRequests,
				ConfigDirectory:   jobsConfig,
				ConfigVariables:   vars(prefix+"-all", nil),
				ConfigStateChecks: []statecheck.StateCheck{expectIDs(ids...)},
				Check:             expectTwoRequests(c, prefix+"-all", true),
			}},
		})
	})
}

// Every job of a group reset in one apply, with for_each over the ids.
func TestAccJobs_resetGroup(t *testing.T) {
	c := acctest.New(t)
	prefix, ids := c.JobIDs(t, "a", "b", "out")
	group := prefix + "-grp"
	members := ids[:2]
	for _, id := range members {
		c.CreateJobInGroups(t, id, "", group)
		c.OpenJob(t, id)
		c.FeedRecords(t, id, 10)
	}
	c.CreateJob(t, ids[2])
	c.OpenJob(t, ids[2])
	c.FeedRecords(t, ids[2], 10)

	var creates []plancheck.PlanCheck
	for _, id := range members {
		creates = append(creates, plancheck.ExpectResourceAction(`elasticsearch_ml_job_reset.each["`+id+`"]`, plancheck.ResourceActionCreate))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:        c.ClearRequests,
			ConfigDirectory:  config.StaticDirectory("testdata/reset_group"),
			ConfigVariables:  config.Variables{"group": config.StringVariable(group)},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: creates},
			// A state check, not Check: the legacy state Check sees cannot
			// hold for_each instances.
			ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
				for _, id := range members {
					want := []string{"POST /_ml/anomaly_detectors/" + id + "/_close", "POST /_ml/anomaly_detectors/" + id + "/_reset"}
					if got := c.ResetCalls(id); strings.Join(got, "\n") != strings.Join(want, "\n") {
						return fmt.Errorf("group member %s: got %q, want %q", id, got, want)
					}
					if j := c.Job(t, id); j.State != "closed" || j.ProcessedRecords != 0 {
						return fmt.Errorf("group member %s not reset: %+v", id, j)
					}
				}
				if got := c.ResetCalls(ids[2]); len(got) != 0 {
					return fmt.Errorf("job outside the group was touched: %q", got)
				}
				if j := c.Job(t, ids[2]); j.ProcessedRecords != 10 {
					return fmt.Errorf("job outside the group lost its records: %+v", j)
				}
				return nil
			})},
		}, {
			// terraform-plugin-testing cannot read a state holding for_each
			// instances once the test ends: drop them (destroying a reset
			// sends nothing) so the final state is readable.
			ConfigDirectory: jobsConfig,
			ConfigVariables: vars(group, nil),
		}},
	})
}

// checkFunc runs a check of the cluster after the apply.
type checkFunc func() error

func (f checkFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}
