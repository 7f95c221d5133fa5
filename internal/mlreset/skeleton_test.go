package mlreset

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// scriptedFlow records the skeleton's calls and answers as told, so the
// skeleton is tested apart from any operation.
type scriptedFlow struct {
	obj   Object
	calls []string
	// answers: the error each step returns, in turn; nil once used up.
	answers map[string][]error
	// task is set as the run's task by operate; running is what
	// runningTask answers.
	task, running string
	warnOn        string // the step that warns
}

func (f *scriptedFlow) step(name string, s *session) error {
	f.calls = append(f.calls, name)
	if name == f.warnOn {
		s.warn(Warning{Kind: WarningVersionUnknown, Detail: name})
	}
	errs := f.answers[name]
	if len(errs) == 0 {
		return nil
	}
	f.answers[name] = errs[1:]
	return errs[0]
}

func (f *scriptedFlow) object() Object { return f.obj }
func (f *scriptedFlow) checkVersions(_ context.Context, s *session) error {
	return f.step("checkVersions", s)
}
func (f *scriptedFlow) readBefore(_ context.Context, s *session) error {
	return f.step("readBefore", s)
}
func (f *scriptedFlow) stop(_ context.Context, s *session, attempt int) error {
	return f.step("stop"+strings.Repeat("+", attempt-1), s)
}
func (f *scriptedFlow) operate(_ context.Context, s *session) error {
	s.taskID = f.task
	return f.step("operate", s)
}
func (f *scriptedFlow) wait(_ context.Context, s *session) error      { return f.step("wait", s) }
func (f *scriptedFlow) notStopped(err error) bool                     { return errors.Is(err, errStartedAgain) }
func (f *scriptedFlow) bringBack(_ context.Context, s *session) error { return f.step("bringBack", s) }
func (f *scriptedFlow) runningTask(ctx context.Context, s *session) string {
	f.calls = append(f.calls, "runningTask")
	if ctx.Err() != nil {
		return "asked on a dead context"
	}
	return f.running
}

var (
	errStartedAgain = errors.New("started again before the operation")
	errBoom         = errors.New("boom")
)

func runScripted(ctx context.Context, t *testing.T, f *scriptedFlow) (Result, []Event) {
	t.Helper()
	if f.obj == (Object{}) {
		f.obj = Object{Kind: ObjectJob, ID: "j"}
	}
	var events []Event
	res := (&Engine{}).run(ctx, f, func(ev Event) { events = append(events, ev) })
	if len(events) == 0 || events[len(events)-1].Step != StepDone {
		t.Fatalf("want StepDone last, got %+v", events)
	}
	return res, events
}

func wantCalls(t *testing.T, f *scriptedFlow, want ...string) {
	t.Helper()
	if !slices.Equal(f.calls, want) {
		t.Fatalf("calls %q, want %q", f.calls, want)
	}
}

func TestTheSkeletonRunsTheStepsInOrder(t *testing.T) {
	f := &scriptedFlow{answers: map[string][]error{}}
	res, events := runScripted(context.Background(), t, f)
	wantCalls(t, f, "checkVersions", "readBefore", "stop", "operate", "wait", "bringBack")
	if res.Err != nil || !res.ResetCompleted || res.TaskID != "" || len(events) != 1 {
		t.Fatalf("got %+v after %+v", res, events)
	}
	if ev := events[0]; ev.Object != f.obj || ev.JobID != "j" {
		t.Fatalf("the event does not name the job: %+v", ev)
	}
}

