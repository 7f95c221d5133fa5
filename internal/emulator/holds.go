package emulator

import (
	"sync"
	"time"
)

// Hold keeps an operation at one point until the test releases it, so that
// tests order events by what happened, not by durations and sleeps.
type Hold struct {
	reached     chan struct{}
	released    chan struct{}
	reachOnce   sync.Once
	releaseOnce sync.Once
}

func newHold() *Hold {
	return &Hold{reached: make(chan struct{}), released: make(chan struct{})}
}

// Reached is closed once the operation has got to its hold.
func (h *Hold) Reached() <-chan struct{} { return h.reached }

// Release lets the operation go on; releasing again does nothing.
func (h *Hold) Release() { h.releaseOnce.Do(func() { close(h.released) }) }

func (h *Hold) reach() { h.reachOnce.Do(func() { close(h.reached) }) }

// HoldNextReset makes the next reset of jobID, once it has claimed the job
// (blocked.reason = reset, visible to every API), wait for Release instead
// of the reset duration. Cancelling its task or closing the server still
// ends it, as cancelled.
func (s *Server) HoldNextReset(jobID string) *Hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.resetHolds == nil {
		s.resetHolds = map[string]*Hold{}
	}
	h := newHold()
	s.resetHolds[jobID] = h
	return h
}

// takeResetHoldLocked returns and forgets the hold of the job's next reset,
// or nil. Caller holds mu.
func (s *Server) takeResetHoldLocked(jobID string) *Hold {
	h := s.resetHolds[jobID]
	delete(s.resetHolds, jobID)
	return h
}

// WithResetWaitTimeout sets how long a reset waits for an earlier reset of
// the same job when the request has no timeout parameter (Elasticsearch:
// 30s), after which it answers timeout_exception.
func WithResetWaitTimeout(d time.Duration) Option {
	return func(s *Server) { s.resetWaitTimeout = d }
}

func (s *Server) defaultResetWaitTimeout() time.Duration {
	if s.resetWaitTimeout > 0 {
		return s.resetWaitTimeout
	}
	return 30 * time.Second
}

// ResetJoined is closed once a reset request of jobID starts waiting for
// an earlier reset of the job, so that a test releases the earlier one
// only after the later one has joined it.
func (s *Server) ResetJoined(jobID string) <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.resetJoins == nil {
		s.resetJoins = map[string][]chan struct{}{}
	}
	ch := make(chan struct{})
	s.resetJoins[jobID] = append(s.resetJoins[jobID], ch)
	return ch
}

// notifyResetJoinedLocked closes the job's ResetJoined channels. Caller
// holds mu.
func (s *Server) notifyResetJoinedLocked(jobID string) {
	for _, ch := range s.resetJoins[jobID] {
		close(ch)
	}
	delete(s.resetJoins, jobID)
}
