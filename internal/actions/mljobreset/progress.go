package mljobreset

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// stillWaitingEvery is how often the user hears that the reset still runs.
// The engine's own "still waiting" comes only when a long poll of the task
// ends (30 s), and a blocking reset call says nothing until it returns, so
// the action keeps its own beat instead of making the engine poll more.
const stillWaitingEvery = 10 * time.Second

// progress turns the reset's steps into messages for the user, and says
// every stillWaitingEvery how long the reset has been running.
type progress struct {
	jobID string
	send  func(action.InvokeProgressEvent)
	clock providerdata.Clock
	start time.Time

	// mu orders the ticker's messages with the engine's, and guards what
	// follows.
	mu sync.Mutex
	// resetSince is when the reset was sent; zero while nothing waits
	// for a reset.
	resetSince time.Time
	taskID     string
	// cutTold: the user has heard that a gateway cuts the waits.
	cutTold bool

	quit, done chan struct{}
}

func startProgress(jobID string, send func(action.InvokeProgressEvent), c providerdata.Clock) *progress {
	p := &progress{jobID: jobID, send: send, clock: c, start: c.Now(), quit: make(chan struct{}), done: make(chan struct{})}
	ticks, stopTicker := c.Ticker(stillWaitingEvery)
	go func() {
		defer close(p.done)
		defer stopTicker()
		for {
			select {
			case <-p.quit:
				return
			case now := <-ticks:
				p.tick(now)
			}
		}
	}()
	return p
}

// stop ends the ticker. Terraform reads no progress once Invoke has
// returned, so nothing may be sent after it.
func (p *progress) stop() {
	close(p.quit)
	<-p.done
}

func (p *progress) tick(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.resetSince.IsZero() {
		return
	}
	p.say("Still waiting for the reset of ML job %q%s: %s elapsed", p.jobID, p.task(), now.Sub(p.resetSince).Round(time.Second))
}

// report is the engine's Progress.
func (p *progress) report(ev mlreset.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.taskID = ev.TaskID
	switch ev.Step {
	case mlreset.StepReadingState:
		p.say("Reading what ML job %q runs, to bring it back after the reset", p.jobID)
	case mlreset.StepClosing:
		if ev.Attempt > 1 {
			p.say("Closing ML job %q again (attempt %d of %d)", p.jobID, ev.Attempt, mlreset.MaxCloseAttempts)
			return
		}
		p.say("Closing ML job %q", p.jobID)
	case mlreset.StepReopened:
		p.say("ML job %q was re-opened before the reset could start", p.jobID)
	case mlreset.StepResetting:
		p.resetSince = p.clock.Now()
		p.say("Resetting ML job %q", p.jobID)
	case mlreset.StepResetStarted:
		p.resetSince = p.clock.Now()
		p.say("Reset of ML job %q started as task %s", p.jobID, ev.TaskID)
	case mlreset.StepJoiningReset:
		p.say("Cannot follow the reset task; waiting for the reset of ML job %q through the job", p.jobID)
	case mlreset.StepEarlierResetRunning:
		p.say("Elasticsearch is still waiting for an earlier reset of ML job %q", p.jobID)
	case mlreset.StepWaitCut:
		// Behind a gateway every long wait may be cut: once is news.
		if !p.cutTold {
			p.cutTold = true
			p.say("A gateway cut the wait for Elasticsearch's answer; following the reset of ML job %q until it ends", p.jobID)
		}
	case mlreset.StepFollowingTask:
		p.say("The reset of ML job %q runs as task %s", p.jobID, ev.TaskID)
	case mlreset.StepOpening:
		p.resetSince = time.Time{}
		p.say("ML job %q reset; opening it", p.jobID)
	case mlreset.StepStartingDatafeed:
		p.say("Starting datafeed %q of ML job %q", ev.DatafeedID, p.jobID)
	case mlreset.StepDone:
		p.resetSince = time.Time{}
	case mlreset.StepStillWaiting:
		// The ticker says it, on its own beat.
	}
}

// completed is the last message of a reset that did all it was asked.
func (p *progress) completed(taskID string) {
	p.taskID = taskID
	p.say("ML job %q reset%s in %s", p.jobID, p.task(), p.clock.Now().Sub(p.start).Round(time.Second))
}

func (p *progress) task() string {
	if p.taskID == "" {
		return ""
	}
	return " (task " + p.taskID + ")"
}

func (p *progress) say(format string, args ...any) {
	p.send(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
}
