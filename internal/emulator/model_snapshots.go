package emulator

import (
	"strconv"
	"time"
)

// modelSnapshot is a persisted model of a job (ModelSnapshot): what GET
// model_snapshots lists and a revert goes back to. Besides the fields the
// API shows it keeps where the analysis stood, which the model state
// restores on a revert.
type modelSnapshot struct {
	id          string
	timestamp   time.Time
	description string
	minVersion  string
	// latestRecord and latestResult are zero when the job had none.
	latestRecord, latestResult time.Time
	retain                     bool
	docCount                   int

	modelRecords           int
	openBucket             int64
	bucketOpen             bool
	lastFinalizedBucketEnd int64
}

// emptySnapshotID names the model that has learned nothing (7.11+).
const emptySnapshotID = "empty"

// modelBytes is the size of a model that learned from n records: a fixed
// base plus a little per record, 0 for a model that learned nothing.
func modelBytesFor(n int, hasModel bool) int {
	if n == 0 && !hasModel {
		return 0
	}
	return 1<<20 + 256*n
}

// modelBytes is the size of the job's current model.
func (j *job) modelBytes() int { return modelBytesFor(j.modelRecords, j.snapshotID != "") }

func (m *modelSnapshot) modelBytes() int {
	return modelBytesFor(m.modelRecords, m.id != emptySnapshotID)
}

// persistSnapshotLocked stores the job's model as a new snapshot, as
// autodetect does when a job that learned something closes: its id is the
// time in epoch seconds (CAnomalyJob), its description says why, and the
// job now runs it.
func (s *Server) persistSnapshotLocked(j *job, now time.Time) *modelSnapshot {
	sec := now.Unix()
	for _, m := range j.snapshots {
		// Two snapshots within one second would share an id, and the
		// second would overwrite the first; keep them apart instead.
		if n, err := strconv.ParseInt(m.id, 10, 64); err == nil && n >= sec {
			sec = n + 1
		}
	}
	m := &modelSnapshot{
		id:                     strconv.FormatInt(sec, 10),
		timestamp:              time.Unix(sec, 0).UTC(),
		description:            "State persisted due to job close at " + now.UTC().Format("2006-01-02T15:04:05-0700"),
		minVersion:             s.versionNumber,
		latestRecord:           j.counts.latest,
		docCount:               1,
		modelRecords:           j.modelRecords,
		openBucket:             j.openBucket,
		bucketOpen:             j.bucketOpen,
		lastFinalizedBucketEnd: j.lastFinalizedBucketEnd,
	}
	// UNCONFIRMED: the latest result is the latest final bucket; the
	// bucket still gathering data at close has none (autodetect's
	// finalise writes no results).
	if b, ok := j.latestResult(); ok {
		m.latestResult = time.UnixMilli(b)
	}
	j.snapshots = append(j.snapshots, m)
	j.snapshotID = m.id
	j.snapshotMinVersion = m.minVersion
	j.learned = false
	// The annotation sits at the snapshot's latest result (or, lacking
	// one, its latest record).
	at := now
	switch {
	case !m.latestResult.IsZero():
		at = m.latestResult
	case !m.latestRecord.IsZero():
		at = m.latestRecord
	}
	s.addSnapshotAnnotationLocked(j.id, m.id, at)
	return m
}

// snapshot finds a stored snapshot of the job by exact id.
func (j *job) snapshot(id string) *modelSnapshot {
	for _, m := range j.snapshots {
		if m.id == id {
			return m
		}
	}
	return nil
}

// emptySnapshot is ModelSnapshot.emptySnapshot: made up on the spot, never
// stored.
func (s *Server) emptySnapshot(now time.Time) *modelSnapshot {
	return &modelSnapshot{id: emptySnapshotID, timestamp: now, description: "empty snapshot", minVersion: s.versionNumber}
}

// json renders a snapshot as GET model_snapshots and revert show it
// (ModelSnapshot.toXContent order; quantiles are never shown).
func (m *modelSnapshot) json(jobID string, now time.Time) obj {
	o := obj{
		{"job_id", jobID},
		{"min_version", m.minVersion},
		{"timestamp", millis(m.timestamp)},
	}
	if m.description != "" {
		o = append(o, field{"description", m.description})
	}
	o = append(o,
		field{"snapshot_id", m.id},
		field{"snapshot_doc_count", m.docCount},
		field{"model_size_stats", m.sizeStatsJSON(jobID, now)},
	)
	if !m.latestRecord.IsZero() {
		o = append(o, field{"latest_record_time_stamp", millis(m.latestRecord)})
	}
	if !m.latestResult.IsZero() {
		o = append(o, field{"latest_result_time_stamp", millis(m.latestResult)})
	}
	return append(o, field{"retain", m.retain})
}

// sizeStatsJSON is the snapshot's ModelSizeStats. The empty snapshot's
// are a fresh builder's: zeros, status ok, logged now, no timestamp.
func (m *modelSnapshot) sizeStatsJSON(jobID string, now time.Time) obj {
	bytes := m.modelBytes()
	o := obj{{"job_id", jobID}, {"result_type", "model_size_stats"}, {"model_bytes", bytes}}
	byFields, partitions := 0, 0
	if bytes > 0 {
		o = append(o, field{"peak_model_bytes", bytes}, field{"model_bytes_memory_limit", 1 << 30})
		byFields, partitions = 3, 2
	}
	o = append(o,
		field{"total_by_field_count", byFields},
		field{"total_over_field_count", 0},
		field{"total_partition_field_count", partitions},
		field{"bucket_allocation_failures_count", 0},
		field{"memory_status", "ok"},
		field{"categorized_doc_count", 0},
		field{"total_category_count", 0},
		field{"frequent_category_count", 0},
		field{"rare_category_count", 0},
		field{"dead_category_count", 0},
		field{"failed_category_count", 0},
		field{"categorization_status", "ok"},
	)
	logTime := m.timestamp
	if m.id == emptySnapshotID {
		logTime = now
	}
	o = append(o, field{"log_time", millis(logTime)})
	if !m.latestResult.IsZero() {
		o = append(o, field{"timestamp", millis(m.latestResult)})
	}
	return o
}

// ModelSnapshot is a test's view of one model snapshot.
type ModelSnapshot struct {
	ID, Description, MinVersion string
	Timestamp                   time.Time
	LatestRecordTime            time.Time // zero: none
	LatestResultTime            time.Time // zero: none
	Retain                      bool
	ModelBytes                  int
}

// ModelSnapshots lists the job's model snapshots, newest first; ok is
// false when the job does not exist.
func (s *Server) ModelSnapshots(jobID string) ([]ModelSnapshot, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		return nil, false
	}
	out := make([]ModelSnapshot, 0, len(j.snapshots))
	for i := len(j.snapshots) - 1; i >= 0; i-- {
		m := j.snapshots[i]
		out = append(out, ModelSnapshot{
			ID: m.id, Description: m.description, MinVersion: m.minVersion, Timestamp: m.timestamp,
			LatestRecordTime: utc(m.latestRecord), LatestResultTime: utc(m.latestResult), Retain: m.retain, ModelBytes: m.modelBytes(),
		})
	}
	return out, true
}

// utc keeps a zero time zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// ResultBuckets lists the times of the job's bucket results, oldest
// first.
func (s *Server) ResultBuckets(jobID string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j := s.jobs[jobID]; j != nil {
		return j.resultTimes()
	}
	return nil
}
