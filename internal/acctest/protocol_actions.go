package acctest

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// Actions through the protocol, as Terraform 1.14 calls them, with the
// provider's clock in the test's hands: an action's tests that need no
// CLI.

// FakeClock stands still, and ticks only when the test says so.
type FakeClock struct {
	t     testing.TB
	now   time.Time
	ticks chan time.Time
}

// NewFakeClock is a clock stopped at a fixed time.
func NewFakeClock(t testing.TB) *FakeClock {
	return &FakeClock{t: t, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ticks: make(chan time.Time)}
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

// ServeProtocolWithClock is ServeProtocol with the clock the provider
// hands its actions.
func (c *Cluster) ServeProtocolWithClock(t testing.TB, clock providerdata.Clock) *ProtocolServer {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(provider.NewWithClock("test", c.getenv(), clock)())()
	must(t, err)
	return serveProtocol(t, server)
}

// actionConfig is an action's configuration: the given attributes
// (string, bool, or a tftypes.Value such as an unknown), every other one
// null.
func (s *ProtocolServer) actionConfig(t testing.TB, actionType string, set map[string]any) *tfprotov6.DynamicValue {
	t.Helper()
	schema := s.Schema.ActionSchemas[actionType]
	if schema == nil {
		t.Fatalf("no action %s", actionType)
	}
	typ := schema.Schema.ValueType()
	values := map[string]tftypes.Value{}
	for name, v := range set {
		at, ok := typ.(tftypes.Object).AttributeTypes[name]
		if !ok {
			t.Fatalf("the action %s has no attribute %q", actionType, name)
		}
		if tv, ok := v.(tftypes.Value); ok {
			values[name] = tv
			continue
		}
		values[name] = tftypes.NewValue(at, v)
	}
	return NullObject(t, typ, values)
}

func (s *ProtocolServer) actions(t testing.TB) tfprotov6.ActionServer {
	t.Helper()
	a, ok := s.ProviderServer.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider server serves no actions")
	}
	return a
}

// ValidateAction validates an action's configuration.
func (s *ProtocolServer) ValidateAction(t testing.TB, actionType string, set map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := s.actions(t).ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: actionType, Config: s.actionConfig(t, actionType, set)})
	must(t, err)
	return resp.Diagnostics
}

// PlanAction plans an action's invocation.
func (s *ProtocolServer) PlanAction(t testing.TB, actionType string, set map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := s.actions(t).PlanAction(context.Background(), &tfprotov6.PlanActionRequest{ActionType: actionType, Config: s.actionConfig(t, actionType, set)})
	must(t, err)
	return resp.Diagnostics
}

// Invocation is one InvokeAction under way: its events as they come.
type Invocation struct {
	t      testing.TB
	events chan tfprotov6.InvokeActionEvent
}

// InvokeAction starts an invocation.
func (s *ProtocolServer) InvokeAction(t testing.TB, actionType string, set map[string]any) *Invocation {
	t.Helper()
	stream, err := s.actions(t).InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: actionType, Config: s.actionConfig(t, actionType, set)})
	must(t, err)
	inv := &Invocation{t: t, events: make(chan tfprotov6.InvokeActionEvent, 100)}
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

// ExpectProgress checks the next event is this progress message.
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
