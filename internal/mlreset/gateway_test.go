package mlreset

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The window of the long poll: halved by each cut down to a fifteenth of
// the full window, kept once it comes through, and never past the
// deadline.
func TestShrinkingWindow(t *testing.T) {
	t.Parallel()
	w := newShrinkingWindow(30 * time.Second)
	var got []time.Duration
	for range 6 {
		got = append(got, w.within(context.Background()))
		w.cut()
	}
	want := []time.Duration{30 * time.Second, 15 * time.Second, 7500 * time.Millisecond, 3750 * time.Millisecond, 2 * time.Second, 2 * time.Second}
	if !slices.Equal(got, want) {
		t.Fatalf("windows %v, want %v", got, want)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if got := w.within(ctx); got > time.Second || got < 900*time.Millisecond {
		t.Fatalf("want the window cut to the 1s left, got %v", got)
	}
}

// gatewayTimeout is how long the tests' gateway waits for Elasticsearch.
const gatewayTimeout = 280 * time.Millisecond

// newGatewayEngine is newEngine behind a gateway that answers after
// gatewayTimeout (answer: a status or emulator.GatewayDrops), with long
// polls of at most window, and job "j" trained: it has a model snapshot.
func newGatewayEngine(t *testing.T, version string, window time.Duration, answer int) (*Engine, *emulator.Server) {
	t.Helper()
	e, srv := newEngine(t, version, 0)
	e.pollWindow = window
	if err := srv.OpenJob("j"); err != nil {
		t.Fatal(err)
	}
	if err := srv.ProcessRecords("j", 5); err != nil {
		t.Fatal(err)
	}
	if err := srv.CloseJob("j"); err != nil {
		t.Fatal(err)
	}
	if job, _ := srv.Job("j"); job.ModelSnapshotID == "" {
		t.Fatalf("want a trained job, got %+v", job)
	}
	if err := srv.SetGateway(emulator.Gateway{Timeout: gatewayTimeout, Answer: answer}); err != nil {
		t.Fatal(err)
	}
	return e, srv
}

// holdReset holds the next reset of "j" until the test releases it.
func holdReset(t *testing.T, srv *emulator.Server) *emulator.Hold {
	t.Helper()
	hold := srv.HoldNextReset("j")
	t.Cleanup(hold.Release)
	return hold
}

// resetInBackground runs the reset and hands its result over once done.
func resetInBackground(ctx context.Context, e *Engine, req Request) <-chan Result {
	done := make(chan Result, 1)
	go func() { done <- e.Reset(ctx, req, nil) }()
	return done
}

// awaitLog waits until the request log satisfies cond.
func awaitLog(t *testing.T, srv *emulator.Server, what string, cond func([]emulator.Request) bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(20 * time.Second)
	for !cond(srv.Requests()) {
		select {
		case <-deadline:
			t.Fatalf("waited for %s; requests: %q", what, calls(srv))
		case <-tick.C:
		}
	}
}

// polls are the long polls of the tasks API in the log.
func polls(reqs []emulator.Request) (out []emulator.Request) {
	for _, r := range reqs {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/_tasks/") {
			out = append(out, r)
		}
	}
	return out
}

// cutPolls counts the long polls the gateway answered.
func cutPolls(reqs []emulator.Request) (n int) {
	for _, r := range polls(reqs) {
		if r.GatewayAnswer != 0 {
			n++
		}
	}
	return n
}

// resetCalls are the reset calls that reached Elasticsearch.
func resetCalls(srv *emulator.Server) (out []emulator.Request) {
	for _, r := range srv.Requests() {
		if r.Method == "POST" && r.Path == "/_ml/anomaly_detectors/j/_reset" {
			out = append(out, r)
		}
	}
	return out
}

func await(t *testing.T, done <-chan Result) Result {
	t.Helper()
	select {
	case res := <-done:
		return res
	case <-time.After(20 * time.Second):
		t.Fatal("the reset did not end")
	}
	return Result{}
}

