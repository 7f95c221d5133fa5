package acctest

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// ActionHarness is one action served through the protocol (protocol.go,
// protocol_actions.go) against an emulator of its own, with the provider's
// clock in the test's hands: no CLI needed, so action tests run wherever
// unit tests run.
type ActionHarness struct {
	*ProtocolServer
	t  *testing.T
	ES *emulator.Server
	// Cluster is the emulator's, for its fixtures.
	Cluster *Cluster
	Type    string
	// ActionSchema is the action's (Schema, the provider's, holds it).
	ActionSchema *tfprotov6.Schema
	Clock        *FakeClock
}

// NewActionHarness serves a provider configured for a fresh emulator;
// endpoint false leaves the provider without one.
func NewActionHarness(t *testing.T, actionType string, endpoint bool, opts ...emulator.Option) *ActionHarness {
	t.Helper()
	es := emulator.New(opts...)
	es.Start()
	t.Cleanup(es.Close)
	c := OnEmulator(es)
	if !endpoint {
		c.SetEnv("ELASTICSEARCH_ENDPOINTS", "")
	}
	clock := NewFakeClock(t)
	server := c.ServeProtocolWithClock(t, clock)
	as := server.Schema.ActionSchemas[actionType]
	if as == nil {
		t.Fatalf("no action %s in the provider's schema", actionType)
	}
	return &ActionHarness{ProtocolServer: server, t: t, ES: es, Cluster: c, Type: actionType, ActionSchema: as.Schema, Clock: clock}
}

// Validate validates the configuration as Terraform does first.
func (h *ActionHarness) Validate(set map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	return h.ValidateAction(h.t, h.Type, set)
}

// Plan plans the action.
func (h *ActionHarness) Plan(set map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	return h.PlanAction(h.t, h.Type, set)
}

// Invoke starts an invocation.
func (h *ActionHarness) Invoke(set map[string]any) *Invocation {
	h.t.Helper()
	return h.InvokeAction(h.t, h.Type, set)
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
