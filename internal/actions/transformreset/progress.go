package transformreset

import (
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/actionprogress"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// progress words the reset's steps for the user; actionprogress keeps the
// time and says, while a stop or the reset runs, how long it has been
// running: a stop waits for the checkpoint under way to end.
type progress struct {
	transformID string
	*actionprogress.Progress
}

// report is the engine's Progress.
func (p progress) report(ev mlreset.Event) {
	switch ev.Step {
	case mlreset.StepReadingState:
		p.Say("Reading the state of transform %q, to bring it back after the reset", p.transformID)
	case mlreset.StepStopping:
		if ev.Attempt > 1 {
			p.Waiting(p.the("stop"), "Stopping transform %q again (attempt %d of %d)", p.transformID, ev.Attempt, mlreset.MaxCloseAttempts)
			return
		}
		p.Waiting(p.the("stop"), "Stopping transform %q", p.transformID)
	case mlreset.StepStartedAgain:
		p.NotWaiting()
		p.Say("Transform %q was started again before the reset could run", p.transformID)
	case mlreset.StepResetting:
		p.Waiting(p.the("reset"), "Resetting transform %q", p.transformID)
	case mlreset.StepStarting:
		p.NotWaiting()
		p.Say("Transform %q reset; starting it", p.transformID)
	case mlreset.StepDone:
		p.NotWaiting()
	}
}

// the names what is awaited: the stop or the reset of the transform.
func (p progress) the(what string) string {
	return fmt.Sprintf("the %s of transform %q", what, p.transformID)
}

// completed is the last message of a reset that did all it was asked.
func (p progress) completed() {
	p.Say("Transform %q reset in %s", p.transformID, p.Elapsed())
}