// A poll the gateway cuts makes the next ask for half as long, down to the
// floor; a window Elasticsearch answers through (the task still runs) is
// kept, so the gateway cuts no more polls. The poll still answers the
// moment the task ends.
func TestACutPollHalvesTheNextWindow(t *testing.T) {
	t.Parallel()
	// Full window 3 s: 3000, 1500, 750, 375 ms are cut at 280 ms; the
	// floor, 200 ms, is answered by Elasticsearch, and so are the next.
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	hold := holdReset(t, srv)
	done := resetInBackground(context.Background(), e, async)
	// Six polls have ended while the reset was held.
	awaitLog(t, srv, "seven polls", func(reqs []emulator.Request) bool { return len(polls(reqs)) >= 7 })
	released := time.Now()
	hold.Release()
	res := await(t, done)
	if latency := time.Since(released); latency > time.Second {
		t.Errorf("want the end seen within a round trip, not a window: took %v", latency)
	}
	if res.Err != nil || res.TaskID == "" {
		t.Fatalf("want the reset done, got %+v", res)
	}
	all := polls(srv.Requests())
	var windows []string
	var cut []bool
	for _, p := range all[:6] {
		windows = append(windows, p.Query.Get("timeout"))
		cut = append(cut, p.GatewayAnswer == http.StatusGatewayTimeout)
	}
	if want := []string{"3000ms", "1500ms", "750ms", "375ms", "200ms", "200ms"}; !slices.Equal(windows, want) {
		t.Fatalf("windows %q, want %q", windows, want)
	}
	if want := []bool{true, true, true, true, false, false}; !slices.Equal(cut, want) {
		t.Fatalf("cut %v, want %v", cut, want)
	}
	if last := all[len(all)-1]; last.GatewayAnswer != 0 || last.Status != http.StatusOK {
		t.Fatalf("want the last poll answered by Elasticsearch, got %+v", last)
	}
	if n := len(resetCalls(srv)); n != 1 {
		t.Fatalf("want one reset call, got %d", n)
	}
	if job, _ := srv.Job("j"); job.ResetCount != 1 || job.BlockedReason != "" {
		t.Fatalf("want one finished reset, got %+v", job)
	}
}

// A blocking reset the gateway cuts is followed through the job: the task
// that blocks it is long-polled, and once it has ended the job shows the
// reset completed. The reset is sent once, whatever the gateway answers.
func TestACutBlockingResetIsFollowedThroughTheJob(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]int{"504": http.StatusGatewayTimeout, "502": http.StatusBadGateway, "drop": emulator.GatewayDrops} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, answer)
			hold := holdReset(t, srv)
			var steps []Step
			done := make(chan Result, 1)
			go func() {
				done <- e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, func(ev Event) { steps = append(steps, ev.Step) })
			}()
			<-hold.Reached()
			awaitLog(t, srv, "two cut polls", func(reqs []emulator.Request) bool { return cutPolls(reqs) >= 2 })
			job, _ := srv.Job("j")
			hold.Release()
			res := await(t, done)
			if res.Err != nil || res.TaskID != "" || len(res.Warnings) != 0 {
				t.Fatalf("want the blocking reset done, got %+v", res)
			}
			resets := resetCalls(srv)
			if len(resets) != 1 || resets[0].GatewayAnswer != answer || resets[0].Status != http.StatusOK {
				t.Fatalf("want one reset, cut by the gateway and done by Elasticsearch, got %+v", resets)
			}
			for _, p := range polls(srv.Requests()) {
				if p.Path != "/_tasks/"+job.BlockedTaskID {
					t.Fatalf("want polls of the task that blocks the job (%s), got %s", job.BlockedTaskID, p.Path)
				}
			}
			got := calls(srv)
			if got[len(got)-1] != "GET /_ml/anomaly_detectors/j" {
				t.Fatalf("want the job looked at last, got %q", got)
			}
			if after, _ := srv.Job("j"); after.ResetCount != 1 || after.BlockedReason != "" || after.ModelSnapshotID != "" {
				t.Fatalf("want the job reset once, got %+v", after)
			}
			if !slices.Contains(steps, StepWaitCut) || slices.Contains(steps, StepCallingAgain) {
				t.Fatalf("want the cut reported and no call sent again, got %v", steps)
			}
		})
	}
}

// A reset call lost before it reached Elasticsearch leaves the job as it
// was, model snapshot included: it is sent again, as many times as the
// client sends a request that got no answer, and no more.
func TestACallThatLeftNoTraceIsSentAgain(t *testing.T) {
	t.Parallel()
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	srv.InjectDrop("POST", "/_ml/anomaly_detectors/j/_reset", 2)
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, nil)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if n := len(resetCalls(srv)); n != 3 {
		t.Fatalf("want two lost calls and a third, got %d", n)
	}
	if job, _ := srv.Job("j"); job.ResetCount != 1 {
		t.Fatalf("want one reset, got %+v", job)
	}

	e, srv = newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	srv.InjectDrop("POST", "/_ml/anomaly_detectors/j/_reset", 100)
	res = e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, nil)
	if !esclient.IsWaitCut(res.Err) || len(resetCalls(srv)) != esclient.MaxAttempts {
		t.Fatalf("want the cut after %d calls, got %v after %d", esclient.MaxAttempts, res.Err, len(resetCalls(srv)))
	}
	if job, _ := srv.Job("j"); job.ResetCount != 0 || job.ModelSnapshotID == "" {
		t.Fatalf("want the job untouched, got %+v", job)
	}
}

