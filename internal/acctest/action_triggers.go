package acctest

// Terraform 1.16 lets an action_trigger say what a failed action does to
// the apply (on_failure = halt, the default; taint; continue), and invoke
// actions when a resource is destroyed (before_destroy, after_destroy).
// RunActionTriggerTests drives one action through each of these with the
// CLI. An action joins with a TriggeredAction: its type, its action block,
// and how to make it fail or succeed.

import (
	"bytes"
	"embed"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"text/template"

	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// ActionTriggersMinimum is the first Terraform with on_failure and the
// destroy events.
const ActionTriggersMinimum = "1.16.0"

// TriggeredAction is one action under RunActionTriggerTests.
type TriggeredAction struct {
	// Type is the action's type.
	Type string
	// ConfigDir holds the action's block, named "test", configured by
	// variables.
	ConfigDir string
	// Failing returns variables with which the action fails once invoked
	// (its plan passes), and the summary of its error.
	Failing func(t *testing.T, c *Cluster) (vars config.Variables, errorSummary string)
	// Succeeding sets up what the action acts on and returns variables with
	// which it succeeds, and a check that it did its work: what
	// Elasticsearch received since the run that invoked it began, and what
	// it holds.
	Succeeding func(t *testing.T, c *Cluster) (vars config.Variables, check func(t *testing.T))
}

//go:embed action_triggers/*.tf.tmpl
var actionTriggerConfigs embed.FS

var actionTriggerTemplates = template.Must(template.ParseFS(actionTriggerConfigs, "action_triggers/*.tf.tmpl"))

// trigger is what a template needs: the action's type, the event (destroy
// template) and on_failure (empty: not set).
type trigger struct {
	Type, Event, OnFailure string
}

// RunActionTriggerTests runs the on_failure and destroy event tests of one
// action, in parallel subtests, each against its own cluster. It skips
// below Terraform 1.16 and under OpenTofu.
func RunActionTriggerTests(t *testing.T, a TriggeredAction) {
	t.Helper()
	RequireTerraform(t, ActionTriggersMinimum)
	t.Run("after_create", func(t *testing.T) {
		for _, onFailure := range []string{"", "halt", "taint", "continue"} {
			name := "on_failure=" + onFailure
			if onFailure == "" {
				name = "on_failure_unset"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				failedOnCreate(t, a, onFailure)
			})
		}
	})
	t.Run("destroy", func(t *testing.T) {
		for _, event := range []string{"before_destroy", "after_destroy"} {
			t.Run(event+"_invokes_the_action", func(t *testing.T) {
				t.Parallel()
				destroyInvokes(t, a, event)
			})
		}
		t.Run("deleting_the_block_skips_the_action", func(t *testing.T) {
			t.Parallel()
			blockDeleted(t, a)
		})
		for _, f := range destroyFailures {
			t.Run(f.name, func(t *testing.T) {
				t.Parallel()
				failedOnDestroy(t, a, f)
			})
		}
	})
}

// An action invoked after its resource was created fails. halt (also
// when on_failure is unset) and taint fail the apply where it is: the
// resource that depends on the triggering one is not created; continue
// turns the error into a warning and lets the apply finish. Only taint
// marks the triggering resource, so that the next apply (here with an
// action that succeeds) replaces it and invokes the action again; after
// halt or continue the next apply invokes nothing.
func failedOnCreate(t *testing.T, a TriggeredAction, onFailure string) {
	c := New(t)
	failing, summary := a.Failing(t, c)
	succeeding, check := a.Succeeding(t, c)
	w := c.newTriggerCLI(t, a, "after_create.tf.tmpl", trigger{Type: a.Type, OnFailure: onFailure}, failing)

	out := w.JSON(t, "apply")
	wantSeverity, goesOn := "error", onFailure == "continue"
	if goesOn {
		wantSeverity = "warning"
	}
	expectOneDiagnostic(t, out, wantSeverity, summary)
	if out.Failed == goesOn {
		t.Errorf("on_failure %q: the apply failed = %v, want %v", onFailure, out.Failed, !goesOn)
	}
	state := w.State(t)
	if r, ok := state["terraform_data.trigger"]; !ok || r.Tainted != (onFailure == "taint") {
		t.Errorf("on_failure %q: terraform_data.trigger in the state: %v, tainted: %v", onFailure, ok, r.Tainted)
	}
	if _, ok := state["terraform_data.downstream"]; ok != goesOn {
		t.Errorf("on_failure %q: the resource after the trigger was created = %v, want %v", onFailure, ok, goesOn)
	}

	w.SetVariables(t, succeeding)
	c.ClearRequests()
	out = w.JSON(t, "apply")
	expectNoDiagnostics(t, out)
	invoked := len(out.Hooks("action_complete")) > 0
	if invoked != (onFailure == "taint") {
		t.Fatalf("on_failure %q: the next apply invoked the action = %v, want %v", onFailure, invoked, onFailure == "taint")
	}
	if invoked {
		check(t)
	} else {
		c.expectNoWrites(t)
	}
	if r := w.State(t)["terraform_data.trigger"]; r.Tainted {
		t.Error("terraform_data.trigger is still tainted")
	}
}

