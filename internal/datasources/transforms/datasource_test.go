package transforms_test

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

const dataName = "data.elasticsearch_transforms.test"

var transformsConfig = config.StaticDirectory("testdata/transforms")

// vars sets transform_id (omitted when "") and allow_no_match (omitted
// when nil).
func vars(expr string, allowNoMatch *bool) config.Variables {
	v := config.Variables{}
	if expr != "" {
		v["transform_id"] = config.StringVariable(expr)
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

// pageSize is the most transforms the client asks for in one request,
// Elasticsearch's limit.
const pageSize = 1000

// expectPages checks that each read of the data source sent, for the
// given number of pages, the pages of the transforms and then the pages of
// their statistics, with the same expression and allow_no_match, and
// nothing else went to the transform APIs.
func expectPages(c *acctest.Cluster, expr string, allowNoMatch bool, pages int) func(*terraform.State) error {
	var want []string
	for _, what := range []string{"", "/_stats"} {
		for p := range pages {
			want = append(want, fmt.Sprintf("GET /_transform/%s%s?allow_no_match=%t&from=%d&size=%d", expr, what, allowNoMatch, p*pageSize, pageSize))
		}
	}
	return func(*terraform.State) error {
		got := c.Calls("/_transform")
		if len(got) == 0 || len(got)%len(want) != 0 {
			return fmt.Errorf("want reads of %d requests (%q), got %q", len(want), want, got)
		}
		for i, call := range got {
			if call != want[i%len(want)] {
				return fmt.Errorf("request %d is %q, want %q; all: %q", i, call, want[i%len(want)], got)
			}
		}
		return nil
	}
}

func TestAccTransforms_expressions(t *testing.T) {
	c := acctest.New(t)
	prefix, ids := c.TransformIDs(t, "a", "b", "c")
	a := c.CreateTransform(t, acctest.TransformSpec{ID: ids[0], Continuous: true, Docs: 4, Hosts: 2})
	b := c.CreateTransform(t, acctest.TransformSpec{ID: ids[1], Docs: 4, Hosts: 2})
	cc := c.CreateTransform(t, acctest.TransformSpec{ID: ids[2], Docs: 4, Hosts: 2})
	c.StartTransform(t, a.ID)
	c.WaitForCheckpoint(t, a.ID, 1)

	step := func(expr string, want ...string) resource.TestStep {
		return resource.TestStep{
			PreConfig:         c.ClearRequests,
			ConfigDirectory:   transformsConfig,
			ConfigVariables:   vars(expr, nil),
			ConfigStateChecks: []statecheck.StateCheck{expectIDs(want...)},
			Check:             expectPages(c, expr, true, 1),
		}
	}
	wildcard := step(prefix+"-*", a.ID, b.ID, cc.ID)
	wildcard.ConfigStateChecks = append(wildcard.ConfigStateChecks,
		statecheck.ExpectKnownValue(dataName, tfjsonpath.New("transforms"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"transform_id": knownvalue.StringExact(a.ID),
				"state":        knownvalue.StringRegexp(regexp.MustCompile(`^(started|indexing)$`)),
				"dest_index":   knownvalue.StringExact(a.DestIndex),
				"continuous":   knownvalue.Bool(true),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"transform_id": knownvalue.StringExact(b.ID),
				"state":        knownvalue.StringExact("stopped"),
				"dest_index":   knownvalue.StringExact(b.DestIndex),
				"continuous":   knownvalue.Bool(false),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"transform_id": knownvalue.StringExact(cc.ID),
				"state":        knownvalue.StringExact("stopped"),
				"dest_index":   knownvalue.StringExact(cc.DestIndex),
				"continuous":   knownvalue.Bool(false),
			}),
		})))
	spaced := step(cc.ID+", "+a.ID, a.ID, cc.ID)
	spaced.Check = expectPages(c, cc.ID+","+a.ID, true, 1)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			wildcard,
			step(b.ID, b.ID),                  // an exact id
			step(cc.ID+","+a.ID, a.ID, cc.ID), // a list, sorted
			step(cc.ID+","+prefix+"-*", a.ID, b.ID, cc.ID), // overlapping tokens, each transform once
			spaced,
		},
	})
}

