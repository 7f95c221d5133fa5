package emulator

import (
	"fmt"
	"time"
)

// Knobs for transforms: states a test cannot reach through the APIs (a
// failure, a task waiting for a node), the transform feature's upgrade
// mode, and a view of a transform for assertions.

// FailTransform puts the transform's task in state failed with reason, as
// an indexer failure would (a stopped transform gets a failed task). Only
// a forced stop ends it.
func (s *Server) FailTransform(id, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tf := s.transformsLocked()[id]
	if tf == nil {
		return missingTransform(id)
	}
	s.failTransformLocked(tf, reason)
	return nil
}

// SetTransformState sets the task state directly: "waiting" (no node to
// run on), "aborting" and "stopping" hold there until stopped; "started"
// gives a stopped or waiting transform a task and runs a pass; "stopped"
// ends the task as a forced stop does.
func (s *Server) SetTransformState(id, state string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tf := s.transformsLocked()[id]
	if tf == nil {
		return missingTransform(id)
	}
	switch state {
	case tfStopped:
		s.endTransformTaskLocked(tf)
	case tfStarted:
		if tf.task == nil {
			s.startTransformTaskLocked(tf, time.Time{})
			return nil
		}
		tf.task.state, tf.task.reason = tfStarted, ""
		go s.runTransformPass(tf, tf.task)
	case tfWaiting, tfAborting, tfStopping:
		if tf.task == nil {
			tf.task = &transformTask{}
		}
		if tf.task.next != nil {
			tf.task.next.Stop()
		}
		tf.task.state, tf.task.reason = state, ""
	default:
		return fmt.Errorf("emulator: SetTransformState does not set %q (FailTransform sets failed)", state)
	}
	s.notifyLocked()
	return nil
}

// TriggerTransform runs a pass of a started transform now instead of at
// its next frequency tick, as _schedule_now does.
func (s *Server) TriggerTransform(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tf := s.transformsLocked()[id]
	if tf == nil {
		return missingTransform(id)
	}
	if tf.task == nil || tf.task.state != tfStarted {
		return fmt.Errorf("emulator: transform %s is %s, not started", id, tf.state())
	}
	if tf.task.next != nil {
		tf.task.next.Stop()
	}
	go s.runTransformPass(tf, tf.task)
	return nil
}

// SetTransformUpgradeMode turns the transform feature's upgrade mode on or
// off (it is not ML's, which SetUpgradeMode sets): start and reset refuse.
func (s *Server) SetTransformUpgradeMode(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.transforms.upgradeMode = on
}

// TransformSnapshot is a test's view of one transform.
type TransformSnapshot struct {
	ID, State, Reason, DestIndex         string
	Continuous                           bool
	Checkpoint                           int64
	DocumentsProcessed, DocumentsIndexed int64
	Resets                               int // completed resets
}

// Transform returns the transform's current state.
func (s *Server) Transform(id string) (TransformSnapshot, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tf := s.transformsLocked()[id]
	if tf == nil {
		return TransformSnapshot{}, false
	}
	snap := TransformSnapshot{
		ID: tf.id, State: tf.state(), DestIndex: tf.destIndex, Continuous: tf.continuous(),
		Checkpoint: tf.checkpoint, DocumentsProcessed: tf.counters.documentsProcessed,
		DocumentsIndexed: tf.counters.documentsIndexed, Resets: tf.resets,
	}
	if tf.task != nil {
		snap.Reason = tf.task.reason
	}
	return snap, true
}
