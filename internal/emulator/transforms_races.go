package emulator

import "time"

// Races a test sets up: someone else acting on a transform between two
// requests of the caller.

// StartTransformAfterNextStop simulates someone starting the transform
// right after each of its next `times` stops, before the caller's next
// request arrives, as ReopenAfterNextClose does for a job: a reset sent
// next finds the task running.
func (s *Server) StartTransformAfterNextStop(id string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.transforms.startAfterStop == nil {
		s.transforms.startAfterStop = map[string]int{}
	}
	s.transforms.startAfterStop[id] = times
}

// startAgainAfterStop starts again each stopped transform of tfs that a
// test asked to be started after its stop.
func (s *Server) startAgainAfterStop(tfs []*transform) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, tf := range tfs {
		if n := s.transforms.startAfterStop[tf.id]; n > 0 && tf.task == nil {
			s.transforms.startAfterStop[tf.id] = n - 1
			s.startTransformTaskLocked(tf, time.Time{})
		}
	}
}
