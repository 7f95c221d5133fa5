// Package invocation is what every action's Invoke shares, for jobs and
// transforms alike: the progress it reports while the engine runs (each
// step, and every so often how long the operation has run), and the
// timeout that bounds it.
package invocation

import (
	"fmt"
	"strings"
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

// Operation names what an action does to what, for its messages.
type Operation struct {
	// Object is what the operation works on: an ML job, a transform.
	Object mlreset.Object
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
	since time.Time
	// awaited is what since waits for: the operation, or a transform's
	// stop, which waits for the checkpoint under way.
	awaited string
	taskID  string
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
	p.say("Still waiting for the %s of %s%s: %s elapsed", p.awaited, p.name(), p.task(), now.Sub(p.since).Round(time.Second))
}

// name names the object as messages do within a sentence: ML job "j",
// transform "t".
func (p *Progress) name() string {
	if p.op.Object.Kind == mlreset.ObjectTransform {
		return fmt.Sprintf("transform %q", p.op.Object.ID)
	}
	return fmt.Sprintf("ML job %q", p.op.Object.ID)
}

// title names the object at the start of a sentence.
func (p *Progress) title() string {
	n := p.name()
	return strings.ToUpper(n[:1]) + n[1:]
}

// waitFor starts the beat: from now on each tick says how long awaited
// has run.
func (p *Progress) waitFor(awaited string) {
	p.since, p.awaited = p.clock.Now(), awaited
}

// Report is the engine's Progress.
func (p *Progress) Report(ev mlreset.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.taskID = ev.TaskID
	if p.op.Object.Kind == mlreset.ObjectTransform && p.transformStep(ev) {
		return
	}
	name, noun := p.name(), p.op.Noun
	switch ev.Step {
	case mlreset.StepReadingState:
		p.say("Reading what %s runs, to bring it back after the %s", name, noun)
	case mlreset.StepClosing:
		if ev.Attempt > 1 {
			p.say("Closing %s again (attempt %d of %d)", name, ev.Attempt, mlreset.MaxCloseAttempts)
			return
		}
		p.say("Closing %s", name)
	case mlreset.StepReopened:
		p.say("%s was re-opened before the %s could start", p.title(), noun)
	case mlreset.StepResetting:
		p.waitFor(noun)
		p.say("Resetting %s", name)
	case mlreset.StepReverting:
		p.waitFor(noun)
		p.say("Reverting %s%s", name, p.op.Outcome)
	case mlreset.StepResetStarted:
		p.waitFor(noun)
		p.say("Reset of %s started as task %s", name, ev.TaskID)
	case mlreset.StepJoiningReset:
		p.say("Cannot follow the reset task; waiting for the reset of %s through the job", name)
	case mlreset.StepEarlierResetRunning:
		p.say("Elasticsearch is still waiting for an earlier reset of %s", name)
	case mlreset.StepWaitCut:
		// Behind a gateway every long wait may be cut: once is news.
		if !p.cutTold {
			p.cutTold = true
			p.say("A gateway cut the wait for Elasticsearch's answer; following the %s of %s until it ends", noun, name)
		}
	case mlreset.StepFollowingTask:
		p.say("The %s of %s runs as task %s", noun, name, ev.TaskID)
	case mlreset.StepOpening:
		p.since = time.Time{}
		p.say("%s %s; opening it", p.title(), p.op.Done)
	case mlreset.StepStartingDatafeed:
		p.say("Starting datafeed %q of %s", ev.DatafeedID, name)
	case mlreset.StepDone:
		p.since = time.Time{}
	case mlreset.StepStillWaiting:
		// The ticker says it, on its own beat.
	}
}

// transformStep says the steps a transform's flow words its own way (the
// engine shares their numbers with a job's close and open), and reports
// whether it said ev.
func (p *Progress) transformStep(ev mlreset.Event) bool {
	name, noun := p.name(), p.op.Noun
	switch ev.Step {
	case mlreset.StepReadingState:
		p.say("Reading the state of %s, to bring it back after the %s", name, noun)
	case mlreset.StepStopping:
		// A stop waits for the checkpoint under way: it may take long.
		p.waitFor("stop")
		if ev.Attempt > 1 {
			p.say("Stopping %s again (attempt %d of %d)", name, ev.Attempt, mlreset.MaxCloseAttempts)
			return true
		}
		p.say("Stopping %s", name)
	case mlreset.StepStartedAgain:
		p.since = time.Time{}
		p.say("%s was started again before the %s could run", p.title(), noun)
	case mlreset.StepStarting:
		p.since = time.Time{}
		p.say("%s %s; starting it", p.title(), p.op.Done)
	default:
		return false
	}
	return true
}

// Completed is the last message of a run that did all it was asked.
func (p *Progress) Completed(taskID string) {
	p.taskID = taskID
	p.say("%s %s%s%s in %s", p.title(), p.op.Done, p.op.Outcome, p.task(), p.clock.Now().Sub(p.start).Round(time.Second))
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
