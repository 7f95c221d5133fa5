package mljobreset_test

// Tests through the provider protocol, as Terraform 1.14 calls the action:
// they need no CLI, so they run wherever the unit tests run.

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func TestSchemaHasTheAction(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	want := map[string]struct {
		typ      tftypes.Type
		required bool
	}{
		"job_id":                  {tftypes.String, true},
		"delete_user_annotations": {tftypes.Bool, false},
		"wait_for_completion":     {tftypes.Bool, false},
		"force_close":             {tftypes.Bool, false},
		"after_reset":             {tftypes.String, false},
		"datafeed_start":          {tftypes.String, false},
		"timeout":                 {tftypes.String, false},
	}
	if len(h.schema.Block.Attributes) != len(want) || len(h.schema.Block.BlockTypes) != 0 {
		t.Fatalf("want exactly the attributes %v, got %d attributes and %d blocks", want, len(h.schema.Block.Attributes), len(h.schema.Block.BlockTypes))
	}
	for _, a := range h.schema.Block.Attributes {
		w, ok := want[a.Name]
		if !ok {
			t.Errorf("unexpected attribute %q", a.Name)
			continue
		}
		if !a.Type.Equal(w.typ) || a.Required != w.required || a.Optional == w.required || a.Computed {
			t.Errorf("%s: type %v required %v optional %v computed %v", a.Name, a.Type, a.Required, a.Optional, a.Computed)
		}
	}
}

func TestValidateConfig(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	for _, tc := range []struct {
		name      string
		set       map[string]any
		attribute string
		summary   string
	}{
		{name: "job id only", set: map[string]any{"job_id": "web-latency"}},
		{name: "every attribute", set: map[string]any{"job_id": "web-latency", "delete_user_annotations": true, "wait_for_completion": false,
			"force_close": true, "after_reset": "started", "datafeed_start": "now-7d", "timeout": "1h30m"}},
		{name: "job id Elasticsearch refuses", set: map[string]any{"job_id": "Web_Latency"}, attribute: "job_id", summary: "Invalid Attribute Value Match"},
		{name: "unknown after_reset", set: map[string]any{"job_id": "j", "after_reset": "running"}, attribute: "after_reset", summary: "Invalid Attribute Value Match"},
		{name: "datafeed_start without after_reset", set: map[string]any{"job_id": "j", "datafeed_start": "now-1d"}, attribute: "datafeed_start", summary: "datafeed_start needs after_reset"},
		{name: "datafeed_start with closed", set: map[string]any{"job_id": "j", "after_reset": "closed", "datafeed_start": "now-1d"}, attribute: "datafeed_start", summary: "datafeed_start needs after_reset"},
		{name: "datafeed_start with restore", set: map[string]any{"job_id": "j", "after_reset": "restore", "datafeed_start": "now-1d"}},
		{name: "datafeed_start with after_reset unknown", set: map[string]any{"job_id": "j", "after_reset": tftypes.NewValue(tftypes.String, tftypes.UnknownValue), "datafeed_start": "now-1d"}},
		{name: "timeout not a duration", set: map[string]any{"job_id": "j", "timeout": "20 minutes"}, attribute: "timeout", summary: "Invalid timeout"},
		{name: "timeout zero", set: map[string]any{"job_id": "j", "timeout": "0s"}, attribute: "timeout", summary: "Invalid timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := h.validate(tc.set)
			if tc.summary == "" {
				expectNoDiagnostics(t, diags)
				return
			}
			expectError(t, diags, tc.attribute, tc.summary)
		})
	}
	h.expectRequests() // validation reads nothing
}

// The version gates fail the plan, so a cluster too old for a reset
// receives nothing but the version read.
func TestPlanChecksVersionGates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		version   string
		set       map[string]any
		attribute string
		detail    string
	}{
		{name: "supported", version: "8.19.0", set: map[string]any{"delete_user_annotations": true}},
		{name: "reset API too new for the cluster", version: "7.13.4",
			detail: "The reset API needs Elasticsearch 7.14.0 or later; the cluster runs 7.13.4."},
		{name: "delete_user_annotations too new", version: "8.6.2", set: map[string]any{"delete_user_annotations": true}, attribute: "delete_user_annotations",
			detail: "delete_user_annotations needs Elasticsearch 8.7.0 or later; the cluster runs 8.6.2. Remove the attribute or upgrade the cluster."},
		{name: "delete_user_annotations false on 8.6", version: "8.6.2", set: map[string]any{"delete_user_annotations": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, true, emulator.WithVersion(tc.version))
			h.es.PutJob("j")
			set := map[string]any{"job_id": "j"}
			for k, v := range tc.set {
				set[k] = v
			}
			diags := h.plan(set)
			if tc.detail == "" {
				expectNoDiagnostics(t, diags)
			} else {
				expectError(t, diags, tc.attribute, "Elasticsearch version too old", tc.detail)
			}
			h.expectRequests("GET /")
		})
	}
}

