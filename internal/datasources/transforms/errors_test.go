package transforms_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A read refused or failed by Elasticsearch says it was reading the
// transforms, names their expression and monitor_transform (what the
// reads need, not the reset's manage_transform), and keeps Elasticsearch's
// reason.

func readTransforms(t *testing.T, c *acctest.Cluster, expr string) (summary, detail string) {
	t.Helper()
	s := c.ServeProtocol(t)
	c.ClearRequests()
	return acctest.OnlyError(t, s.ReadData(t, "elasticsearch_transforms", map[string]tftypes.Value{
		"transform_id": tftypes.NewValue(tftypes.String, expr),
	}))
}

func TestTransformsErrors_refusedNamesMonitorTransform(t *testing.T) {
	c := acctest.NewEmulatedAs(t) // no privilege at all
	prefix, ids := c.TransformIDs(t, "a", "b")
	for _, id := range ids {
		c.CreateTransform(t, acctest.TransformSpec{ID: id})
	}

	summary, detail := readTransforms(t, c, prefix+"-*")
	ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
	if summary != "Missing Elasticsearch privilege" ||
		!strings.HasPrefix(ours, `Reading transforms "`+prefix+`-*" needs the monitor_transform cluster privilege`) ||
		strings.Contains(summary+ours, "manage_transform") ||
		!strings.Contains(reason, "action [cluster:monitor/transform/get] is unauthorized for user [limited]") {
		t.Fatalf("want the read, the expression and monitor_transform named, then Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_transform"); len(got) != 1 || !strings.HasPrefix(got[0], "GET /_transform/"+prefix+"-*?") {
		t.Fatalf("want only the GET of the transforms, got %q", got)
	}
}

// The transforms are read, their statistics fail: the error is the read's
// all the same.
func TestTransformsErrors_failureNamesTheReadAndKeepsTheReason(t *testing.T) {
	c := acctest.NewEmulated(t)
	prefix, ids := c.TransformIDs(t, "a", "b")
	for _, id := range ids {
		c.CreateTransform(t, acctest.TransformSpec{ID: id})
	}
	c.Emulator.InjectError(http.MethodGet, "/_transform/"+prefix+"-*/_stats", http.StatusInternalServerError,
		"exception", "shard failure reading transform stats", 100)

	summary, detail := readTransforms(t, c, prefix+"-*")
	if summary != `Reading transforms "`+prefix+`-*" failed` ||
		detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading transform stats" {
		t.Fatalf("want the read and the expression named, and Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_transform"); len(got) != 2 || !strings.Contains(got[1], "/_stats?") {
		t.Fatalf("want the transforms, then their statistics, read; got %q", got)
	}
}
