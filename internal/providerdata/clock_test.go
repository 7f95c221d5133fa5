package providerdata

import (
	"testing"
	"time"
)

// A provider keeps real time unless a test gives it another clock.
func TestNewKeepsRealTime(t *testing.T) {
	d := New(nil)
	if _, isReal := d.Clock.(RealClock); !isReal {
		t.Fatalf("clock %T, want RealClock", d.Clock)
	}
	before := time.Now()
	ticks, stop := d.Clock.Ticker(time.Millisecond)
	defer stop()
	select {
	case tick := <-ticks:
		if tick.Before(before) || d.Clock.Now().Before(tick) {
			t.Fatalf("tick %v outside [%v, now]", tick, before)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the real ticker never ticked")
	}
}
