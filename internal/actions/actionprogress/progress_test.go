package actionprogress

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

// clock stands still and ticks when the test says.
type clock struct {
	now   time.Time
	ticks chan time.Time
}

func (c *clock) Now() time.Time { return c.now }

func (c *clock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	if d != StillWaitingEvery {
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

// Ticks say how long a long step has run, and nothing while none runs;
// nothing is sent once stopped.
func TestProgress(t *testing.T) {
	c := &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ticks: make(chan time.Time)}
	var s sent
	p := Start(s.send, c)
	tick := func(after time.Duration) { c.ticks <- c.now.Add(after) }

	p.Say("step %d", 1)
	tick(5 * time.Second) // nothing awaited: silent
	p.Waiting("the reset of x", "Resetting %s", "x")
	tick(10 * time.Second)
	tick(20 * time.Second)
	p.NotWaiting()
	tick(30 * time.Second)
	c.now = c.now.Add(42 * time.Second)
	if got := p.Elapsed(); got != 42*time.Second {
		t.Errorf("elapsed %s", got)
	}
	p.Stop()
	select {
	case c.ticks <- c.now:
		t.Fatal("a tick was taken after Stop")
	case <-time.After(50 * time.Millisecond):
	}
	want := []string{"step 1", "Resetting x", "Still waiting for the reset of x: 10s elapsed", "Still waiting for the reset of x: 20s elapsed"}
	if got := s.all(); !slices.Equal(got, want) {
		t.Fatalf("sent %q, want %q", got, want)
	}
}
