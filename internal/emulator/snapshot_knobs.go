package emulator

import (
	"fmt"
	"time"
)

// StoreModelSnapshots stores a model snapshot of a closed job at each of
// the given times, oldest first, as a close of the job at each time would:
// the id is the time in epoch seconds, the latest record and result are
// the job's, and the job then runs the last one. A time not after the
// job's newest snapshot moves to the second after it, as two closes
// within a second do. It returns the ids stored, oldest first. For tests
// that need many snapshots (more than a page) without as many
// open-feed-close cycles.
func (s *Server) StoreModelSnapshots(jobID string, times ...time.Time) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return nil, missingJob(jobID)
	}
	if j.state != stateClosed {
		return nil, fmt.Errorf("emulator: job %q is %s; snapshots are stored when a job closes", jobID, j.state)
	}
	ids := make([]string, len(times))
	for i, at := range times {
		ids[i] = s.persistSnapshotLocked(j, at).id
	}
	return ids, nil
}
