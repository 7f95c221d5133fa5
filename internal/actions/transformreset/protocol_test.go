package transformreset_test

// Tests through the provider protocol, as Terraform 1.14 calls the action:
// they need no CLI, so they run wherever the unit tests run.

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func TestSchemaHasTheAction(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	want := map[string]struct {
		typ      tftypes.Type
		required bool
	}{
		"transform_id": {tftypes.String, true},
		"force_stop":   {tftypes.Bool, false},
		"after_reset":  {tftypes.String, false},
		"timeout":      {tftypes.String, false},
	}
	if len(h.ActionSchema.Block.Attributes) != len(want) || len(h.ActionSchema.Block.BlockTypes) != 0 {
		t.Fatalf("want exactly the attributes %v, got %d attributes and %d blocks", want, len(h.ActionSchema.Block.Attributes), len(h.ActionSchema.Block.BlockTypes))
	}
	for _, a := range h.ActionSchema.Block.Attributes {
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
		{name: "transform id only", set: map[string]any{"transform_id": "sales-by-host"}},
		{name: "every attribute", set: map[string]any{"transform_id": "sales", "force_stop": true, "after_reset": "restore", "timeout": "1h30m"}},
		{name: "id Elasticsearch refuses", set: map[string]any{"transform_id": "Sales"}, attribute: "transform_id", summary: "Invalid transform id"},
		{name: "_all", set: map[string]any{"transform_id": "_all"}, attribute: "transform_id", summary: "Invalid transform id"},
		{name: "a job's after_reset", set: map[string]any{"transform_id": "t", "after_reset": "closed"}, attribute: "after_reset", summary: "Invalid Attribute Value Match"},
		{name: "timeout not a duration", set: map[string]any{"transform_id": "t", "timeout": "20 minutes"}, attribute: "timeout", summary: "Invalid timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := h.Validate(tc.set)
			if tc.summary == "" {
				acctest.ExpectNoDiagnostics(t, diags)
				return
			}
			acctest.ExpectError(t, diags, tc.attribute, tc.summary)
		})
	}
	h.ExpectRequests() // validation reads nothing
}

// The version gate fails the plan, so a cluster too old for a transform
// reset receives nothing but the version read; serverless passes.
func TestPlanChecksTheVersionGate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		opts   []emulator.Option
		detail string
	}{
		{name: "supported", opts: []emulator.Option{emulator.WithVersion("8.1.0")}},
		{name: "too old", opts: []emulator.Option{emulator.WithVersion("8.0.1")},
			detail: "The transform reset API needs Elasticsearch 8.1.0 or later; the cluster runs 8.0.1."},
		{name: "serverless", opts: []emulator.Option{emulator.WithVersion("8.0.1"), emulator.WithServerless()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, true, tc.opts...)
			diags := h.Plan(map[string]any{"transform_id": "sales"})
			if tc.detail == "" {
				acctest.ExpectNoDiagnostics(t, diags)
			} else {
				acctest.ExpectError(t, diags, "", "Elasticsearch version too old", tc.detail)
			}
			h.ExpectRequests("GET /")
		})
	}
	t.Run("id unknown", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true, emulator.WithVersion("8.0.1"))
		acctest.ExpectNoDiagnostics(t, h.Plan(map[string]any{"transform_id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}))
		h.ExpectRequests()
	})
}

// A stop that waits for the checkpoint under way says so every tick; then
// the reset, and the time it all took.
func TestInvokeReportsEachStep(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.transform("sales", false)
	release := sync.OnceFunc(h.ES.HoldTransformPasses())
	t.Cleanup(release)
	must(t, h.ES.SetTransformState("sales", "started")) // its pass holds in indexing
	h.ES.ClearRequests()

	inv := h.Invoke(map[string]any{"transform_id": "sales"})
	inv.ExpectProgress(`Stopping transform "sales"`)
	h.Clock.Tick(10 * time.Second)
	inv.ExpectProgress(`Still waiting for the stop of transform "sales": 10s elapsed`)
	release()
	inv.ExpectProgress(`Resetting transform "sales"`)
	progress, diags := inv.Finish()
	acctest.ExpectNoDiagnostics(t, diags)
	if strings.Join(progress, "\n") != `Transform "sales" reset in 0s` {
		t.Errorf("last progress: %q", progress)
	}
	h.ExpectRequests("GET /", stop("sales"), reset("sales"))
	if tf := h.snapshot("sales"); tf.Resets != 1 || tf.State != "stopped" || tf.Checkpoint != 0 || tf.DocumentsProcessed != 0 {
		t.Errorf("transform not reset: %+v", tf)
	}
}

