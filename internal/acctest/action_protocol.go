package acctest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

// ActionHarness drives one action of the provider server as Terraform 1.14
// does, through the protocol, against an emulator of its own: no CLI
// needed, so action tests run wherever unit tests run. The provider keeps
// time by Clock, which moves only when the test says.
type ActionHarness struct {
	t    *testing.T
	ES   *emulator.Server
	Type string
	// Schema is the action's.
	Schema *tfprotov6.Schema
	Clock  *FakeClock
	// actions is the provider server: the action calls are not part of
	// tfprotov6.ProviderServer yet.
	actions tfprotov6.ActionServer
}

// NewActionHarness serves a provider configured for a fresh emulator;
// endpoint false leaves the provider without one.
func NewActionHarness(t *testing.T, actionType string, endpoint bool, opts ...emulator.Option) *ActionHarness {
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
	clock := &FakeClock{t: t, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ticks: make(chan time.Time)}
	server, err := providerserver.NewProtocol6WithError(provider.NewWithClock("test", getenv, clock)())()
	must(t, err)
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	as := schemas.ActionSchemas[actionType]
	if as == nil {
		t.Fatalf("no action %s in the provider's schema", actionType)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: NullObject(t, schemas.Provider.ValueType(), nil)})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, resp.Diagnostics)
	}
	actions, ok := server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server serves no actions")
	}
	return &ActionHarness{t: t, ES: es, Type: actionType, Schema: as.Schema, Clock: clock, actions: actions}
}

// FakeClock stands still, and ticks only when the test says so.
type FakeClock struct {
	t     *testing.T
	now   time.Time
	ticks chan time.Time
}

func (c *FakeClock) Now() time.Time { return c.now }

func (c *FakeClock) Ticker(time.Duration) (<-chan time.Time, func()) { return c.ticks, func() {} }

// Tick delivers the tick of the time `after` from now to the invocation
// under way, and returns once it has taken it.
func (c *FakeClock) Tick(after time.Duration) {
	c.t.Helper()
	select {
	case c.ticks <- c.now.Add(after):
	case <-time.After(30 * time.Second):
		c.t.Fatal("no invocation keeps time by this provider's clock")
	}
}

// Config is the action's configuration: the given attributes (string,
// bool, or a tftypes.Value such as an unknown), every other one null.
func (h *ActionHarness) Config(set map[string]any) *tfprotov6.DynamicValue {
	h.t.Helper()
	typ := h.Schema.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, v := range set {
		at, ok := typ.AttributeTypes[name]
		if !ok {
			h.t.Fatalf("the action has no attribute %q", name)
		}
		if tv, ok := v.(tftypes.Value); ok {
			values[name] = tv
			continue
		}
		values[name] = tftypes.NewValue(at, v)
	}
	return NullObject(h.t, typ, values)
}

// Validate validates the configuration as Terraform does first.
func (h *ActionHarness) Validate(set map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.actions.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: h.Type, Config: h.Config(set)})
	must(h.t, err)
	return resp.Diagnostics
}

// Plan plans the action.
func (h *ActionHarness) Plan(set map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.actions.PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: h.Type, Config: h.Config(set)})
	must(h.t, err)
	return resp.Diagnostics
}

// Invocation is one InvokeAction under way: its events as they come.
type Invocation struct {
	t      *testing.T
	events chan tfprotov6.InvokeActionEvent
}

// Invoke starts an invocation.
func (h *ActionHarness) Invoke(set map[string]any) *Invocation {
	h.t.Helper()
	stream, err := h.actions.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: h.Type, Config: h.Config(set)})
	must(h.t, err)
	inv := &Invocation{t: h.t, events: make(chan tfprotov6.InvokeActionEvent, 100)}
	go func() {
		defer close(inv.events)
		for ev := range stream.Events {
			inv.events <- ev
		}
	}()
	return inv
}

// Next is the next event; false once the stream has ended.
func (inv *Invocation) Next() (tfprotov6.InvokeActionEvent, bool) {
	inv.t.Helper()
	select {
	case ev, ok := <-inv.events:
		return ev, ok
	case <-time.After(30 * time.Second):
		inv.t.Fatal("no event from the action within 30s")
	}
	return tfprotov6.InvokeActionEvent{}, false
}

// ExpectProgress checks that the next event is this progress message.
func (inv *Invocation) ExpectProgress(want string) {
	inv.t.Helper()
	ev, ok := inv.Next()
	p, isProgress := ev.Type.(tfprotov6.ProgressInvokeActionEventType)
	if !ok || !isProgress {
		inv.t.Fatalf("want progress %q, got %#v", want, ev.Type)
	}
	if p.Message != want {
		inv.t.Fatalf("progress:\n got %q\nwant %q", p.Message, want)
	}
}

// Finish reads the invocation to its end: the progress messages left, and
// the diagnostics of the completed event, which must be the last.
func (inv *Invocation) Finish() (progress []string, diags []*tfprotov6.Diagnostic) {
	inv.t.Helper()
	for {
		ev, ok := inv.Next()
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

// Requests is the emulator's request log, formatted as Call does.
func (h *ActionHarness) Requests() []string {
	var calls []string
	for _, r := range h.ES.Requests() {
		calls = append(calls, Call(r.Method, r.Path, r.Query))
	}
	return calls
}

// ExpectRequests checks the emulator's request log, in order.
func (h *ActionHarness) ExpectRequests(want ...string) {
	h.t.Helper()
	if got := h.Requests(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Fatalf("requests:\n got %q\nwant %q", got, want)
	}
}

// ExpectNoDiagnostics fails on any diagnostic, warnings included.
func ExpectNoDiagnostics(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		t.Errorf("unexpected %s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
}

// ExpectError checks that diags are exactly one error with this summary,
// on the attribute (empty: none), whose detail holds each of details.
func ExpectError(t *testing.T, diags []*tfprotov6.Diagnostic, attribute, summary string, details ...string) *tfprotov6.Diagnostic {
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
	got, want := "", ""
	if d.Attribute != nil {
		got = d.Attribute.String()
	}
	if attribute != "" {
		want = tftypes.NewAttributePath().WithAttributeName(attribute).String()
	}
	if got != want {
		t.Errorf("attribute: got %q, want %q", got, want)
	}
	return d
}
