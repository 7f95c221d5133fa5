package mljobreset

import (
	"testing"
	"time"
)

// FakeClock stands still, and ticks only when the test says so.
type FakeClock struct {
	now   time.Time
	ticks chan time.Time
}

// UseFakeClock makes every invocation in this test binary use a fake
// clock until the test ends. Tests that use it do not run in parallel.
func UseFakeClock(t *testing.T) *FakeClock {
	c := &FakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ticks: make(chan time.Time)}
	var asClock clock = c
	theClock.Store(&asClock)
	t.Cleanup(func() { theClock.Store(nil) })
	return c
}

func (c *FakeClock) Now() time.Time { return c.now }

func (c *FakeClock) Ticker(time.Duration) (<-chan time.Time, func()) { return c.ticks, func() {} }

// Tick delivers the tick of the time `after` from now to the invocation
// under way, and returns once it has taken it.
func (c *FakeClock) Tick(after time.Duration) { c.ticks <- c.now.Add(after) }
