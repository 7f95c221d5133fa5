package mlreset

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The transform reset against the emulator: what it sends, what it
// reports, and what the transform holds after.

// transformEngine is an engine over an emulator holding a source index
// "src" of 10 documents over 3 hosts.
func transformEngine(t *testing.T, version string, opts ...emulator.Option) (*Engine, *emulator.Server, *esclient.Client) {
	t.Helper()
	srv := emulator.New(append([]emulator.Option{emulator.WithVersion(version)}, opts...)...)
	url := srv.Start()
	t.Cleanup(srv.Close)
	client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
	if err != nil {
		t.Fatal(err)
	}
	must := func(call string, req esapi.Request) {
		t.Helper()
		if err := client.Do(context.Background(), req, nil); err != nil {
			t.Fatalf("%s: %v", call, err)
		}
	}
	must("create src", esapi.IndicesCreateRequest{Index: "src", Body: strings.NewReader(
		`{"mappings":{"properties":{"host":{"type":"keyword"},"bytes":{"type":"long"},"timestamp":{"type":"date"}}}}`)})
	var bulk strings.Builder
	first := time.Now().Add(-time.Hour)
	for i := range 10 {
		fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"host\":\"host-%d\",\"bytes\":%d,\"timestamp\":%d}\n", i%3, 100+i, first.Add(time.Duration(i)*time.Second).UnixMilli())
	}
	must("fill src", esapi.BulkRequest{Index: "src", Body: strings.NewReader(bulk.String()), Refresh: "true"})
	return New(client), srv, client
}

// putTransform creates transform id from src into dest-<id>: continuous
// (a pass only when a test triggers it) or batch.
func putTransform(t *testing.T, client *esclient.Client, id string, continuous bool) {
	t.Helper()
	sync := ""
	if continuous {
		sync = `"frequency":"1h","sync":{"time":{"field":"timestamp","delay":"1s"}},`
	}
	body := `{"source":{"index":"src"},"dest":{"index":"dest-` + id + `"},` + sync +
		`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"bytes":{"sum":{"field":"bytes"}}}}}`
	if err := client.Do(context.Background(), esapi.TransformPutTransformRequest{TransformID: id, Body: strings.NewReader(body)}, nil); err != nil {
		t.Fatal(err)
	}
}

// runTransform starts the transform and waits for its first checkpoint: a
// batch one has stopped then, a continuous one stays started.
func runTransform(t *testing.T, srv *emulator.Server, client *esclient.Client, id string) emulator.TransformSnapshot {
	t.Helper()
	if err := client.StartTransform(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		tf, _ := srv.Transform(id)
		if tf.Checkpoint == 1 && (tf.Continuous && tf.State == "started" || tf.State == "stopped") {
			return tf
		}
		if time.Now().After(deadline) {
			t.Fatalf("transform %s never reached checkpoint 1: %+v", id, tf)
		}
	}
}

// wantReset checks that the transform was reset once and is in state; a
// stopped one has processed nothing since.
func wantReset(t *testing.T, srv *emulator.Server, id, state string) {
	t.Helper()
	tf, _ := srv.Transform(id)
	if tf.Resets != 1 || tf.State != state || state == "stopped" && (tf.Checkpoint != 0 || tf.DocumentsProcessed != 0) {
		t.Fatalf("transform %s after the reset: %+v, want reset once and %s", id, tf, state)
	}
}

func stepsOf(events []Event) []Step {
	var steps []Step
	for _, ev := range events {
		steps = append(steps, ev.Step)
	}
	return steps
}

// A running transform is stopped and reset, in two requests, and stays
// stopped; its checkpoint and counters are gone, and so is the destination
// index it created.
func TestTransformResetOfARunningTransform(t *testing.T) {
	e, srv, client := transformEngine(t, "8.19.0")
	putTransform(t, client, "tf", true)
	if ran := runTransform(t, srv, client, "tf"); ran.DocumentsProcessed != 10 {
		t.Fatalf("ran: %+v", ran)
	}
	srv.ClearRequests()

	var events []Event
	res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf"}, func(ev Event) { events = append(events, ev) })
	if res.Err != nil || !res.ResetCompleted || res.TaskID != "" || len(res.Warnings) != 0 {
		t.Fatalf("got %+v", res)
	}
	want := []string{"POST /_transform/tf/_stop?wait_for_completion=true", "POST /_transform/tf/_reset"}
	if got := work(srv); !slices.Equal(got, want) {
		t.Fatalf("sent %q, want %q", got, want)
	}
	wantReset(t, srv, "tf", "stopped")
	if tf, _ := srv.Transform("tf"); tf.Checkpoint != 0 || tf.DocumentsIndexed != 0 {
		t.Fatalf("checkpoint and counters kept: %+v", tf)
	}
	if m, err := client.IndexMeta(context.Background(), "dest-tf"); err != nil || m.Exists {
		t.Fatalf("the destination index the transform created is still there: %+v %v", m, err)
	}
	if got, want := stepsOf(events), []Step{StepStopping, StepResetting, StepDone}; !slices.Equal(got, want) {
		t.Fatalf("reported %v, want %v", got, want)
	}
	for _, ev := range events {
		if ev.Object != (Object{Kind: ObjectTransform, ID: "tf"}) || ev.JobID != "" {
			t.Fatalf("the event does not name the transform: %+v", ev)
		}
	}
	if msg := events[0].Message(); msg != "Stopping the transform" {
		t.Fatalf("message %q", msg)
	}
}