// terraform destroy invokes the action on before_destroy or after_destroy
// of the resource that triggers it. Terraform reports that resource's
// destroy as started before, and complete only after, the action's
// requests; creating it invoked nothing.
func destroyInvokes(t *testing.T, a TriggeredAction, event string) {
	c := New(t)
	vars, check := a.Succeeding(t, c)
	w := c.newTriggerCLI(t, a, "destroy.tf.tmpl", trigger{Type: a.Type, Event: event}, vars)
	c.ClearRequests()
	out := w.JSON(t, "apply")
	expectNoDiagnostics(t, out)
	c.expectNoWrites(t)

	c.ClearRequests()
	out = w.JSON(t, "destroy")
	expectNoDiagnostics(t, out)
	check(t)
	if len(w.State(t)) != 0 {
		t.Errorf("left in the state: %v", w.State(t))
	}

	const source = "terraform_data.source"
	start, okStart := HookFor(out.Hooks("apply_start"), source, "delete")
	done, okDone := HookFor(out.Hooks("apply_complete"), source, "delete")
	action, okAction := HookFor(out.Hooks("action_complete"), source, map[string]string{"before_destroy": "BeforeDestroy", "after_destroy": "AfterDestroy"}[event])
	if !okStart || !okDone || !okAction {
		t.Fatalf("want the destroy of %s started and complete and the action complete on %s, got: %v %v %v", source, event, okStart, okDone, okAction)
	}
	if action.Index < start.Index || done.Index < action.Index {
		t.Errorf("messages: destroy started at %d, action complete at %d, destroy complete at %d", start.Index, action.Index, done.Index)
	}
	writes := c.writes()
	if len(writes) == 0 {
		t.Fatal("Elasticsearch received nothing but reads")
	}
	for _, r := range writes {
		if r.Time.Before(start.Time) || r.Time.After(done.Time) {
			t.Errorf("%s %s at %s: not within the destroy (%s to %s)", r.Method, r.Path, r.Time.Format("15:04:05.000000"), start.Time.Format("15:04:05.000000"), done.Time.Format("15:04:05.000000"))
		}
	}
}

// A destroy event is part of the resource's block: deleting the block
// destroys the resource without invoking the action (a removed block
// cannot hold an action_trigger).
func blockDeleted(t *testing.T, a TriggeredAction) {
	c := New(t)
	vars, _ := a.Succeeding(t, c)
	w := c.newTriggerCLI(t, a, "destroy.tf.tmpl", trigger{Type: a.Type, Event: "before_destroy"}, vars)
	expectNoDiagnostics(t, w.JSON(t, "apply"))

	must(t, os.WriteFile(filepath.Join(w.Dir, "triggers.tf"), nil, 0o600))
	c.ClearRequests()
	out := w.JSON(t, "apply")
	expectNoDiagnostics(t, out)
	if n := len(out.Hooks("action_start")); n != 0 {
		t.Errorf("%d actions invoked", n)
	}
	c.expectNoWrites(t)
	if _, ok := w.State(t)["terraform_data.source"]; ok {
		t.Error("terraform_data.source is still in the state")
	}
}

