// Package invocation is what every action's Invoke shares: the progress it
// reports while the engine runs (each step, and every so often how long
// the operation has run), and the timeout that bounds it.
package invocation

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// stillWaitingEvery is how often the user hears that the operation still
// runs. The engine's own "still waiting" comes only when a long poll of a
// task ends (30 s), and a blocking call says nothing until it returns, so
// the action keeps its own beat instead of making the engine poll more.
const stillWaitingEvery = 10 * time.Second

// Operation names what an action does to a job, for its messages.
type Operation struct {
	JobID string
	// Noun is the operation, as in "the reset of ML job …": "reset",
	// "revert".
	Noun string
	// Done says it happened, as in "ML job … reset": "reset", "reverted".
	Done string
	// Outcome follows Done when the operation has completed: ` to model
	// snapshot "s"`; empty for none.
	Outcome string
}

// Progress turns an engine run's steps into messages for the user, and
// says every stillWaitingEvery how long the operation has been running.
type Progress struct {
	op    Operation
	send  func(action.InvokeProgressEvent)
	clock providerdata.Clock
	start time.Time

	// mu orders the ticker's messages with the engine's, and guards what
	// follows.
	mu sync.Mutex
	// since is when the operation was sent; zero while nothing waits
	// for it.
	since  time.Time
	taskID string
	// cutTold: the user has heard that a gateway cuts the waits.
	cutTold bool

	quit, done chan struct{}
}

// StartProgress starts the beat; Stop ends it.
func StartProgress(op Operation, send func(action.InvokeProgressEvent), c providerdata.Clock) *Progress {
	p := &Progress{op: op, send: send, clock: c, start: c.Now(), quit: make(chan struct{}), done: make(chan struct{})}
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

// Stop ends the ticker. Terraform reads no progress once Invoke has
// returned, so nothing may be sent after it.
func (p *Progress) Stop() {
	close(p.quit)
	<-p.done
}

func (p *Progress) tick(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.since.IsZero() {
		return
	}
	p.say("Still waiting for the %s of ML job %q%s: %s elapsed", p.op.Noun, p.op.JobID, p.task(), now.Sub(p.since).Round(time.Second))
}

// Report is the engine's Progress.
func (p *Progress) Report(ev mlreset.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.taskID = ev.TaskID
	job := p.op.JobID
	switch ev.Step {
	case mlreset.StepReadingState:
		p.say("Reading what ML job %q runs, to bring it back after the %s", job, p.op.Noun)
	case mlreset.StepClosing:
		if ev.Attempt > 1 {
			p.say("Closing ML job %q again (attempt %d of %d)", job, ev.Attempt, mlreset.MaxCloseAttempts)
			return
		}
		p.say("Closing ML job %q", job)
	case mlreset.StepReopened:
		p.say("ML job %q was re-opened before the %s could start", job, p.op.Noun)
	case mlreset.StepResetting:
		p.since = p.clock.Now()
		p.say("Resetting ML job %q", job)
	case mlreset.StepReverting:
		p.since = p.clock.Now()
		p.say("Reverting ML job %q%s", job, p.op.Outcome)
	case mlreset.StepResetStarted:
		p.since = p.clock.Now()
		p.say("Reset of ML job %q started as task %s", job, ev.TaskID)
	case mlreset.StepJoiningReset:
		p.say("Cannot follow the reset task; waiting for the reset of ML job %q through the job", job)
	case mlreset.StepEarlierResetRunning:
		p.say("Elasticsearch is still waiting for an earlier reset of ML job %q", job)
	case mlreset.StepWaitCut:
		// Behind a gateway every long wait may be cut: once is news.
		if !p.cutTold {
			p.cutTold = true
			p.say("A gateway cut the wait for Elasticsearch's answer; following the %s of ML job %q until it ends", p.op.Noun, job)
		}
	case mlreset.StepFollowingTask:
		p.say("The %s of ML job %q runs as task %s", p.op.Noun, job, ev.TaskID)
	case mlreset.StepOpening:
		p.since = time.Time{}
		p.say("ML job %q %s; opening it", job, p.op.Done)
	case mlreset.StepStartingDatafeed:
		p.say("Starting datafeed %q of ML job %q", ev.DatafeedID, job)
	case mlreset.StepDone:
		p.since = time.Time{}
	case mlreset.StepStillWaiting:
		// The ticker says it, on its own beat.
	}
}

// Completed is the last message of a run that did all it was asked.
func (p *Progress) Completed(taskID string) {
	p.taskID = taskID
	p.say("ML job %q %s%s%s in %s", p.op.JobID, p.op.Done, p.op.Outcome, p.task(), p.clock.Now().Sub(p.start).Round(time.Second))
}

func (p *Progress) task() string {
	if p.taskID == "" {
		return ""
	}
	return " (task " + p.taskID + ")"
}

func (p *Progress) say(format string, args ...any) {
	p.send(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
}