// A reset that fails behind the gateway leaves the job blocked by its
// task, and the reason went with the cut: the reset is sent once more,
// Elasticsearch runs it again and its answer says why it fails. Before
// 8.13 that answer is the lost task's.
func TestAFailedResetBehindAGatewayFailsWithTheReason(t *testing.T) {
	t.Parallel()
	t.Run("8.19", func(t *testing.T) {
		t.Parallel()
		e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
		srv.FailResets("j", 2, "exception", "disk full")
		hold := holdReset(t, srv)
		done := resetInBackground(context.Background(), e, Request{JobID: "j", WaitForCompletion: true})
		awaitLog(t, srv, "a cut poll", func(reqs []emulator.Request) bool { return cutPolls(reqs) >= 1 })
		hold.Release()
		res := await(t, done)
		if e, ok := esclient.AsError(res.Err); !ok || e.Reason != "disk full" {
			t.Fatalf("want Elasticsearch's reason, got %+v", res)
		}
		if n := len(resetCalls(srv)); n != 2 {
			t.Fatalf("want the reset sent once more, got %d calls", n)
		}
		if job, _ := srv.Job("j"); job.ResetCount != 0 || job.BlockedReason != "reset" {
			t.Fatalf("want the job blocked by the failed reset, got %+v", job)
		}
	})
	t.Run("8.12", func(t *testing.T) {
		t.Parallel()
		e, srv := newGatewayEngine(t, "8.12.2", 3*time.Second, http.StatusGatewayTimeout)
		srv.FailNextReset("j", "exception", "disk full")
		hold := holdReset(t, srv)
		done := resetInBackground(context.Background(), e, Request{JobID: "j", WaitForCompletion: true})
		awaitLog(t, srv, "a cut poll", func(reqs []emulator.Request) bool { return cutPolls(reqs) >= 1 })
		job, _ := srv.Job("j")
		hold.Release()
		res := await(t, done)
		if task, lost := esclient.LostTask(res.Err); !lost || task != job.BlockedTaskID {
			t.Fatalf("want the lost task %s, got %+v", job.BlockedTaskID, res)
		}
	})
}

// When the reset sent again to learn the reason is cut too, and fails
// again, the run ends naming the task, without a third try.
func TestAReasonLostTwiceEndsTheRun(t *testing.T) {
	t.Parallel()
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	srv.FailResets("j", 2, "exception", "disk full")
	srv.SetJobResetDuration("j", 2*gatewayTimeout)
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, nil)
	var lost *OutcomeLostError
	job, _ := srv.Job("j")
	if !errors.As(res.Err, &lost) || lost.TaskID != job.BlockedTaskID || !esclient.IsWaitCut(lost.Cut) {
		t.Fatalf("want the lost outcome of task %s, got %+v", job.BlockedTaskID, res)
	}
	if n := len(resetCalls(srv)); n != 2 {
		t.Fatalf("want two reset calls, got %d", n)
	}
}

// The deadline ends the wait after a cut, naming the task that blocks the
// job.
func TestTheDeadlineEndsAFollowedResetAndNamesItsTask(t *testing.T) {
	t.Parallel()
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	holdReset(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 4*gatewayTimeout)
	defer cancel()
	res := e.Reset(ctx, Request{JobID: "j", WaitForCompletion: true}, nil)
	job, _ := srv.Job("j")
	if !errors.Is(res.Err, context.DeadlineExceeded) || res.TaskID == "" || res.TaskID != job.BlockedTaskID {
		t.Fatalf("want the deadline naming task %s, got %+v", job.BlockedTaskID, res)
	}
	if cutPolls(srv.Requests()) == 0 {
		t.Fatal("want the task followed with polls the gateway cut")
	}
	// The task followed is the one named: no read of the job to find it.
	if got := calls(srv); got[len(got)-1] != "GET /_tasks/"+job.BlockedTaskID {
		t.Fatalf("want the wait ended in a poll of the task, got %q", got)
	}
}