// A job id known only at apply cannot be checked yet: the plan asks
// nothing, and the apply's plan checks again.
func TestPlanWithUnknownJobIDAsksNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true, emulator.WithVersion("7.13.4"))
	expectNoDiagnostics(t, h.plan(map[string]any{"job_id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}))
	h.expectRequests()
}

// A blocking reset says each step, then every tick how long it has been
// waiting, then that it is done.
func TestInvokeSyncReset(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.trainedJob("web")
	hold := h.es.HoldNextReset("web")
	t.Cleanup(hold.Release)

	inv := h.invoke(map[string]any{"job_id": "web"})
	inv.expectProgress(`Closing ML job "web"`)
	inv.expectProgress(`Resetting ML job "web"`)
	<-hold.Reached()
	h.clock.Tick(10 * time.Second)
	inv.expectProgress(`Still waiting for the reset of ML job "web": 10s elapsed`)
	h.clock.Tick(20 * time.Second)
	inv.expectProgress(`Still waiting for the reset of ML job "web": 20s elapsed`)
	hold.Release()

	progress, diags := inv.finish()
	expectNoDiagnostics(t, diags)
	if strings.Join(progress, "\n") != `ML job "web" reset in 0s` {
		t.Errorf("last progress: %q", progress)
	}
	h.expectRequests("GET /", "POST /_ml/anomaly_detectors/web/_close", "POST /_ml/anomaly_detectors/web/_reset")
	if j := h.job("web"); j.State != "closed" || j.ProcessedRecords != 0 || j.ModelSnapshotID != "" || j.ResetCount != 1 || j.BlockedReason != "" {
		t.Errorf("job not reset: %+v", j)
	}
}

// An asynchronous reset names its task, from the start and in every
// "still waiting", and follows it with the tasks API's long poll.
func TestInvokeAsyncReset(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.trainedJob("web")
	hold := h.es.HoldNextReset("web")
	t.Cleanup(hold.Release)

	inv := h.invoke(map[string]any{"job_id": "web", "wait_for_completion": false, "delete_user_annotations": true})
	inv.expectProgress(`Closing ML job "web"`)
	<-hold.Reached()
	taskID := h.job("web").BlockedTaskID
	if taskID == "" {
		t.Fatal("the held reset blocks the job with no task")
	}
	inv.expectProgress(`Reset of ML job "web" started as task ` + taskID)
	h.clock.Tick(10 * time.Second)
	inv.expectProgress(`Still waiting for the reset of ML job "web" (task ` + taskID + `): 10s elapsed`)
	hold.Release()

	progress, diags := inv.finish()
	expectNoDiagnostics(t, diags)
	if strings.Join(progress, "\n") != `ML job "web" reset (task `+taskID+`) in 0s` {
		t.Errorf("last progress: %q", progress)
	}
	h.expectRequests("GET /", "POST /_ml/anomaly_detectors/web/_close",
		"POST /_ml/anomaly_detectors/web/_reset?delete_user_annotations=true&wait_for_completion=false",
		"GET /_tasks/"+taskID+"?timeout=<t>&wait_for_completion=true")
	if j := h.job("web"); j.State != "closed" || j.ProcessedRecords != 0 || j.ResetCount != 1 {
		t.Errorf("job not reset: %+v", j)
	}
}

// Behind a gateway that cuts the blocking reset, the user hears once that
// the wait was cut, then the task followed in every "still waiting".
func TestInvokeSyncResetBehindAGateway(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.trainedJob("web")
	hold := h.es.HoldNextReset("web")
	t.Cleanup(hold.Release)
	if err := h.es.SetGateway(emulator.Gateway{Timeout: 200 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}

	inv := h.invoke(map[string]any{"job_id": "web"})
	inv.expectProgress(`Closing ML job "web"`)
	inv.expectProgress(`Resetting ML job "web"`)
	<-hold.Reached()
	taskID := h.job("web").BlockedTaskID
	inv.expectProgress(`A gateway cut the wait for Elasticsearch's answer; following the reset of ML job "web" until it ends`)
	inv.expectProgress(`The reset of ML job "web" runs as task ` + taskID)
	h.clock.Tick(10 * time.Second)
	inv.expectProgress(`Still waiting for the reset of ML job "web" (task ` + taskID + `): 10s elapsed`)
	// A poll cut too: nothing more to tell.
	for cut := false; !cut; time.Sleep(10 * time.Millisecond) {
		for _, r := range h.es.Requests() {
			cut = cut || strings.HasPrefix(r.Path, "/_tasks/") && r.GatewayAnswer != 0
		}
	}
	hold.Release()

	progress, diags := inv.finish()
	expectNoDiagnostics(t, diags)
	if strings.Join(progress, "\n") != `ML job "web" reset in 0s` {
		t.Errorf("last progress: %q", progress)
	}
	if j := h.job("web"); j.ResetCount != 1 || j.BlockedReason != "" {
		t.Errorf("want the job reset once: %+v", j)
	}
}

// after_reset = "started" opens the job and starts its datafeed from
// datafeed_start, and says so.
func TestInvokeAfterResetStarted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.es.PutJob("web")
	must(t, h.es.PutDatafeed("datafeed-web", "web"))
	h.es.ClearRequests()

	inv := h.invoke(map[string]any{"job_id": "web", "after_reset": "started", "datafeed_start": "now-1d"})
	inv.expectProgress(`Reading what ML job "web" runs, to bring it back after the reset`)
	inv.expectProgress(`Closing ML job "web"`)
	inv.expectProgress(`Resetting ML job "web"`)
	inv.expectProgress(`ML job "web" reset; opening it`)
	inv.expectProgress(`Starting datafeed "datafeed-web" of ML job "web"`)
	inv.expectProgress(`ML job "web" reset in 0s`)
	_, diags := inv.finish()
	expectNoDiagnostics(t, diags)
	h.expectRequests("GET /", "GET /_ml/anomaly_detectors/web",
		"POST /_ml/anomaly_detectors/web/_close", "POST /_ml/anomaly_detectors/web/_reset",
		"POST /_ml/anomaly_detectors/web/_open", "POST /_ml/datafeeds/datafeed-web/_start?start=now-1d")
	if j := h.job("web"); j.State != "opened" || j.DatafeedState != "started" || j.ResetCount != 1 {
		t.Errorf("job not started again: %+v", j)
	}
}

// A reset that completed but could not open the job says both, in the
// action's words: there is no state to taint, the user invokes again.
func TestInvokeAfterResetOpenFails(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.trainedJob("web")
	h.es.FailNextOpen("web", 429, "status_exception", "Could not open job because no ML nodes with sufficient capacity were found")

	_, diags := h.invoke(map[string]any{"job_id": "web", "after_reset": "started"}).finish()
	d := expectError(t, diags, "", `ML job "web" was reset, but opening it failed`,
		"The reset itself completed", "No ML node has room for the job", "Invoke the action again",
		"Elasticsearch said: ", "Could not open job because no ML nodes with sufficient capacity were found")
	if strings.Contains(d.Detail, "tainted") {
		t.Errorf("an action has nothing to taint: %q", d.Detail)
	}
	h.expectRequests("GET /", "GET /_ml/anomaly_detectors/web",
		"POST /_ml/anomaly_detectors/web/_close", "POST /_ml/anomaly_detectors/web/_reset", "POST /_ml/anomaly_detectors/web/_open")
	if j := h.job("web"); j.State != "closed" || j.ResetCount != 1 || j.ProcessedRecords != 0 {
		t.Errorf("want the job reset and closed: %+v", j)
	}
}

func TestInvokeMissingJob(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	_, diags := h.invoke(map[string]any{"job_id": "nope"}).finish()
	expectError(t, diags, "", `ML job "nope" not found`, `There is no anomaly-detection job "nope" in this cluster`, "Elasticsearch said: ")
	h.expectRequests("GET /", "POST /_ml/anomaly_detectors/nope/_close")
}

// timeout bounds the whole reset; the error names the task still running.
func TestInvokeTimeout(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.trainedJob("web")
	hold := h.es.HoldNextReset("web")
	t.Cleanup(hold.Release)

	_, diags := h.invoke(map[string]any{"job_id": "web", "wait_for_completion": false, "timeout": "1s"}).finish()
	taskID := h.job("web").BlockedTaskID
	expectError(t, diags, "", `Timed out resetting ML job "web"`,
		"did not finish within 1s", "as task "+taskID, "Invoking the action again waits for it; raise timeout if")
}

func TestInvokeWithoutEndpoint(t *testing.T) {
	t.Parallel()
	h := newHarness(t, false)
	expectNoDiagnostics(t, h.plan(map[string]any{"job_id": "web"}))
	_, diags := h.invoke(map[string]any{"job_id": "web"}).finish()
	expectError(t, diags, "", "No Elasticsearch endpoint configured", "ELASTICSEARCH_ENDPOINTS")
	h.expectRequests()
}