// after_reset = "restore" reads the state first and starts again what ran;
// "started" starts whatever ran.
func TestTransformResetBringsBackWhatRan(t *testing.T) {
	for _, tc := range []struct {
		name       string
		mode       TransformAfterReset
		running    bool
		want       []string
		stateAfter string
	}{
		{"restore, running", TransformAfterResetRestore, true, []string{"GET /_transform/tf/_stats", "POST /_transform/tf/_stop?wait_for_completion=true",
			"POST /_transform/tf/_reset", "POST /_transform/tf/_start"}, "started"},
		{"restore, stopped", TransformAfterResetRestore, false, []string{"GET /_transform/tf/_stats", "POST /_transform/tf/_stop?wait_for_completion=true",
			"POST /_transform/tf/_reset"}, "stopped"},
		{"started, stopped", TransformAfterResetStarted, false, []string{"POST /_transform/tf/_stop?wait_for_completion=true",
			"POST /_transform/tf/_reset", "POST /_transform/tf/_start"}, "started"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, srv, client := transformEngine(t, "8.19.0")
			putTransform(t, client, "tf", true)
			if tc.running {
				runTransform(t, srv, client, "tf")
			}
			srv.ClearRequests()
			var steps []Step
			res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf", AfterReset: tc.mode}, func(ev Event) { steps = append(steps, ev.Step) })
			if res.Err != nil || !res.ResetCompleted || len(res.Warnings) != 0 {
				t.Fatalf("got %+v", res)
			}
			if got := work(srv); !slices.Equal(got, tc.want) {
				t.Fatalf("sent %q, want %q", got, tc.want)
			}
			wantReset(t, srv, "tf", tc.stateAfter)
			if started := slices.Contains(steps, StepStarting); started != (tc.stateAfter == "started") {
				t.Fatalf("reported %v", steps)
			}
		})
	}
}

// A failed transform stops only by force: without force_stop the stop's
// refusal ends the run before the reset; with it, restore leaves it
// stopped and says why.
func TestTransformResetOfAFailedTransform(t *testing.T) {
	e, srv, client := transformEngine(t, "8.19.0")
	putTransform(t, client, "tf", true)
	runTransform(t, srv, client, "tf")
	if err := srv.FailTransform("tf", "task encountered irrecoverable failure"); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()

	res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf", AfterReset: TransformAfterResetRestore}, nil)
	if !esclient.IsTransformFailed(res.Err) || res.ResetCompleted {
		t.Fatalf("want the stop refused, got %+v", res)
	}
	if tf, _ := srv.Transform("tf"); tf.Resets != 0 || tf.State != "failed" {
		t.Fatalf("touched: %+v", tf)
	}

	srv.ClearRequests()
	res = e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf", ForceStop: true, AfterReset: TransformAfterResetRestore}, nil)
	if res.Err != nil || len(res.Warnings) != 1 || res.Warnings[0].Kind != WarningFailedTransformLeftStopped ||
		res.Warnings[0].Object != (Object{Kind: ObjectTransform, ID: "tf"}) {
		t.Fatalf("got %+v", res)
	}
	want := []string{"GET /_transform/tf/_stats", "POST /_transform/tf/_stop?force=true&wait_for_completion=true", "POST /_transform/tf/_reset"}
	if got := work(srv); !slices.Equal(got, want) {
		t.Fatalf("sent %q, want %q", got, want)
	}
	wantReset(t, srv, "tf", "stopped")
}

