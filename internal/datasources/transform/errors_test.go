package transform_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A read refused or failed by Elasticsearch says it was reading the
// transform, names it and monitor_transform (what the reads need, not the
// reset's manage_transform), and keeps Elasticsearch's reason.

func readTransform(t *testing.T, c *acctest.Cluster, id string) (summary, detail string) {
	t.Helper()
	s := c.ServeProtocol(t)
	c.ClearRequests()
	return acctest.OnlyError(t, s.ReadData(t, "elasticsearch_transform", map[string]tftypes.Value{
		"transform_id": tftypes.NewValue(tftypes.String, id),
	}))
}

func TestTransformErrors_refusedNamesMonitorTransform(t *testing.T) {
	c := acctest.NewEmulatedAs(t) // no privilege at all
	f := c.CreateTransform(t, acctest.TransformSpec{})

	summary, detail := readTransform(t, c, f.ID)
	ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
	if summary != "Missing Elasticsearch privilege" ||
		!strings.HasPrefix(ours, `Reading transform "`+f.ID+`" needs the monitor_transform cluster privilege`) ||
		strings.Contains(summary+ours, "manage_transform") || strings.Contains(summary+ours, "ML") ||
		!strings.Contains(reason, "action [cluster:monitor/transform/get] is unauthorized for user [limited]") {
		t.Fatalf("want the read, the transform and monitor_transform named, then Elasticsearch's reason; got %q / %q", summary, detail)
	}
	// Refused at the first request, the transform's.
	if got := c.Calls("/_transform"); len(got) != 1 || got[0] != "GET /_transform/"+f.ID {
		t.Fatalf("want only the GET of the transform, got %q", got)
	}
}

// The transform is read, its statistics fail: the error is the read's all
// the same.
func TestTransformErrors_failureNamesTheReadAndKeepsTheReason(t *testing.T) {
	c := acctest.NewEmulated(t)
	f := c.CreateTransform(t, acctest.TransformSpec{})
	c.Emulator.InjectError(http.MethodGet, "/_transform/"+f.ID+"/_stats", http.StatusInternalServerError,
		"exception", "shard failure reading transform stats", 100)

	summary, detail := readTransform(t, c, f.ID)
	if summary != `Reading transform "`+f.ID+`" failed` ||
		detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading transform stats" {
		t.Fatalf("want the read and the transform named, and Elasticsearch's reason; got %q / %q", summary, detail)
	}
	if got := c.Calls("/_transform"); len(got) != 2 || got[1] != "GET /_transform/"+f.ID+"/_stats" {
		t.Fatalf("want the transform, then its statistics, read; got %q", got)
	}
}
