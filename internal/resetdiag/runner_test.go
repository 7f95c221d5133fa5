package resetdiag

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// The resource and the action fail with the same words, except for what
// bounds the wait and what running again does: an action has no state to
// taint.
func TestRunnersWordWhatDiffers(t *testing.T) {
	timedOut := mlreset.Result{TaskID: "n:7", Err: context.DeadlineExceeded}
	cases := []struct {
		name   string
		runner Runner
		want   []string
		not    []string
	}{
		{"resource", Resource, []string{"The next apply waits for it; raise timeouts.create", "within 20m0s (timeouts.create)", "marked tainted"}, []string{"Invoke"}},
		{"action", Action, []string{"Invoking the action again waits for it; raise timeout if", "within 20m0s (timeout)", "Invoke the action again"}, []string{"tainted", "timeouts.create"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			deadline := tc.runner.Failure(context.Background(), "j", timedOut, 20*time.Minute)[0].Detail()
			after := tc.runner.Failure(context.Background(), "j", mlreset.Result{ResetCompleted: true,
				Err: &mlreset.AfterResetError{JobID: "j", Err: context.DeadlineExceeded}}, 20*time.Minute)[0].Detail()
			text := deadline + "\n" + after
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("want %q in:\n%s", w, text)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(text, n) {
					t.Errorf("want no %q in:\n%s", n, text)
				}
			}
		})
	}
}

func TestAfterResetFailureSaysTheResetCompleted(t *testing.T) {
	noRoom := &esclient.Error{Status: 429, Type: "status_exception", Reason: "Could not open job because no ML nodes with sufficient capacity were found"}
	d := Action.AfterResetFailure(&mlreset.AfterResetError{JobID: "j", Err: noRoom}, time.Minute)
	if len(d) != 1 || d[0].Summary() != `ML job "j" was reset, but opening it failed` {
		t.Fatalf("summary: %v", d)
	}
	for _, w := range []string{"The reset itself completed", "No ML node has room", "Elasticsearch said: " + noRoom.Error()} {
		if !strings.Contains(d[0].Detail(), w) {
			t.Errorf("want %q in %q", w, d[0].Detail())
		}
	}
	d = Action.AfterResetFailure(&mlreset.AfterResetError{JobID: "j", DatafeedID: "df", Err: errors.New("x")}, time.Minute)
	if d[0].Summary() != `ML job "j" was reset, but starting datafeed "df" failed` {
		t.Fatalf("summary: %q", d[0].Summary())
	}
}

// That the version is unknown is said once per provider instance.
func TestVersionUnknownIsSaidWhenFirst(t *testing.T) {
	w := []mlreset.Warning{{Kind: mlreset.WarningVersionUnknown, JobID: "j", Detail: "GET / answered 403"}}
	first := true
	once := func() bool { f := first; first = false; return f }
	if d := WarningDiagnostics(w, once); len(d) != 1 || !strings.Contains(d[0].Detail(), "GET / answered 403") {
		t.Fatalf("first: %v", d)
	}
	if d := WarningDiagnostics(w, once); len(d) != 0 {
		t.Fatalf("second: %v", d)
	}
}
