package emulator

import (
	"context"
	"strconv"
	"time"
)

// resetRequest is one call of the reset API.
type resetRequest struct {
	jobID      string
	deleteUser bool
	timeout    time.Duration // how long to wait for an earlier reset of the job
	who        *principal
}

// handleReset is POST _ml/anomaly_detectors/<id>/_reset (7.14+). Like
// RestResetJobAction, the async branch starts the task while the request is
// still being prepared: the task id comes back before any validation, and
// an unrecognized parameter still gets a 400 after the reset has started.
func (s *Server) handleReset(c *call) (func() reply, *esError) {
	rq := resetRequest{jobID: c.vars["job_id"], who: c.who}
	wait, err := c.boolParam("wait_for_completion", true)
	if err != nil {
		return nil, err
	}
	if c.v.atLeast(8, 7, 0) {
		if rq.deleteUser, err = c.boolParam("delete_user_annotations", false); err != nil {
			return nil, err
		}
	}
	// UNCONFIRMED for 7.14-8.0 (only a later handler was read): timeout and
	// master_timeout are accepted on every version with the route.
	if rq.timeout, err = c.timeParam("timeout", s.defaultResetWaitTimeout()); err != nil {
		return nil, err
	}
	if _, err = c.timeParam("master_timeout", 30*time.Second); err != nil {
		return nil, err
	}
	if !wait {
		t := s.startTask(actJobReset, "job-"+rq.jobID, true)
		// The outcome is stored in the task, where GET _tasks finds it.
		go func() { _, _ = s.runReset(t, rq) }()
		return func() reply { return ok(obj{{"task", t.id}}) }, nil
	}
	return func() reply {
		// A synchronous reset keeps running if the client goes away.
		t := s.startTask(actJobReset, "job-"+rq.jobID, false)
		resp, err := s.runReset(t, rq)
		if err != nil {
			return fail(err)
		}
		return ok(resp)
	}, nil
}

// StartReset starts a stored reset task, as an earlier async call (say an
// interrupted apply) would have. It returns once the task has claimed the
// job (or is waiting for an earlier reset); a reset refused straight away
// returns its task id and the error the task ended with.
func (s *Server) StartReset(jobID string) (string, error) {
	t := s.startTask(actJobReset, "job-"+jobID, true)
	go func() { _, _ = s.runReset(t, resetRequest{jobID: jobID, timeout: s.defaultResetWaitTimeout()}) }()
	<-t.begun
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ended() && t.err != nil {
		return t.id, t.err
	}
	return t.id, nil
}

// BlockByLostReset leaves the job as a reset whose node died part way
// would: blocked by reset, naming a task of this node that neither runs
// nor stored a result. It returns that task's id.
func (s *Server) BlockByLostReset(jobID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return "", missingJob(jobID)
	}
	// A task number that was handed out and is gone.
	s.nextTask++
	j.blockedReason = "reset"
	j.blockedTaskID = s.nodeID + ":" + strconv.FormatInt(s.nextTask, 10)
	s.notifyLocked()
	return j.blockedTaskID, nil
}

// runReset runs the reset as task t, records the outcome and fires hooks.
func (s *Server) runReset(t *task, rq resetRequest) (any, *esError) {
	resp, err := s.resetJob(t, rq)
	s.finishTask(t, resp, err)
	s.mu.Lock()
	end := t.end
	s.mu.Unlock()
	s.fireResetEnd(rq.jobID, t.id, end)
	return resp, err
}

func acknowledged(b bool) obj { return obj{{"acknowledged", b}} }