// destroyFailure is an action that fails on a destroy event, and what
// becomes of the resource that triggered it.
type destroyFailure struct {
	name, event, onFailure string
	// destroy runs terraform destroy; otherwise an apply replaces the
	// resource (a new generation).
	destroy bool
	// failed is whether the run fails (else the error is a warning);
	// generation what the state holds after it: "g1" (the resource was
	// kept), "g2" (replaced), "" (destroyed).
	failed     bool
	generation string
}

var destroyFailures = []destroyFailure{
	// Before the destroy, a failed action stops it: the resource is kept.
	{name: "failing_before_destroy_keeps_the_resource", event: "before_destroy", failed: true, generation: "g1"},
	// taint taints only a resource just created: here it is halt.
	{name: "failing_before_destroy_on_failure=taint_keeps_it_untainted", event: "before_destroy", onFailure: "taint", failed: true, generation: "g1"},
	{name: "failing_before_destroy_on_failure=continue_replaces_it", event: "before_destroy", onFailure: "continue", generation: "g2"},
	// After the destroy, the resource is gone and its successor not created.
	{name: "failing_after_destroy_leaves_it_destroyed", event: "after_destroy", failed: true},
	// terraform destroy never stops for an action: the error is a warning
	// whatever on_failure says.
	{name: "failing_before_destroy_never_stops_terraform_destroy", event: "before_destroy", destroy: true},
}

func failedOnDestroy(t *testing.T, a TriggeredAction, f destroyFailure) {
	c := New(t)
	vars, summary := a.Failing(t, c)
	w := c.newTriggerCLI(t, a, "destroy.tf.tmpl", trigger{Type: a.Type, Event: f.event, OnFailure: f.onFailure}, vars)
	expectNoDiagnostics(t, w.JSON(t, "apply"))

	var out CLIOutput
	if f.destroy {
		out = w.JSON(t, "destroy")
	} else {
		out = w.JSON(t, "apply", "-var=generation=g2")
	}
	severity := "warning"
	if f.failed {
		severity = "error"
	}
	expectOneDiagnostic(t, out, severity, summary)
	if out.Failed != f.failed {
		t.Errorf("the run failed = %v, want %v", out.Failed, f.failed)
	}
	r, ok := w.State(t)["terraform_data.source"]
	got, _ := r.Values["triggers_replace"].(string)
	if !ok {
		got = ""
	}
	if got != f.generation || r.Tainted {
		t.Errorf("terraform_data.source in the state: generation %q (tainted: %v), want %q", got, r.Tainted, f.generation)
	}
}

// newTriggerCLI is a working directory with the action's block, the named
// trigger template and vars.
func (c *Cluster) newTriggerCLI(t *testing.T, a TriggeredAction, name string, tr trigger, vars config.Variables) *CLI {
	t.Helper()
	files := configFiles(t, a.ConfigDir)
	var b bytes.Buffer
	must(t, actionTriggerTemplates.ExecuteTemplate(&b, name, tr))
	files["triggers.tf"] = b.String()
	v, err := json.Marshal(vars)
	must(t, err)
	files["terraform.tfvars.json"] = string(v)
	return c.NewCLI(t, files)
}

// expectOneDiagnostic checks that the run reported exactly one
// diagnostic, of the given severity and summary.
func expectOneDiagnostic(t *testing.T, out CLIOutput, severity, summary string) {
	t.Helper()
	if len(out.Diagnostics) != 1 || out.Diagnostics[0].Severity != severity || out.Diagnostics[0].Summary != summary {
		t.Errorf("want one %s %q, got %+v", severity, summary, out.Diagnostics)
	}
}

func expectNoDiagnostics(t *testing.T, out CLIOutput) {
	t.Helper()
	for _, d := range out.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
}

// writes are the requests received since the last ClearRequests that
// change something: all but reads.
func (c *Cluster) writes() []emulator.Request {
	var writes []emulator.Request
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writes = append(writes, r)
		}
	}
	return writes
}

func (c *Cluster) expectNoWrites(t *testing.T) {
	t.Helper()
	for _, r := range c.writes() {
		t.Errorf("Elasticsearch received %s %s", r.Method, r.Path)
	}
}
