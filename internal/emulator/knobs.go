package emulator

import (
	"fmt"
	"time"
)

// Knobs set up state directly, applying the same rules as the HTTP APIs
// where there are rules to apply.

// asError keeps a nil *esError from becoming a non-nil error.
func asError(e *esError) error {
	if e == nil {
		return nil
	}
	return e
}

// PutJob creates a closed job with a default config; an existing job is kept.
func (s *Server) PutJob(jobID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jobs[jobID] == nil {
		s.jobs[jobID] = newJob(jobID)
		s.ensureMLIndicesLocked()
	}
}

// PutJobInGroups creates a closed job with a description and groups, as
// PUT job with those fields does; an existing job is kept.
func (s *Server) PutJobInGroups(jobID, description string, groups ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jobs[jobID] == nil {
		j := newJob(jobID)
		j.description, j.groups = description, groups
		s.jobs[jobID] = j
		s.ensureMLIndicesLocked()
	}
}

// FeedRecords runs one record per time through an opened job, as its
// datafeed or POST _data would: the counts and record times follow.
func (s *Server) FeedRecords(jobID string, times []time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.feedLocked(jobID, times)
}

func (s *Server) feedLocked(jobID string, times []time.Time) error {
	j := s.jobs[jobID]
	if j == nil {
		return missingJob(jobID)
	}
	if j.state != stateOpened {
		return notOpenForData(jobID)
	}
	records := make([]map[string]any, len(times))
	for i, t := range times {
		records[i] = map[string]any{j.timeField: float64(t.UnixMilli())}
	}
	j.ingest(records, recordTime("epoch_ms"), 0)
	s.notifyLocked()
	return nil
}

// OpenJob opens a closed job (same checks as the open API).
func (s *Server) OpenJob(jobID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.openLocked(jobID)
	return asError(err)
}

// CloseJob closes an opened job as the close API does: its datafeed stops
// and what it learned is persisted as a model snapshot.
func (s *Server) CloseJob(jobID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return missingJob(jobID)
	}
	if j.state == stateClosed {
		return nil
	}
	if df := s.feeds[j.datafeedID]; df != nil {
		df.state, df.run = feedStopped, nil
	}
	s.closeLocked(j)
	return nil
}

// SetJobState forces the job's task state, e.g. "failed" or a stuck "closing".
func (s *Server) SetJobState(jobID, state string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return missingJob(jobID)
	}
	switch state {
	case stateOpening:
		j.openedAt = time.Time{} // no node yet, so no open_time
	case stateOpened, stateClosing, stateFailed:
		if j.openedAt.IsZero() {
			j.openedAt = time.Now()
		}
	case stateClosed:
		j.openedAt = time.Time{}
	default:
		return fmt.Errorf("emulator: unknown job state %q", state)
	}
	j.state = state
	s.notifyLocked()
	return nil
}

// ProcessRecords feeds n records to an opened job, one a second up to
// now, as the acceptance fixtures index them on a real cluster; each after
// the job's latest record, which a job would otherwise skip as out of order.
func (s *Server) ProcessRecords(jobID string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now().UTC().Truncate(time.Millisecond).Add(-time.Duration(n-1) * time.Second)
	if j := s.jobs[jobID]; j != nil && !start.After(j.counts.latest) {
		start = j.counts.latest.Add(time.Millisecond)
	}
	times := make([]time.Time, n)
	for i := range times {
		times[i] = start.Add(time.Duration(i) * time.Second)
	}
	return s.feedLocked(jobID, times)
}

func notOpenForData(jobID string) *esError {
	return conflict("Cannot perform requested action because job [%s] is not open", jobID)
}

// AddAnnotation adds a user (create_username "elastic") or generated
// ("_xpack") annotation to the job.
func (s *Server) AddAnnotation(jobID, text string, user bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jobs[jobID] == nil {
		return
	}
	by, event := xpackUser, "delayed_data"
	if user {
		by, event = humanUser, "user"
	}
	s.addAnnotationLocked(jobID, "", text, by, event, time.Now())
}

// AddAnnotationAt adds an annotation of the given event ("user",
// "delayed_data", "model_change", ...) at a time, made by a user or by ML
// itself ("_xpack").
func (s *Server) AddAnnotationAt(jobID, text, event string, byUser bool, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jobs[jobID] == nil {
		return
	}
	by := xpackUser
	if byUser {
		by = humanUser
	}
	s.addAnnotationLocked(jobID, "", text, by, event, at)
}

// SetBlocked sets blocked.reason ("delete", "revert", "reset") and task id,
// or clears it with "".
func (s *Server) SetBlocked(jobID, reason, taskID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return missingJob(jobID)
	}
	switch reason {
	case "", "delete", "revert", "reset":
	default:
		return fmt.Errorf("emulator: unknown blocked reason %q", reason)
	}
	j.blockedReason, j.blockedTaskID = reason, taskID
	if reason == "" {
		j.blockedTaskID = ""
	}
	s.notifyLocked()
	return nil
}

// SetJobResetDuration sets how long resets of this job take.
func (s *Server) SetJobResetDuration(jobID string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := s.jobs[jobID]; j != nil {
		j.resetDuration = &d
	}
}

// DeleteJob removes the job, its datafeed and its generated annotations
// out of band.
func (s *Server) DeleteJob(jobID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteJobLocked(jobID, false)
}

// deleteJobLocked drops the job's config, datafeed, results and annotations
// (user annotations only when asked).
func (s *Server) deleteJobLocked(jobID string, userAnnotations bool) {
	if j := s.jobs[jobID]; j != nil {
		delete(s.feeds, j.datafeedID)
		delete(s.jobs, jobID)
		s.deleteAnnotationsLocked(jobID, userAnnotations)
		s.notifyLocked()
	}
}

// JobSnapshot is a test's view of one job.
type JobSnapshot struct {
	ID, State, BlockedReason, BlockedTaskID, ModelSnapshotID string
	ProcessedRecords                                         int
	UserAnnotations, GeneratedAnnotations                    int
	DatafeedState                                            string    // "started", "stopped" or "" without datafeed
	ResetCount                                               int       // completed resets
	LatestRecordTime                                         time.Time // data_counts.latest_record_timestamp; zero: none
	ModelBytes                                               int       // model_size_stats.model_bytes
}

// Job returns the job's current state.
func (s *Server) Job(jobID string) (JobSnapshot, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return JobSnapshot{}, false
	}
	snap := JobSnapshot{
		ID: j.id, State: j.state, BlockedReason: j.blockedReason, BlockedTaskID: j.blockedTaskID,
		ModelSnapshotID: j.snapshotID, ProcessedRecords: j.counts.processed, ResetCount: j.resets,
		LatestRecordTime: utc(j.counts.latest), ModelBytes: j.modelBytes(),
	}
	snap.UserAnnotations, snap.GeneratedAnnotations = s.annotationCountsLocked(jobID)
	if df := s.feeds[j.datafeedID]; df != nil {
		snap.DatafeedState = df.state
	}
	return snap, true
}

// AllowLazyOpen sets the job's allow_lazy_open: without ML capacity it then
// opens lazily (waits as opening) instead of being refused.
func (s *Server) AllowLazyOpen(jobID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := s.jobs[jobID]; j != nil {
		j.allowLazyOpen = true
	}
}
