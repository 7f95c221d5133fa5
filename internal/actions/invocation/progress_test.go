package invocation

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// clock stands still and ticks when the test says.
type clock struct {
	now   time.Time
	ticks chan time.Time
}

func (c *clock) Now() time.Time { return c.now }

func (c *clock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	if d != stillWaitingEvery {
		panic("unexpected beat")
	}
	return c.ticks, func() {}
}

// sent collects the messages.
type sent struct {
	mu   sync.Mutex
	msgs []string
}

func (s *sent) send(ev action.InvokeProgressEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, ev.Message)
}

func (s *sent) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// tick and silentTick stand for a tick of the beat among the events (10 s,
// 20 s, … after the start): one that says how long the wait has run, and
// one that says nothing as nothing is awaited.
var (
	tick       = &mlreset.Event{}
	silentTick = &mlreset.Event{}
)

// run reports events to a Progress of op, and returns what it sent. After
// a tick it waits for its message, which the beat sends on its own
// goroutine, so that the next event comes after it.
func run(t *testing.T, op Operation, events ...*mlreset.Event) []string {
	t.Helper()
	c := &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ticks: make(chan time.Time)}
	var s sent
	p := StartProgress(op, s.send, c)
	var ticked time.Duration
	for _, ev := range events {
		if ev == tick || ev == silentTick {
			before := len(s.all())
			ticked += stillWaitingEvery
			c.ticks <- c.now.Add(ticked)
			if ev == silentTick {
				time.Sleep(20 * time.Millisecond)
				continue
			}
			for deadline := time.Now().Add(5 * time.Second); len(s.all()) == before; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("no message for the tick after %q", s.all())
				}
			}
			continue
		}
		p.Report(*ev)
	}
	c.now = c.now.Add(42 * time.Second)
	p.Completed("")
	p.Stop()
	select {
	case c.ticks <- c.now:
		t.Fatal("a tick was taken after Stop")
	case <-time.After(50 * time.Millisecond):
	}
	return s.all()
}

func step(s mlreset.Step) *mlreset.Event { return &mlreset.Event{Step: s} }

// A job's messages, as the job reset action has always said them: ticks
// say how long the reset has run, and nothing while none runs.
func TestJobReset(t *testing.T) {
	op := Operation{Object: mlreset.Object{Kind: mlreset.ObjectJob, ID: "j"}, Noun: "reset", Done: "reset"}
	got := run(t, op,
		step(mlreset.StepReadingState), silentTick,
		&mlreset.Event{Step: mlreset.StepClosing, Attempt: 1}, &mlreset.Event{Step: mlreset.StepClosing, Attempt: 2},
		step(mlreset.StepReopened), step(mlreset.StepResetting), tick, tick,
		step(mlreset.StepOpening), silentTick, &mlreset.Event{Step: mlreset.StepStartingDatafeed, DatafeedID: "datafeed-j"}, step(mlreset.StepDone))
	want := []string{
		`Reading what ML job "j" runs, to bring it back after the reset`,
		`Closing ML job "j"`,
		`Closing ML job "j" again (attempt 2 of 3)`,
		`ML job "j" was re-opened before the reset could start`,
		`Resetting ML job "j"`,
		`Still waiting for the reset of ML job "j": 20s elapsed`,
		`Still waiting for the reset of ML job "j": 30s elapsed`,
		`ML job "j" reset; opening it`,
		`Starting datafeed "datafeed-j" of ML job "j"`,
		`ML job "j" reset in 42s`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sent %q\nwant %q", got, want)
	}
}

// A transform's own words for the steps it shares with a job's close and
// open; the beat runs while the stop (which waits for the checkpoint under
// way) or the reset runs.
func TestTransformReset(t *testing.T) {
	op := Operation{Object: mlreset.Object{Kind: mlreset.ObjectTransform, ID: "sales"}, Noun: "reset", Done: "reset"}
	got := run(t, op,
		step(mlreset.StepReadingState), silentTick,
		&mlreset.Event{Step: mlreset.StepStopping, Attempt: 1}, tick,
		step(mlreset.StepStartedAgain), silentTick,
		&mlreset.Event{Step: mlreset.StepStopping, Attempt: 2},
		step(mlreset.StepResetting), tick,
		step(mlreset.StepStarting), silentTick, step(mlreset.StepDone))
	want := []string{
		`Reading the state of transform "sales", to bring it back after the reset`,
		`Stopping transform "sales"`,
		`Still waiting for the stop of transform "sales": 20s elapsed`,
		`Transform "sales" was started again before the reset could run`,
		`Stopping transform "sales" again (attempt 2 of 3)`,
		`Resetting transform "sales"`,
		`Still waiting for the reset of transform "sales": 40s elapsed`,
		`Transform "sales" reset; starting it`,
		`Transform "sales" reset in 42s`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sent %q\nwant %q", got, want)
	}
}
