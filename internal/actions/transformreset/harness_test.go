package transformreset_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

const actionType = "elasticsearch_transform_reset"

// harness is acctest.ActionHarness for this action, with a client to set
// transforms up in its emulator.
type harness struct {
	*acctest.ActionHarness
	t      *testing.T
	client *esclient.Client
}

func newHarness(t *testing.T, endpoint bool, opts ...emulator.Option) *harness {
	t.Helper()
	h := acctest.NewActionHarness(t, actionType, endpoint, opts...)
	client, err := esclient.New(esclient.Config{Endpoints: []string{h.ES.URL()}})
	if err != nil {
		t.Fatal(err)
	}
	return &harness{ActionHarness: h, t: t, client: client}
}

func (h *harness) do(call string, req esapi.Request) {
	h.t.Helper()
	if err := h.client.Do(context.Background(), req, nil); err != nil {
		h.t.Fatalf("%s: %v", call, err)
	}
}

// transform creates a transform over 10 source documents of 3 hosts:
// continuous (it passes only when triggered) or batch. The request log is
// cleared after.
func (h *harness) transform(id string, continuous bool) {
	h.t.Helper()
	src := "src-" + id
	h.do("create "+src, esapi.IndicesCreateRequest{Index: src, Body: strings.NewReader(
		`{"mappings":{"properties":{"host":{"type":"keyword"},"bytes":{"type":"long"},"timestamp":{"type":"date"}}}}`)})
	var bulk strings.Builder
	first := time.Now().Add(-time.Hour)
	for i := range 10 {
		fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"host\":\"host-%d\",\"bytes\":%d,\"timestamp\":%d}\n", i%3, 100+i, first.Add(time.Duration(i)*time.Second).UnixMilli())
	}
	h.do("fill "+src, esapi.BulkRequest{Index: src, Body: strings.NewReader(bulk.String()), Refresh: "true"})
	sync := ""
	if continuous {
		sync = `"frequency":"1h","sync":{"time":{"field":"timestamp","delay":"1s"}},`
	}
	body := `{"source":{"index":"` + src + `"},"dest":{"index":"dest-` + id + `"},` + sync +
		`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"bytes":{"sum":{"field":"bytes"}}}}}`
	h.do("put "+id, esapi.TransformPutTransformRequest{TransformID: id, Body: strings.NewReader(body)})
	h.ES.ClearRequests()
}

// run starts the transform and waits for its first checkpoint. The
// request log is cleared after.
func (h *harness) run(id string) emulator.TransformSnapshot {
	h.t.Helper()
	h.do("start "+id, esapi.TransformStartTransformRequest{TransformID: id})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		tf, _ := h.ES.Transform(id)
		if tf.Checkpoint == 1 && (tf.Continuous && tf.State == "started" || tf.State == "stopped") {
			h.ES.ClearRequests()
			return tf
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("transform %s never reached checkpoint 1: %+v", id, tf)
		}
	}
}

func (h *harness) snapshot(id string) emulator.TransformSnapshot {
	h.t.Helper()
	tf, ok := h.ES.Transform(id)
	if !ok {
		h.t.Fatalf("transform %s does not exist", id)
	}
	return tf
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func stop(id string) string { return "POST /_transform/" + id + "/_stop?wait_for_completion=true" }
func forceStop(id string) string {
	return "POST /_transform/" + id + "/_stop?force=true&wait_for_completion=true"
}
func reset(id string) string     { return "POST /_transform/" + id + "/_reset" }
func start(id string) string     { return "POST /_transform/" + id + "/_start" }
func statsRead(id string) string { return "GET /_transform/" + id + "/_stats" }
