package transformreset_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/transformreset"
)

const resourceName = "elasticsearch_transform_reset.test"

// configDir is the one configuration the tests drive through variables.
var configDir = config.StaticDirectory("testdata/reset")

// vars builds the configuration's variables: transform_id, then pairs.
var vars = acctest.TransformVariables

func transformPath(id, action string) string { return "/_transform/" + id + "/" + action }

func stopCall(id string, force bool) string {
	q := url.Values{"wait_for_completion": {"true"}}
	if force {
		q.Set("force", "true")
	}
	return acctest.Call(http.MethodPost, transformPath(id, "_stop"), q)
}

func resetCall(id string) string { return "POST " + transformPath(id, "_reset") }
func startCall(id string) string { return "POST " + transformPath(id, "_start") }
func statsCall(id string) string { return "GET " + transformPath(id, "_stats") }

// resetCalls lists the requests of the reset of transform id received
// since the last ClearRequests: those under /_transform/<id>, but not the
// refresh's read of the transform nor the plan warning's reads.
func resetCalls(c *acctest.Cluster, id string) []string {
	var calls []string
	for _, r := range c.Requests() {
		switch {
		case r.Path != "/_transform/"+id && !strings.HasPrefix(r.Path, "/_transform/"+id+"/"):
		case r.Method == http.MethodGet && r.Path == "/_transform/"+id:
		case r.Header.Get(esclient.OpaqueIDHeader) == transformreset.PlanReadOpaqueID:
		default:
			calls = append(calls, acctest.Call(r.Method, r.Path, r.Query))
		}
	}
	return calls
}

// expectCalls checks the reset's requests, in order.
func expectCalls(c *acctest.Cluster, id string, want ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := resetCalls(c, id); strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests for transform %s:\n got %q\nwant %q", id, got, want)
		}
		return nil
	}
}

// expectStoppedReset checks the transform as a reset leaves it with
// after_reset = "stopped": stopped, no checkpoint, no counters, and its
// destination gone when the transform had created it, kept otherwise.
func expectStoppedReset(c *acctest.Cluster, id string, destKept bool) func(*terraform.State) error {
	return c.CheckTransform(id, func(tf acctest.Transform) error {
		if tf.State != esclient.TransformStopped || tf.Checkpoint != 0 || tf.DocumentsProcessed != 0 || tf.DocumentsIndexed != 0 || tf.DestExists != destKept {
			return fmt.Errorf("transform %s not reset (destination kept: %v): %+v", id, destKept, tf)
		}
		return nil
	})
}

// expectUntouched checks that the transform still holds what it had made.
func expectUntouched(c *acctest.Cluster, id string, before acctest.Transform) func(*terraform.State) error {
	return c.CheckTransform(id, func(tf acctest.Transform) error {
		if tf.Checkpoint != before.Checkpoint || tf.DocumentsProcessed != before.DocumentsProcessed || !tf.DestExists {
			return fmt.Errorf("transform %s was touched: before %+v, after %+v", id, before, tf)
		}
		return nil
	})
}

// resourceChecks composes the checks of a step.
var resourceChecks = resource.ComposeTestCheckFunc