// restore reads the state first and starts again what ran; started starts
// whatever ran. Each says so.
func TestInvokeAfterReset(t *testing.T) {
	t.Parallel()
	t.Run("restore", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true)
		h.transform("sales", true)
		h.run("sales")
		inv := h.Invoke(map[string]any{"transform_id": "sales", "after_reset": "restore"})
		inv.ExpectProgress(`Reading the state of transform "sales", to bring it back after the reset`)
		inv.ExpectProgress(`Stopping transform "sales"`)
		inv.ExpectProgress(`Resetting transform "sales"`)
		inv.ExpectProgress(`Transform "sales" reset; starting it`)
		inv.ExpectProgress(`Transform "sales" reset in 0s`)
		_, diags := inv.Finish()
		acctest.ExpectNoDiagnostics(t, diags)
		h.ExpectRequests("GET /", statsRead("sales"), stop("sales"), reset("sales"), start("sales"))
		if tf := h.snapshot("sales"); tf.Resets != 1 || tf.State == "stopped" {
			t.Errorf("transform not started again: %+v", tf)
		}
	})
	t.Run("started", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true)
		h.transform("sales", false)
		h.run("sales")
		_, diags := h.Invoke(map[string]any{"transform_id": "sales", "after_reset": "started"}).Finish()
		acctest.ExpectNoDiagnostics(t, diags)
		h.ExpectRequests("GET /", stop("sales"), reset("sales"), start("sales"))
		if tf := h.snapshot("sales"); tf.Resets != 1 {
			t.Errorf("transform not reset: %+v", tf)
		}
	})
}

// Started again between stop and reset: stopped again, and said.
func TestInvokeStartedAgain(t *testing.T) {
	t.Parallel()
	h := newHarness(t, true)
	h.transform("sales", true)
	h.ES.StartTransformAfterNextStop("sales", 1)
	inv := h.Invoke(map[string]any{"transform_id": "sales"})
	inv.ExpectProgress(`Stopping transform "sales"`)
	inv.ExpectProgress(`Resetting transform "sales"`)
	inv.ExpectProgress(`Transform "sales" was started again before the reset could run`)
	inv.ExpectProgress(`Stopping transform "sales" again (attempt 2 of 3)`)
	inv.ExpectProgress(`Resetting transform "sales"`)
	_, diags := inv.Finish()
	acctest.ExpectNoDiagnostics(t, diags)
	h.ExpectRequests("GET /", stop("sales"), reset("sales"), stop("sales"), reset("sales"))
}

// Errors are the resource's, in the action's words: nothing to taint, the
// user invokes again.
func TestInvokeFailures(t *testing.T) {
	t.Parallel()
	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true)
		_, diags := h.Invoke(map[string]any{"transform_id": "nope"}).Finish()
		acctest.ExpectError(t, diags, "", `Transform "nope" not found`, `There is no transform "nope" in this cluster`, "Elasticsearch said: ")
		h.ExpectRequests("GET /", stop("nope"))
	})
	t.Run("failed without force_stop", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true)
		h.transform("sales", true)
		h.run("sales")
		must(t, h.ES.FailTransform("sales", "boom"))
		_, diags := h.Invoke(map[string]any{"transform_id": "sales"}).Finish()
		acctest.ExpectError(t, diags, "", `Transform "sales" has failed`, "set force_stop = true", "More details: [boom]")
		h.ExpectRequests("GET /", stop("sales"))

		h.ES.ClearRequests()
		_, diags = h.Invoke(map[string]any{"transform_id": "sales", "force_stop": true, "after_reset": "restore"}).Finish()
		if len(diags) != 1 || diags[0].Summary != `Transform "sales" left stopped` {
			t.Fatalf("want the left-stopped warning, got %+v", diags)
		}
		h.ExpectRequests(statsRead("sales"), forceStop("sales"), reset("sales"))
	})
	t.Run("start fails after the reset", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true)
		h.transform("sales", false)
		h.ES.InjectError("POST", "/_transform/sales/_start", 500, "exception", "node left the cluster", 1)
		_, diags := h.Invoke(map[string]any{"transform_id": "sales", "after_reset": "started"}).Finish()
		d := acctest.ExpectError(t, diags, "", `Transform "sales" was reset, but starting it failed`,
			"The reset itself completed", "Invoke the action again to reset the transform again", "node left the cluster")
		if strings.Contains(d.Detail, "tainted") {
			t.Errorf("an action has nothing to taint: %q", d.Detail)
		}
		if tf := h.snapshot("sales"); tf.Resets != 1 || tf.State != "stopped" {
			t.Errorf("want the transform reset and stopped: %+v", tf)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, true)
		h.transform("sales", false)
		release := h.ES.HoldTransformPasses()
		t.Cleanup(release)
		must(t, h.ES.SetTransformState("sales", "started"))
		_, diags := h.Invoke(map[string]any{"transform_id": "sales", "timeout": "1s"}).Finish()
		acctest.ExpectError(t, diags, "", `Timed out resetting transform "sales"`,
			"did not finish within 1s", "Invoking the action again resets it again; raise timeout if")
	})
	t.Run("no endpoint", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, false)
		acctest.ExpectNoDiagnostics(t, h.Plan(map[string]any{"transform_id": "sales"}))
		_, diags := h.Invoke(map[string]any{"transform_id": "sales"}).Finish()
		acctest.ExpectError(t, diags, "", "No Elasticsearch endpoint configured", "ELASTICSEARCH_ENDPOINTS")
		h.ExpectRequests()
	})
}
