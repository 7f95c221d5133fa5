package emulator

import (
	"net/http"
	"time"
)

// ML node capacity and the assignment of job tasks to it. With capacity a
// job opens straight onto the node; without it a job that allows lazy open
// waits as "opening" (task without node), any other job is refused, as
// JobNodeSelector decides.

// awaitingAssignment is JobNodeSelector.AWAITING_LAZY_ASSIGNMENT's explanation.
const awaitingAssignment = "persistent task is awaiting node assignment."

// noCapacity is the 429 of an open without a node and without lazy open; its
// cause is an IllegalStateException, so the 429 itself is the root cause.
func noCapacity() *esError {
	e := newError(http.StatusTooManyRequests, "status_exception",
		"Could not open job because no ML nodes with sufficient capacity were found")
	e.cause = newError(http.StatusInternalServerError, "illegal_state_exception",
		"Could not open job because no suitable nodes were found, allocation explanation [%s]", noNodeExplanation)
	e.cause.plain = true
	return e
}

// UNCONFIRMED: the allocation explanation text of a cluster without ML capacity.
const noNodeExplanation = "Not opening job [_] because no ML nodes with sufficient capacity were found"

// SetMLCapacity says whether an ML node can take more jobs. Taking capacity
// away affects later opens only; giving it back assigns every job waiting
// lazily ("opening" → "opened") and starts their "starting" datafeeds.
func (s *Server) SetMLCapacity(available bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noMLCapacity = !available
	if !available {
		return
	}
	for _, j := range s.jobs {
		if j.state == stateOpening {
			s.assignJobLocked(j)
		}
	}
}

// assignJobLocked puts the job's task on the node: the job is opened and a
// datafeed that was waiting for it starts its run.
func (s *Server) assignJobLocked(j *job) {
	j.state = stateOpened
	j.openedAt = time.Now()
	if df := s.feeds[j.datafeedID]; df != nil && df.state == feedStarting {
		df.state = feedStarted
		go s.runLookback(df, df.run)
	}
	s.notifyLocked()
}