// Someone starting the transform between stop and reset makes the reset
// answer "task is running": it is stopped again, MaxCloseAttempts stops in
// all.
func TestTransformStartedAgainIsStoppedAgain(t *testing.T) {
	e, srv, client := transformEngine(t, "8.19.0")
	putTransform(t, client, "tf", true)
	srv.StartTransformAfterNextStop("tf", MaxCloseAttempts-1)
	var reported []int
	res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf"}, func(ev Event) {
		if ev.Step == StepStartedAgain {
			reported = append(reported, ev.Attempt)
		}
	})
	if res.Err != nil || !slices.Equal(reported, []int{1, 2}) {
		t.Fatalf("want the third stop to stick, got %v after started again %v", res.Err, reported)
	}
	if n := strings.Count(strings.Join(work(srv), "\n"), "_stop"); n != MaxCloseAttempts {
		t.Fatalf("%d stops", n)
	}
	wantReset(t, srv, "tf", "stopped")

	e, srv, client = transformEngine(t, "8.19.0")
	putTransform(t, client, "tf", true)
	srv.StartTransformAfterNextStop("tf", MaxCloseAttempts)
	res = e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf"}, nil)
	if !esclient.IsTransformRunning(res.Err) || res.ResetCompleted {
		t.Fatalf("want task-is-running after %d stops, got %+v", MaxCloseAttempts, res)
	}
	if n := strings.Count(strings.Join(work(srv), "\n"), "_reset"); n != MaxCloseAttempts {
		t.Fatalf("%d resets", n)
	}
	if tf, _ := srv.Transform("tf"); tf.Resets != 0 {
		t.Fatalf("reset: %+v", tf)
	}
}

// Refusals before the reset leave the transform as it was.
func TestTransformResetRefused(t *testing.T) {
	t.Run("missing", func(t *testing.T) {
		e, srv, _ := transformEngine(t, "8.19.0")
		for _, mode := range []TransformAfterReset{TransformAfterResetStopped, TransformAfterResetRestore} {
			srv.ClearRequests()
			res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "nope", AfterReset: mode}, nil)
			if !esclient.IsTransformNotFound(res.Err) || res.ResetCompleted || len(work(srv)) != 1 {
				t.Fatalf("%s: got %+v after %q", mode, res, work(srv))
			}
		}
	})
	t.Run("upgrade mode", func(t *testing.T) {
		e, srv, client := transformEngine(t, "8.19.0")
		putTransform(t, client, "tf", false)
		srv.SetTransformUpgradeMode(true)
		res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf"}, nil)
		if !esclient.IsTransformUpgrading(res.Err) || res.ResetCompleted {
			t.Fatalf("got %+v", res)
		}
		if tf, _ := srv.Transform("tf"); tf.Resets != 0 {
			t.Fatalf("reset: %+v", tf)
		}
	})
	t.Run("too old", func(t *testing.T) {
		e, srv, client := transformEngine(t, "8.0.1")
		putTransform(t, client, "tf", false)
		srv.ClearRequests()
		res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf"}, nil)
		var ve *VersionError
		if !errors.As(res.Err, &ve) || ve.Error() != "The transform reset API needs Elasticsearch 8.1.0 or later; the cluster runs 8.0.1" {
			t.Fatalf("got %+v", res)
		}
		if got := calls(srv); !slices.Equal(got, []string{"GET /"}) {
			t.Fatalf("sent %q", got)
		}
		if _, err := e.CheckTransformVersions(context.Background(), TransformResetRequest{TransformID: "tf"}); !errors.As(err, &ve) {
			t.Fatalf("CheckTransformVersions: %v", err)
		}
	})
	t.Run("serverless passes", func(t *testing.T) {
		e, srv, client := transformEngine(t, "8.0.1", emulator.WithServerless())
		putTransform(t, client, "tf", false)
		if res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf"}, nil); res.Err != nil {
			t.Fatalf("got %+v", res)
		}
		wantReset(t, srv, "tf", "stopped")
	})
}

// A start that fails after the reset completed is a failure with the reset
// done; one that finds the transform already started is success.
func TestTransformStartAfterTheReset(t *testing.T) {
	e, srv, client := transformEngine(t, "8.19.0")
	putTransform(t, client, "tf", false)
	srv.InjectError(http.MethodPost, "/_transform/tf/_start", http.StatusForbidden, "security_exception",
		"action [cluster:admin/transform/start] is unauthorized for user [bob]", 1)
	res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf", AfterReset: TransformAfterResetStarted}, nil)
	if !res.ResetCompleted || !esclient.IsForbidden(res.Err) {
		t.Fatalf("want the reset completed and the start refused, got %+v", res)
	}
	wantReset(t, srv, "tf", "stopped")

	e, srv, client = transformEngine(t, "8.19.0")
	putTransform(t, client, "tf", false)
	srv.InjectError(http.MethodPost, "/_transform/tf/_start", http.StatusConflict, "status_exception",
		"Cannot start transform [tf] as it is already started.", 1)
	if res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf", AfterReset: TransformAfterResetStarted}, nil); res.Err != nil {
		t.Fatalf("already started is success, got %+v", res)
	}
}