// resetJob follows Elasticsearch's TransportResetJobAction: its checks in
// order, then the wait for an earlier reset of the job, or the reset.
func (s *Server) resetJob(t *task, rq resetRequest) (any, *esError) {
	// Authorization runs in the transport filter chain, so an async reset
	// by an unauthorized user fails inside the task.
	if err := s.authorize(rq.who, actJobReset); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.upgradeMode {
		s.mu.Unlock()
		return nil, conflict("cannot reset job while indices are being upgraded")
	}
	j, err := s.resettableLocked(rq.jobID)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if j.blockedReason == "reset" {
		// Another reset holds the job: wait for its task through the
		// get-task API's rules, then look again.
		earlier, lost := s.earlierResetLocked(j.blockedTaskID)
		v := s.versionLocked()
		if earlier != nil {
			s.notifyResetJoinedLocked(rq.jobID)
		}
		s.mu.Unlock()
		t.markBegun()
		switch {
		case lost != nil && !v.atLeast(8, 13, 0):
			// Before 8.13 the get-task "not found" was the reset's own
			// answer, and the job stayed blocked for good
			// (elastic/elasticsearch#105928); 8.13 re-runs the reset
			// instead (elastic/elasticsearch#106020).
			return nil, lost
		case earlier != nil && !s.waitClosed(context.Background(), earlier.done, rq.timeout):
			return nil, timeoutError(v, "Timed out waiting for completion of task")
		}
		s.mu.Lock()
		j = s.jobs[rq.jobID]
		switch {
		case j == nil:
			s.mu.Unlock()
			return nil, missingJob(rq.jobID)
		case j.blockedReason == "":
			s.mu.Unlock()
			return acknowledged(true), nil // the earlier reset did the work
		}
		// Still blocked by reset: the earlier one died or was cancelled,
		// so run it again ourselves (after the usual checks).
		if j, err = s.resettableLocked(rq.jobID); err != nil {
			s.mu.Unlock()
			return nil, err
		}
	}
	// Claim the job. ES re-checks the state after writing the block; under
	// our single lock nothing can change in between.
	j.blockedReason, j.blockedTaskID = "reset", t.id
	fault, hasFault := s.resetFaults[rq.jobID]
	if fault.left--; fault.left > 0 {
		s.resetFaults[rq.jobID] = fault
	} else {
		delete(s.resetFaults, rq.jobID)
	}
	d := s.resetDuration
	if j.resetDuration != nil {
		d = *j.resetDuration
	}
	hold := s.takeResetHoldLocked(rq.jobID)
	s.notifyLocked()
	s.mu.Unlock()
	t.markBegun()

	// The deletion work, or a test's hold; the task's cancel request
	// interrupts either.
	var worked <-chan time.Time
	var released <-chan struct{}
	if hold != nil {
		hold.reach()
		released = hold.released
	} else {
		timer := time.NewTimer(d)
		defer timer.Stop()
		worked = timer.C
	}
	cancelled := false
	select {
	case <-worked:
	case <-released:
	case <-t.cancelReq:
		cancelled = true
	case <-s.quit:
		cancelled = true
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// A cancelled or failed reset leaves blocked.reason = reset. We model it
	// as stopping before any data was deleted.
	if cancelled || (hasFault && fault.cancel) {
		t.cancelled = true
		return acknowledged(false), nil
	}
	if hasFault && fault.err != nil {
		return nil, fault.err
	}
	j = s.jobs[rq.jobID]
	if j == nil {
		return nil, missingJob(rq.jobID)
	}
	j.snapshotID = ""
	j.snapshots = nil
	j.learned = false
	j.modelRecords = 0
	j.counts = dataCounts{}
	j.clearResults()
	if df := s.feeds[j.datafeedID]; df != nil {
		df.searches = 0 // its timing-stats document goes with the results (derived)
	}
	j.finished = time.Time{}
	s.deleteAnnotationsLocked(j.id, rq.deleteUser)
	j.blockedReason, j.blockedTaskID = "", ""
	j.resets++
	s.notifyLocked()
	return acknowledged(true), nil
}

// earlierResetLocked looks up the task named by a job's reset block, as the
// reset's get-task call would. lost is that call's not-found answer: the
// task neither runs nor stored a result (its node died, or it ran
// synchronously and failed or was cancelled).
func (s *Server) earlierResetLocked(taskID string) (earlier *task, lost *esError) {
	if taskID == "" {
		// UNCONFIRMED: a reset block always names its task in
		// Elasticsearch; one set without (a test knob) is not waited for.
		return nil, nil
	}
	node, err := parseTaskID(taskID)
	if err != nil {
		return nil, err
	}
	return s.findTaskLocked(taskID, node)
}

// resettableLocked applies the reset's checks that follow upgrade mode: the
// job exists, is closed and is not blocked by a delete or revert.
func (s *Server) resettableLocked(id string) (*job, *esError) {
	j := s.jobs[id]
	if j == nil {
		return nil, missingJob(id)
	}
	if j.state != stateClosed {
		return nil, conflict("Can only reset a job when it is closed.")
	}
	if j.blockedReason == "delete" || j.blockedReason == "revert" {
		return nil, conflict("cannot reset job while it is blocked with [%s]", j.blockedReason)
	}
	return j, nil
}