// Started again before the operation: stopped again, and again, up to
// MaxCloseAttempts stops in all.
func TestTheSkeletonStopsAnObjectStartedAgain(t *testing.T) {
	f := &scriptedFlow{answers: map[string][]error{"operate": {errStartedAgain}, "wait": {errStartedAgain}}}
	res, events := runScripted(context.Background(), t, f)
	wantCalls(t, f, "checkVersions", "readBefore", "stop", "operate", "stop+", "operate", "wait", "stop++", "operate", "wait", "bringBack")
	if res.Err != nil || !res.ResetCompleted {
		t.Fatalf("got %+v", res)
	}
	var reopened []int
	for _, ev := range events {
		if ev.Step == StepReopened {
			reopened = append(reopened, ev.Attempt)
		}
	}
	if !slices.Equal(reopened, []int{1, 2}) {
		t.Fatalf("reported re-opened after attempts %v, want [1 2]", reopened)
	}

	f = &scriptedFlow{answers: map[string][]error{"stop": {errStartedAgain}, "stop+": {errStartedAgain}, "stop++": {errStartedAgain}}}
	res, _ = runScripted(context.Background(), t, f)
	wantCalls(t, f, "checkVersions", "readBefore", "stop", "stop+", "stop++")
	if !errors.Is(res.Err, errStartedAgain) || res.ResetCompleted {
		t.Fatalf("want the third refusal, not completed; got %+v", res)
	}
}

// A failure before the operation completed is not one after it: only
// bringBack's failure leaves ResetCompleted set.
func TestTheSkeletonTellsWhetherTheOperationCompleted(t *testing.T) {
	for _, tc := range []struct {
		failing   string
		calls     []string
		completed bool
	}{
		{"checkVersions", []string{"checkVersions"}, false},
		{"readBefore", []string{"checkVersions", "readBefore"}, false},
		{"stop", []string{"checkVersions", "readBefore", "stop"}, false},
		{"operate", []string{"checkVersions", "readBefore", "stop", "operate"}, false},
		{"wait", []string{"checkVersions", "readBefore", "stop", "operate", "wait"}, false},
		{"bringBack", []string{"checkVersions", "readBefore", "stop", "operate", "wait", "bringBack"}, true},
	} {
		t.Run(tc.failing, func(t *testing.T) {
			f := &scriptedFlow{answers: map[string][]error{tc.failing: {errBoom}}}
			res, _ := runScripted(context.Background(), t, f)
			wantCalls(t, f, tc.calls...)
			if !errors.Is(res.Err, errBoom) || res.ResetCompleted != tc.completed {
				t.Fatalf("got %+v, want completed %v", res, tc.completed)
			}
		})
	}
}

// Stopped by the deadline, the result names the task that may still run:
// the run's own, or else the one the flow finds on a fresh context.
func TestTheSkeletonNamesTheTaskStillRunning(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := &scriptedFlow{answers: map[string][]error{"wait": {context.Canceled}}, running: "node:7"}
	res, _ := runScripted(ctx, t, f)
	wantCalls(t, f, "checkVersions", "readBefore", "stop", "operate", "wait", "runningTask")
	if res.TaskID != "node:7" || res.ResetCompleted {
		t.Fatalf("got %+v", res)
	}

	f = &scriptedFlow{answers: map[string][]error{"wait": {context.Canceled}}, task: "node:1", running: "node:7"}
	res, events := runScripted(ctx, t, f)
	wantCalls(t, f, "checkVersions", "readBefore", "stop", "operate", "wait")
	if res.TaskID != "node:1" || events[len(events)-1].TaskID != "node:1" {
		t.Fatalf("want the run's own task, got %+v", res)
	}

	// Not stopped by the deadline: nobody asks.
	f = &scriptedFlow{answers: map[string][]error{"wait": {errBoom}}, running: "node:7"}
	if res, _ = runScripted(context.Background(), t, f); res.TaskID != "" {
		t.Fatalf("got %+v", res)
	}
}

// Every warning names the object; JobID only a job's.
func TestTheSkeletonNamesTheObjectInWarnings(t *testing.T) {
	for _, obj := range []Object{{Kind: ObjectJob, ID: "j"}, {Kind: "transform", ID: "t"}} {
		f := &scriptedFlow{obj: obj, answers: map[string][]error{}, warnOn: "bringBack"}
		res, _ := runScripted(context.Background(), t, f)
		wantJobID := ""
		if obj.Kind == ObjectJob {
			wantJobID = obj.ID
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Object != obj || res.Warnings[0].JobID != wantJobID || res.Warnings[0].Detail != "bringBack" {
			t.Fatalf("%s: got %+v", obj.Kind, res.Warnings)
		}
	}
}
