package transform_test

import (
	"fmt"
	"regexp"
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
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

const dataName = "data.elasticsearch_transform.test"

var transformConfig = config.StaticDirectory("testdata/transform")

func vars(id string) config.Variables {
	return config.Variables{"transform_id": config.StringVariable(id)}
}

func expect(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(dataName, tfjsonpath.New(attr), v)
}

// expectReads checks that every read of the data source sent exactly the
// transform and its statistics, in order, and nothing else went to the
// transform APIs.
func expectReads(c *acctest.Cluster, id string) func(*terraform.State) error {
	perRead := []string{"GET /_transform/" + id, "GET /_transform/" + id + "/_stats"}
	return func(*terraform.State) error {
		got := c.Calls("/_transform")
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

// during checks an RFC 3339 UTC time within [from, now].
func during(from time.Time) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		at, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return err
		}
		if at.Before(from) || at.After(time.Now()) || at.Location() != time.UTC {
			return fmt.Errorf("%q is not a UTC time during the test", v)
		}
		return nil
	})
}

func TestAccTransform_batchAfterItsRun(t *testing.T) {
	c := acctest.New(t)
	started := time.Now().Add(-time.Second) // the cluster's clock may differ a little
	f := c.CreateTransform(t, acctest.TransformSpec{Docs: 10, Hosts: 3})
	c.StartTransform(t, f.ID)
	c.WaitForCheckpoint(t, f.ID, 1)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: transformConfig,
			ConfigVariables: vars(f.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("transform_id", knownvalue.StringExact(f.ID)),
				expect("state", knownvalue.StringExact("stopped")),
				expect("source_indices", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(f.SourceIndex)})),
				expect("dest_index", knownvalue.StringExact(f.DestIndex)),
				expect("continuous", knownvalue.Bool(false)),
				expect("checkpoint", knownvalue.Int64Exact(1)),
				expect("checkpoint_time", during(started)),
				expect("documents_processed", knownvalue.Int64Exact(10)),
				expect("documents_indexed", knownvalue.Int64Exact(3)), // one per host
				expect("health", knownvalue.StringExact("green")),
				expect("reason", knownvalue.Null()),
			},
			Check: expectReads(c, f.ID),
		}},
	})
}

func TestAccTransform_neverStarted(t *testing.T) {
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{Continuous: true})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: transformConfig,
			ConfigVariables: vars(f.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("state", knownvalue.StringExact("stopped")),
				expect("continuous", knownvalue.Bool(true)),
				expect("checkpoint", knownvalue.Int64Exact(0)),
				expect("checkpoint_time", knownvalue.Null()),
				expect("documents_processed", knownvalue.Int64Exact(0)),
				expect("documents_indexed", knownvalue.Int64Exact(0)),
				expect("health", knownvalue.StringExact("green")),
				expect("reason", knownvalue.Null()),
			},
			Check: expectReads(c, f.ID),
		}},
	})
}

// A running continuous transform is started, or indexing when it works
// on a checkpoint as it is read.
func TestAccTransform_continuousRunning(t *testing.T) {
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{Docs: 8, Hosts: 2, Continuous: true})
	c.StartTransform(t, f.ID)
	c.WaitForCheckpoint(t, f.ID, 1)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: transformConfig,
			ConfigVariables: vars(f.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("state", knownvalue.StringRegexp(regexp.MustCompile(`^(started|indexing)$`))),
				expect("continuous", knownvalue.Bool(true)),
				expect("checkpoint", knownvalue.Int64Func(func(v int64) error {
					if v < 1 {
						return fmt.Errorf("checkpoint %d, want at least 1", v)
					}
					return nil
				})),
				expect("documents_processed", knownvalue.Int64Exact(8)),
				expect("documents_indexed", knownvalue.Int64Exact(2)),
			},
		}},
	})
}

func TestAccTransform_emulated(t *testing.T) {
	acctest.ParentOfEmulated(t)

	t.Run("failed", func(t *testing.T) {
		c := acctest.NewEmulated(t)
		f := c.CreateTransform(t, acctest.TransformSpec{})
		const reason = "task encountered irrecoverable failure: no such index [tfacc-gone]"
		if err := c.Emulator.FailTransform(f.ID, reason); err != nil {
			t.Fatal(err)
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: transformConfig,
				ConfigVariables: vars(f.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("state", knownvalue.StringExact("failed")),
					expect("reason", knownvalue.StringExact(reason)),
					expect("health", knownvalue.StringExact("red")),
				},
			}},
		})
	})

	// Before 8.6 the statistics carry no health: null, still two requests.
	t.Run("8.5", func(t *testing.T) {
		c := acctest.NewEmulated(t, emulator.WithVersion("8.5.3"))
		f := c.CreateTransform(t, acctest.TransformSpec{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: transformConfig,
				ConfigVariables: vars(f.ID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("state", knownvalue.StringExact("stopped")),
					expect("health", knownvalue.Null()),
				},
				Check: expectReads(c, f.ID),
			}},
		})
	})
}

func TestAccTransform_missingTransform(t *testing.T) {
	c := acctest.New(t)
	id := c.TransformID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: transformConfig,
			ConfigVariables: vars(id),
			ExpectError:     acctest.ErrorText(`Transform "` + id + `" not found … Transform with id [` + id + `] could not be found`),
		}},
	})
}

func TestAccTransform_invalidIDSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"Upper", "tf-*", "a,b", "trailing_", "_all", strings.Repeat("a", 65)} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: transformConfig,
				ConfigVariables: vars(bad),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`transform_id (is not a valid Elasticsearch transform id|string length must be between 1 and 64)`),
			}},
		})
	}
	if got := c.Calls("/"); len(got) != 0 {
		t.Fatalf("an invalid transform id must cost no request, got %q", got)
	}
}