// After a cut, a job blocked by a delete is no trace of the reset: the
// reset sent again is refused with Elasticsearch's reason. A job deleted
// meanwhile fails as missing.
func TestAfterACutAJobHeldByAnotherOperationFailsAsBefore(t *testing.T) {
	t.Parallel()
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	if err := srv.SetBlocked("j", "delete", "other:1"); err != nil {
		t.Fatal(err)
	}
	srv.InjectDrop("POST", "/_ml/anomaly_detectors/j/_reset", 1)
	res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true}, nil)
	if op, _ := esclient.BlockedBy(res.Err); op != esclient.BlockedByDelete {
		t.Fatalf("want the reset refused for the delete, got %+v", res)
	}

	e, srv = newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	hold := holdReset(t, srv)
	done := resetInBackground(context.Background(), e, Request{JobID: "j", WaitForCompletion: true})
	awaitLog(t, srv, "a cut poll", func(reqs []emulator.Request) bool { return cutPolls(reqs) >= 1 })
	srv.DeleteJob("j")
	hold.Release()
	if res := await(t, done); !esclient.IsJobNotFound(res.Err) {
		t.Fatalf("want the job missing, got %+v", res)
	}
}

// Credentials that may not read tasks: after a cut the reset is sent
// again, which waits for the running reset instead of resetting twice,
// with one warning naming the task.
func TestAfterACutATaskThatMayNotBeReadIsJoined(t *testing.T) {
	t.Parallel()
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	srv.InjectStatus("GET", "/_tasks/*", http.StatusForbidden, 1)
	hold := holdReset(t, srv)
	done := resetInBackground(context.Background(), e, Request{JobID: "j", WaitForCompletion: true})
	<-hold.Reached()
	job, _ := srv.Job("j")
	awaitLog(t, srv, "the reset sent again and cut", func(reqs []emulator.Request) bool {
		n := 0
		for _, r := range reqs {
			if r.Path == "/_ml/anomaly_detectors/j/_reset" && r.GatewayAnswer != 0 {
				n++
			}
		}
		return n >= 2
	})
	hold.Release()
	res := await(t, done)
	if res.Err != nil || len(res.Warnings) != 1 || res.Warnings[0].Kind != WarningTasksForbidden || res.Warnings[0].TaskID != job.BlockedTaskID {
		t.Fatalf("want the reset done with one warning naming task %s, got %+v", job.BlockedTaskID, res)
	}
	if after, _ := srv.Job("j"); after.ResetCount != 1 {
		t.Fatalf("want one reset, got %+v", after)
	}
}

// An asynchronous reset that fails behind the gateway fails with the
// reason its task stored.
func TestAFailedAsyncResetBehindAGatewayFailsWithTheReason(t *testing.T) {
	t.Parallel()
	e, srv := newGatewayEngine(t, "8.19.0", 3*time.Second, http.StatusGatewayTimeout)
	srv.FailNextReset("j", "exception", "disk full")
	hold := holdReset(t, srv)
	done := resetInBackground(context.Background(), e, async)
	awaitLog(t, srv, "two cut polls", func(reqs []emulator.Request) bool { return cutPolls(reqs) >= 2 })
	hold.Release()
	res := await(t, done)
	if f, ok := esclient.AsTaskFailure(res.Err); !ok || f.TaskID != res.TaskID || !strings.Contains(res.Err.Error(), "disk full") {
		t.Fatalf("want the task's failure, got %+v", res)
	}
	if n := len(resetCalls(srv)); n != 1 {
		t.Fatalf("want one reset call, got %d", n)
	}
}

// Polls cut at once (a connection dropped as soon as it is made) are
// spaced out by a thirtieth of the full window, not sent in a tight loop.
func TestPollsCutAtOnceAreSpacedOut(t *testing.T) {
	t.Parallel()
	e, srv := newEngine(t, "8.19.0", 0)
	e.pollWindow = 3 * time.Second
	hold := holdReset(t, srv)
	srv.InjectDrop("GET", "/_tasks/*", 4)
	done := resetInBackground(context.Background(), e, async)
	awaitLog(t, srv, "five polls", func(reqs []emulator.Request) bool { return len(polls(reqs)) >= 5 })
	hold.Release()
	if res := await(t, done); res.Err != nil {
		t.Fatal(res.Err)
	}
	// 100ms from send to send; arrivals vary by a few milliseconds, and a
	// tight loop would send within one.
	all := polls(srv.Requests())
	for i := 1; i < 5; i++ {
		if gap := all[i].Time.Sub(all[i-1].Time); gap < 50*time.Millisecond {
			t.Fatalf("poll %d came %v after a cut one, want about 100ms", i+1, gap)
		}
	}
}
