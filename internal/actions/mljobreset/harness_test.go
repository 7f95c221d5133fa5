package mljobreset_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

const actionType = "elasticsearch_ml_job_reset"

// harness drives the provider server as Terraform 1.14 does, through the
// protocol, against an emulator of its own: no CLI needed.
type harness struct {
	t      *testing.T
	es     *emulator.Server
	server tfprotov6.ProviderServer
	// actions is the same server: the action calls are not part of
	// tfprotov6.ProviderServer yet.
	actions tfprotov6.ActionServer
	schema  *tfprotov6.Schema
	// clock is the provider's: it moves only when the test says.
	clock *fakeClock
}

// newHarness serves a provider configured for a fresh emulator; endpoint
// false leaves the provider without one.
func newHarness(t *testing.T, endpoint bool, opts ...emulator.Option) *harness {
	t.Helper()
	es := emulator.New(opts...)
	url := es.Start()
	t.Cleanup(es.Close)
	getenv := func(name string) string {
		if name == "ELASTICSEARCH_ENDPOINTS" && endpoint {
			return url
		}
		return ""
	}
	clock := &fakeClock{t: t, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ticks: make(chan time.Time)}
	server, err := providerserver.NewProtocol6WithError(provider.NewWithClock("test", getenv, clock)())()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	as := schemas.ActionSchemas[actionType]
	if as == nil {
		t.Fatalf("no action %s in the provider's schema", actionType)
	}
	providerType := schemas.Provider.ValueType()
	config, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, nullAttributes(providerType)))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: &config})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server serves no actions")
	}
	return &harness{t: t, es: es, server: server, actions: actions, schema: as.Schema, clock: clock}
}

// fakeClock stands still, and ticks only when the test says so.
type fakeClock struct {
	t     *testing.T
	now   time.Time
	ticks chan time.Time
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Ticker(time.Duration) (<-chan time.Time, func()) { return c.ticks, func() {} }

// Tick delivers the tick of the time `after` from now to the invocation
// under way, and returns once it has taken it.
func (c *fakeClock) Tick(after time.Duration) {
	c.t.Helper()
	select {
	case c.ticks <- c.now.Add(after):
	case <-time.After(30 * time.Second):
		c.t.Fatal("no invocation keeps time by this provider's clock")
	}
}

func nullAttributes(typ tftypes.Type) map[string]tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, at := range typ.(tftypes.Object).AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
	}
	return values
}

// config is the action's configuration: the given attributes (string,
// bool, or a tftypes.Value such as an unknown), every other one null.
func (h *harness) config(set map[string]any) *tfprotov6.DynamicValue {
	h.t.Helper()
	typ := h.schema.ValueType()
	values := nullAttributes(typ)
	for name, v := range set {
		at, ok := typ.(tftypes.Object).AttributeTypes[name]
		if !ok {
			h.t.Fatalf("the action has no attribute %q", name)
		}
		if tv, ok := v.(tftypes.Value); ok {
			values[name] = tv
			continue
		}
		values[name] = tftypes.NewValue(at, v)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

func (h *harness) validate(set map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.actions.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: actionType, Config: h.config(set)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (h *harness) plan(set map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.actions.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: actionType, Config: h.config(set)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

// invocation is one InvokeAction under way: its events as they come.
type invocation struct {
	t      *testing.T
	events chan tfprotov6.InvokeActionEvent
}

func (h *harness) invoke(set map[string]any) *invocation {
	h.t.Helper()
	stream, err := h.actions.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: actionType, Config: h.config(set)})
	if err != nil {
		h.t.Fatal(err)
	}
	inv := &invocation{t: h.t, events: make(chan tfprotov6.InvokeActionEvent, 100)}
	go func() {
		defer close(inv.events)
		for ev := range stream.Events {
			inv.events <- ev
		}
	}()
	return inv
}

func (inv *invocation) next() (tfprotov6.InvokeActionEvent, bool) {
	inv.t.Helper()
	select {
	case ev, ok := <-inv.events:
		return ev, ok
	case <-time.After(30 * time.Second):
		inv.t.Fatal("no event from the action within 30s")
	}
	return tfprotov6.InvokeActionEvent{}, false
}

// expectProgress checks the next event is this progress message.
func (inv *invocation) expectProgress(want string) {
	inv.t.Helper()
	ev, ok := inv.next()
	p, isProgress := ev.Type.(tfprotov6.ProgressInvokeActionEventType)
	if !ok || !isProgress {
		inv.t.Fatalf("want progress %q, got %#v", want, ev.Type)
	}
	if p.Message != want {
		inv.t.Fatalf("progress:\n got %q\nwant %q", p.Message, want)
	}
}

// finish reads the invocation to its end: the progress messages left, and
// the diagnostics of the completed event, which must be the last.
func (inv *invocation) finish() (progress []string, diags []*tfprotov6.Diagnostic) {
	inv.t.Helper()
	for {
		ev, ok := inv.next()
		if !ok {
			inv.t.Fatal("the stream ended without a completed event")
		}
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			if _, more := <-inv.events; more {
				inv.t.Fatal("an event after the completed event")
			}
			return progress, e.Diagnostics
		}
	}
}

// requests is the emulator's request log, formatted as acctest.Call does.
func (h *harness) requests() []string {
	var calls []string
	for _, r := range h.es.Requests() {
		calls = append(calls, acctest.Call(r.Method, r.Path, r.Query))
	}
	return calls
}

func (h *harness) expectRequests(want ...string) {
	h.t.Helper()
	if got := h.requests(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("requests:\n got %q\nwant %q", got, want)
	}
}

// trainedJob creates a closed job that has learned from 50 records.
func (h *harness) trainedJob(jobID string) {
	h.t.Helper()
	h.es.PutJob(jobID)
	must(h.t, h.es.OpenJob(jobID))
	must(h.t, h.es.ProcessRecords(jobID, 50))
	must(h.t, h.es.CloseJob(jobID))
	h.es.ClearRequests()
}

func (h *harness) job(jobID string) emulator.JobSnapshot {
	h.t.Helper()
	j, ok := h.es.Job(jobID)
	if !ok {
		h.t.Fatalf("job %s does not exist", jobID)
	}
	return j
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// expectNoDiagnostics fails on any diagnostic, warnings included.
func expectNoDiagnostics(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		t.Errorf("unexpected %s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
}

// expectError checks diags are exactly one error with this summary, on
// the attribute (empty: none), whose detail holds each of details.
func expectError(t *testing.T, diags []*tfprotov6.Diagnostic, attribute, summary string, details ...string) *tfprotov6.Diagnostic {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		for _, d := range diags {
			t.Logf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
		}
		t.Fatalf("want one error %q, got %d diagnostics", summary, len(diags))
	}
	d := diags[0]
	if d.Summary != summary {
		t.Errorf("summary:\n got %q\nwant %q", d.Summary, summary)
	}
	for _, w := range details {
		if !strings.Contains(d.Detail, w) {
			t.Errorf("detail %q lacks %q", d.Detail, w)
		}
	}
	got := ""
	if d.Attribute != nil {
		got = d.Attribute.String()
	}
	want := ""
	if attribute != "" {
		want = tftypes.NewAttributePath().WithAttributeName(attribute).String()
	}
	if got != want {
		t.Errorf("attribute: got %q, want %q", got, want)
	}
	return d
}