// Every transform, by default or by name: the test's transforms are among
// them (a real cluster may hold others), and ids are sorted.
func TestAccTransforms_everyTransform(t *testing.T) {
	c := acctest.New(t)
	_, ids := c.TransformIDs(t, "b", "a")
	for _, id := range ids {
		c.CreateTransform(t, acctest.TransformSpec{ID: id})
	}
	holdsSortedIDs := func(s *terraform.State) error {
		attrs := s.RootModule().Resources[dataName].Primary.Attributes
		n, _ := strconv.Atoi(attrs["ids.#"])
		got := make([]string, n)
		for i := range got {
			got[i] = attrs["ids."+strconv.Itoa(i)]
			if tid := attrs["transforms."+strconv.Itoa(i)+".transform_id"]; tid != got[i] {
				return fmt.Errorf("transforms[%d] is %q, ids[%d] %q", i, tid, i, got[i])
			}
		}
		if !sort.StringsAreSorted(got) {
			return fmt.Errorf("ids not sorted: %q", got)
		}
		for _, id := range ids {
			if i := sort.SearchStrings(got, id); i == len(got) || got[i] != id {
				return fmt.Errorf("%s missing from %q", id, got)
			}
		}
		if attrs["transforms.#"] != attrs["ids.#"] {
			return fmt.Errorf("%s transforms for %s ids", attrs["transforms.#"], attrs["ids.#"])
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{PreConfig: c.ClearRequests, ConfigDirectory: transformsConfig, ConfigVariables: vars("", nil),
				Check: resource.ComposeTestCheckFunc(holdsSortedIDs, expectPages(c, "_all", true, 1))},
			{PreConfig: c.ClearRequests, ConfigDirectory: transformsConfig, ConfigVariables: vars("*", ptr(false)),
				Check: resource.ComposeTestCheckFunc(holdsSortedIDs, expectPages(c, "*", false, 1))},
		},
	})
}

func TestAccTransforms_noMatch(t *testing.T) {
	c := acctest.New(t)
	prefix, ids := c.TransformIDs(t, "a")
	c.CreateTransform(t, acctest.TransformSpec{ID: ids[0]})
	none := prefix + "-none"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				// A wildcard that matches nothing is an empty result...
				PreConfig:       c.ClearRequests,
				ConfigDirectory: transformsConfig,
				ConfigVariables: vars(none+"-*", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expectIDs(),
					statecheck.ExpectKnownValue(dataName, tfjsonpath.New("transforms"), knownvalue.ListSizeExact(0)),
				},
				Check: expectPages(c, none+"-*", true, 1),
			},
			{
				// ...and an error with allow_no_match = false.
				ConfigDirectory: transformsConfig,
				ConfigVariables: vars(none+"-*", ptr(false)),
				ExpectError:     acctest.ErrorText(`No transform matches "` + none + `-*" … Transform with id [` + none + `-*] could not be found`),
			},
			{
				// An exact id must match even with allow_no_match = true.
				ConfigDirectory: transformsConfig,
				ConfigVariables: vars(none, ptr(true)),
				ExpectError:     acctest.ErrorText(`No transform matches "` + none + `" … Transform with id [` + none + `] could not be found`),
			},
			{
				// In a list, the error names only what did not match.
				ConfigDirectory: transformsConfig,
				ConfigVariables: vars(ids[0]+","+none+","+prefix+"-*", nil),
				ExpectError:     acctest.ErrorText(`Transform with id [` + none + `] could not be found`),
			},
		},
	})
}

func TestAccTransforms_invalidExpressionSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"", " , ", "Upper", "a b", "a/b", "tf-?", "a,#"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: transformsConfig,
				ConfigVariables: config.Variables{"transform_id": config.StringVariable(bad)},
				PlanOnly:        true,
				ExpectError:     acctest.ErrorText("Invalid transform id expression"),
			}},
		})
	}
	if got := c.Calls("/"); len(got) != 0 {
		t.Fatalf("an invalid expression must cost no request, got %q", got)
	}
}

// More transforms than one answer holds: every page of the transforms,
// then every page of their statistics, two requests a page.
func TestAccTransforms_moreThanOnePage(t *testing.T) {
	if acctest.RealClusterConfigured() {
		t.Skip("creates 1,001 transforms with a source index each, past a node's default limit of 1,000 shards; the emulator pages as Elasticsearch does")
	}
	c := acctest.New(t)
	suffixes := make([]string, pageSize+1)
	for i := range suffixes {
		suffixes[i] = fmt.Sprintf("t%04d", i)
	}
	prefix, ids := c.TransformIDs(t, suffixes...)
	for _, id := range ids {
		c.CreateTransform(t, acctest.TransformSpec{ID: id, Docs: 1, Hosts: 1})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: transformsConfig,
			ConfigVariables: vars(prefix+"-*", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectIDs(ids...),
				// The last transform's state comes from the second page
				// of statistics.
				statecheck.ExpectKnownValue(dataName, tfjsonpath.New("transforms").AtSliceIndex(pageSize), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"transform_id": knownvalue.StringExact(ids[pageSize]),
					"state":        knownvalue.StringExact("stopped"),
					"dest_index":   knownvalue.StringExact("tfacc-dest-" + ids[pageSize]),
					"continuous":   knownvalue.Bool(false),
				})),
			},
			Check: expectPages(c, prefix+"-*", true, 2),
		}},
	})
}
