package providerdata

import "time"

// Clock gives the time and a ticker. The action keeps time by the one its
// provider hands it, so that a test's provider can carry a clock that
// moves only when the test says, without touching other tests.
type Clock interface {
	Now() time.Time
	// Ticker ticks every d until stop is called.
	Ticker(d time.Duration) (ticks <-chan time.Time, stop func())
}

// RealClock is the wall clock, every provider's unless a test says
// otherwise.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}
