// Package actionprogress tells the user what an action is doing while it
// runs: each step as it happens, and, while it waits for a long one, every
// StillWaitingEvery how long that has taken. Every action keeps time this
// way, by its provider's clock; each words its own steps.
package actionprogress

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// StillWaitingEvery is how often the user hears that a long step still
// runs. The engine says nothing while a blocking call waits, so the action
// keeps its own beat.
const StillWaitingEvery = 10 * time.Second

// Progress is the progress of one invocation.
type Progress struct {
	send  func(action.InvokeProgressEvent)
	clock providerdata.Clock
	start time.Time

	// mu orders the ticker's messages with the action's, and guards what
	// follows.
	mu sync.Mutex
	// since is when the long step began; zero while nothing is awaited.
	since time.Time
	// awaited names what is awaited, as "Still waiting for <awaited>"
	// says it.
	awaited string

	quit, done chan struct{}
}

// Start begins keeping time for an invocation that sends its messages
// with send.
func Start(send func(action.InvokeProgressEvent), clock providerdata.Clock) *Progress {
	p := &Progress{send: send, clock: clock, start: clock.Now(), quit: make(chan struct{}), done: make(chan struct{})}
	ticks, stopTicker := clock.Ticker(StillWaitingEvery)
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
	p.say("Still waiting for %s: %s elapsed", p.awaited, now.Sub(p.since).Round(time.Second))
}

// Say tells the user of a step.
func (p *Progress) Say(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.say(format, args...)
}

// Waiting tells the user of a step that may take long, and from now on,
// at every tick, that the action still waits for awaited.
func (p *Progress) Waiting(awaited string, format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.since, p.awaited = p.clock.Now(), awaited
	p.say(format, args...)
}

// NotWaiting ends the ticks of Waiting.
func (p *Progress) NotWaiting() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.since = time.Time{}
}

// Elapsed is the time since Start.
func (p *Progress) Elapsed() time.Duration {
	return p.clock.Now().Sub(p.start).Round(time.Second)
}

func (p *Progress) say(format string, args ...any) {
	p.send(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
}
