package mljobreset

import (
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/actionprogress"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// progress words the reset's steps for the user; actionprogress keeps the
// time and says, while a reset runs, how long it has been running.
type progress struct {
	jobID string
	*actionprogress.Progress
}

// report is the engine's Progress.
func (p progress) report(ev mlreset.Event) {
	switch ev.Step {
	case mlreset.StepReadingState:
		p.Say("Reading what ML job %q runs, to bring it back after the reset", p.jobID)
	case mlreset.StepClosing:
		if ev.Attempt > 1 {
			p.Say("Closing ML job %q again (attempt %d of %d)", p.jobID, ev.Attempt, mlreset.MaxCloseAttempts)
			return
		}
		p.Say("Closing ML job %q", p.jobID)
	case mlreset.StepReopened:
		p.Say("ML job %q was re-opened before the reset could start", p.jobID)
	case mlreset.StepResetting:
		p.Waiting(p.theReset(ev.TaskID), "Resetting ML job %q", p.jobID)
	case mlreset.StepResetStarted:
		p.Waiting(p.theReset(ev.TaskID), "Reset of ML job %q started as task %s", p.jobID, ev.TaskID)
	case mlreset.StepJoiningReset:
		p.Say("Cannot follow the reset task; waiting for the reset of ML job %q through the job", p.jobID)
	case mlreset.StepEarlierResetRunning:
		p.Say("Elasticsearch is still waiting for an earlier reset of ML job %q", p.jobID)
	case mlreset.StepOpening:
		p.NotWaiting()
		p.Say("ML job %q reset; opening it", p.jobID)
	case mlreset.StepStartingDatafeed:
		p.Say("Starting datafeed %q of ML job %q", ev.DatafeedID, p.jobID)
	case mlreset.StepDone:
		p.NotWaiting()
	case mlreset.StepStillWaiting:
		// The ticker says it, on its own beat.
	}
}

// theReset names the reset being waited for, with its task if it has one.
func (p progress) theReset(taskID string) string {
	return fmt.Sprintf("the reset of ML job %q%s", p.jobID, task(taskID))
}

// completed is the last message of a reset that did all it was asked.
func (p progress) completed(taskID string) {
	p.Say("ML job %q reset%s in %s", p.jobID, task(taskID), p.Elapsed())
}

func task(taskID string) string {
	if taskID == "" {
		return ""
	}
	return " (task " + taskID + ")"
}
