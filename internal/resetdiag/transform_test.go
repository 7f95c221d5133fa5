package resetdiag

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Each error a person can act on says what to do, names the transform,
// and keeps Elasticsearch's words.
func TestDescribeTransformError(t *testing.T) {
	for _, tc := range []struct {
		name, summary string
		err           error
		detail        []string
	}{
		{"missing", `Transform "sales" not found`,
			&esclient.Error{Status: 404, Type: "resource_not_found_exception", Reason: "Transform with id [sales] could not be found"},
			[]string{`There is no transform "sales"`, "fix transform_id", "Elasticsearch said: HTTP 404 [resource_not_found_exception]: Transform with id [sales] could not be found"}},
		{"failed without force", `Transform "sales" has failed`,
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "Unable to stop transform [sales] as it is in a failed state. Use force stop to stop the transform. More details: [boom]"},
			[]string{"set force_stop = true", "More details: [boom]"}},
		{"started at every attempt", `Transform "sales" keeps being started`,
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "Cannot reset transform [sales] as the task is running. Stop the task first"},
			[]string{"stopped 3 times and started again each time", "as the task is running"}},
		{"upgrade mode", "Transforms are being upgraded",
			&esclient.Error{Status: 409, Type: "status_exception", Reason: "Cannot reset any Transform while the Transform feature is upgrading."},
			[]string{"upgrade mode", "Try again once upgrade mode is off", "while the Transform feature is upgrading"}},
		{"stop timed out", `Transform "sales" did not stop in time`,
			&esclient.Error{Status: 408, Type: "status_exception", Reason: "Could not stop the transforms [sales] as they timed out [30s]."},
			[]string{"force_stop = true", "as they timed out"}},
		{"403 names manage_transform", "Missing Elasticsearch privilege",
			&esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:admin/transform/reset] is unauthorized for user [bob]"},
			[]string{`Resetting transform "sales" needs the manage_transform cluster privilege (stop, reset and start).`, "is unauthorized for user [bob]"}},
		{"401", "Elasticsearch rejected the credentials",
			&esclient.Error{Status: 401, Type: "security_exception", Reason: "unable to authenticate user [bob]"},
			[]string{`Resetting transform "sales": check username`, "unable to authenticate"}},
		{"5xx", `Resetting transform "sales" failed`,
			&esclient.Error{Status: 500, Type: "exception", Reason: "disk full"},
			[]string{"Elasticsearch said: HTTP 500 [exception]: disk full"}},
		{"no answer", "Cannot reach Elasticsearch",
			&esclient.TransportError{Method: "POST", Path: "/_transform/sales/_stop", Err: errors.New("connection refused")},
			[]string{"connection refused"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ex := Describe(TransformResetOf("sales"), tc.err)
			if ex.Summary != tc.summary {
				t.Errorf("summary %q, want %q", ex.Summary, tc.summary)
			}
			for _, w := range tc.detail {
				if !strings.Contains(ex.Detail, w) {
					t.Errorf("want %q in %q", w, ex.Detail)
				}
			}
			if strings.Contains(ex.Summary+ex.Detail, "ML") {
				t.Errorf("a transform is no ML object: %q / %q", ex.Summary, ex.Detail)
			}
		})
	}
}

func TestTransformVersionGate(t *testing.T) {
	err := &mlreset.VersionError{Version: version.Must(version.NewVersion("8.0.1")), Unsupported: mlreset.TransformGates}
	diags := ErrorDiagnosticsOf(TransformResetOf("sales"), err)
	if len(diags) != 1 || diags[0].Summary() != "Elasticsearch version too old" ||
		diags[0].Detail() != "The transform reset API needs Elasticsearch 8.1.0 or later; the cluster runs 8.0.1." {
		t.Fatalf("got %v", diags)
	}
	if _, onAttribute := diags[0].(diag.DiagnosticWithPath); onAttribute {
		t.Fatal("the API's gate is on no attribute")
	}
}

// Cut short, the reset says so and what the next run does; after the
// reset, a failed start says the reset completed, what failed and what
// happens next, in each runner's words.
func TestTransformFailureByRunner(t *testing.T) {
	refused := &esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:admin/transform/start] is unauthorized for user [bob]"}
	for _, tc := range []struct {
		runner   Runner
		want     []string
		not      string
		deadline string
	}{
		{Resource, []string{"marked tainted, so the next apply resets the transform again and brings it back (harmless: it has not run since)."}, "Invoke",
			"The reset did not finish within 20m0s. Elasticsearch may still be stopping or resetting the transform. The next apply resets it again; raise timeouts.create if this transform takes longer to stop."},
		{Action, []string{"Invoke the action again to reset the transform again and bring it back (harmless: it has not run since)."}, "tainted",
			"The reset did not finish within 20m0s. Elasticsearch may still be stopping or resetting the transform. Invoking the action again resets it again; raise timeout if this transform takes longer to stop."},
	} {
		d := tc.runner.FailureOf(context.Background(), TransformResetOf("sales"), mlreset.Result{Err: context.DeadlineExceeded}, 20*time.Minute)
		if len(d) != 1 || d[0].Summary() != `Timed out resetting transform "sales"` || d[0].Detail() != tc.deadline {
			t.Errorf("deadline: %v", d)
		}
		d = tc.runner.FailureOf(context.Background(), TransformResetOf("sales"), mlreset.Result{ResetCompleted: true, Err: refused}, 20*time.Minute)
		if len(d) != 1 || d[0].Summary() != `Transform "sales" was reset, but starting it failed` {
			t.Fatalf("start failure: %v", d)
		}
		want := append(tc.want, "The reset itself completed", "stopped now", "needs the manage_transform cluster privilege", "Elasticsearch said: "+refused.Error())
		for _, w := range want {
			if !strings.Contains(d[0].Detail(), w) {
				t.Errorf("want %q in %q", w, d[0].Detail())
			}
		}
		if strings.Contains(d[0].Detail(), tc.not) {
			t.Errorf("want no %q in %q", tc.not, d[0].Detail())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := Resource.FailureOf(ctx, TransformResetOf("sales"), mlreset.Result{Err: context.Canceled}, time.Minute)
	if len(d) != 1 || d[0].Summary() != `Reset of transform "sales" interrupted` || !strings.Contains(d[0].Detail(), "The next apply resets it again.") {
		t.Errorf("interrupted: %v", d)
	}
	d = Resource.FailureOf(context.Background(), TransformResetOf("sales"), mlreset.Result{ResetCompleted: true, Err: context.DeadlineExceeded}, time.Minute)
	if !strings.Contains(d[0].Detail(), "It did not happen within 1m0s (timeouts.create).") {
		t.Errorf("start cut short: %v", d)
	}
}

func TestTransformLeftStoppedWarning(t *testing.T) {
	w := mlreset.Warning{Kind: mlreset.WarningFailedTransformLeftStopped, Object: mlreset.Object{Kind: mlreset.ObjectTransform, ID: "sales"}}
	d := WarningDiagnostics([]mlreset.Warning{w}, func() bool { return true })
	if len(d) != 1 || d[0].Summary() != `Transform "sales" left stopped` || !strings.Contains(d[0].Detail(), `use after_reset = "started"`) {
		t.Fatalf("got %v", d)
	}
}
