package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Job states (SPEC JobState).
const (
	stateOpening = "opening"
	stateOpened  = "opened"
	stateClosing = "closing"
	stateClosed  = "closed"
	stateFailed  = "failed"
)

// Annotation authors: generated annotations are written by the internal
// XPack user; anything else counts as a user annotation, which a reset
// keeps unless delete_user_annotations is set.
const (
	xpackUser = "_xpack"
	humanUser = "elastic"
)

// job is an anomaly-detection job: its config document plus what lives in
// the results index (data counts, snapshots, annotations) and its task state.
type job struct {
	id              string
	created         time.Time
	finished        time.Time // zero: not set
	description     string
	groups          []string
	analysisConfig  json.RawMessage
	analysisLimits  json.RawMessage
	dataDescription json.RawMessage

	state    string
	openedAt time.Time

	blockedReason string // "", "delete", "reset", "revert"
	blockedTaskID string

	// What the data must look like and how it is bucketed.
	timeField, timeFormat string
	bucketSpan            time.Duration
	analysisFields        []string

	// snapshotID is the model the job runs (model_snapshot_id); snapshots
	// are every model snapshot it persisted, oldest first.
	snapshotID, snapshotMinVersion string
	snapshots                      []*modelSnapshot
	// learned: data was processed (or time advanced) since the last model
	// snapshot, so the next close persists a new one.
	learned bool
	// modelRecords are the records the current model has learned from; the
	// model's size follows from them (modelBytes).
	modelRecords int

	counts dataCounts
	// lastFinalizedBucketEnd is epoch ms, 0 while no bucket was finalised.
	lastFinalizedBucketEnd int64
	// openBucket is the bucket that gathers data and is not final yet
	// (valid while bucketOpen); results are the final buckets
	// (job_results.go).
	openBucket int64
	bucketOpen bool
	results    []resultRun

	allowLazyOpen bool

	resetDuration *time.Duration // nil: server default
	resets        int
	datafeedID    string
}

var validID = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_\-.]*[a-z0-9])?$`)

// validateID follows MlStrings.isValidId plus the 64-character limit.
func validateID(kind, id string) *esError {
	if len(id) > 64 {
		if kind == "job_id" {
			return badRequest("The job id cannot contain more than 64 characters.")
		}
		return badRequest("Invalid %s; '%s' cannot contain more than 64 characters.", kind, id)
	}
	if !validID.MatchString(id) {
		return badRequest("Invalid %s; '%s' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start and end with alphanumeric", kind, id)
	}
	return nil
}

func newJob(id string) *job {
	return &job{
		id:              id,
		created:         time.Now(),
		state:           stateClosed,
		analysisConfig:  json.RawMessage(`{"bucket_span":"15m","detectors":[{"detector_description":"count","function":"count","detector_index":0}],"influencers":[]}`),
		analysisLimits:  json.RawMessage(`{"model_memory_limit":"1024mb","categorization_examples_limit":4}`),
		dataDescription: json.RawMessage(`{"time_field":"timestamp","time_format":"epoch_ms"}`),
		timeField:       "timestamp",
		timeFormat:      "epoch_ms",
		bucketSpan:      15 * time.Minute,
	}
}

// expandJobsLocked resolves a job expression like the ML id expander
// (Elasticsearch's ExpandedIdsMatcher): comma-separated tokens, trimmed, empty
// ones dropped; an empty expression or a lone "_all" or "*" means every
// job. A token matches job ids and group names, "*" being its only special
// character. Exact tokens that match nothing are always an error; wildcard
// tokens, and the whole of "everything", only when allowNoMatch is false.
func (s *Server) expandJobsLocked(expr string, allowNoMatch bool) ([]*job, *esError) {
	tokens := idTokens(expr)
	if len(tokens) == 0 || len(tokens) == 1 && (tokens[0] == "_all" || tokens[0] == "*") {
		if len(s.jobs) == 0 && !allowNoMatch {
			return nil, missingJob("*") // "_all" is reported as "*"
		}
		tokens = []string{"*"}
	}
	found := map[string]*job{}
	var missing []string
	for _, tok := range tokens {
		hit := false
		for _, j := range s.jobs {
			if glob(tok, j.id) || groupMatch(tok, j.groups) {
				found[j.id] = j
				hit = true
			}
		}
		// Inside a list "_all" is no wildcard: it is an id no job can have.
		if !hit && (!strings.Contains(tok, "*") || !allowNoMatch) {
			missing = append(missing, tok)
		}
	}
	if len(missing) > 0 {
		return nil, missingJob(strings.Join(missing, ","))
	}
	out := make([]*job, 0, len(found))
	for _, j := range found {
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].id < out[b].id })
	return out, nil
}

// idTokens splits an id expression as Strings.tokenizeToStringArray does.
func idTokens(expr string) []string {
	var tokens []string
	for _, tok := range strings.Split(expr, ",") {
		if tok = strings.TrimSpace(tok); tok != "" {
			tokens = append(tokens, tok)
		}
	}
	return tokens
}

func groupMatch(tok string, groups []string) bool {
	for _, g := range groups {
		if glob(tok, g) {
			return true
		}
	}
	return false
}

// glob is Regex.simpleMatch: only "*" is special.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// openLocked applies TransportOpenJobAction's checks and opens the job. It
// returns the node the job went to: "" while a lazy job awaits a node.
func (s *Server) openLocked(id string) (string, *esError) {
	if s.upgradeMode {
		return "", conflict("Cannot open any jobs while upgrade mode is enabled")
	}
	j := s.jobs[id]
	if j == nil {
		return "", missingJob(id)
	}
	if j.blockedReason != "" {
		return "", conflict("Cannot open job [%s] because it is executing [%s]", id, j.blockedReason)
	}
	if j.state != stateClosed {
		// The persistent task already exists.
		e := conflict("Cannot open job [%s] because it has already been opened", id)
		e.cause = newError(400, "resource_already_exists_exception", "task with id {job-%s} already exist", id)
		return "", e
	}
	if err := s.takeOpenFaultLocked(id); err != nil {
		return "", err
	}
	j.finished = time.Time{}
	if s.noMLCapacity {
		if !j.allowLazyOpen {
			return "", noCapacity()
		}
		j.state = stateOpening // awaiting lazy node assignment
		s.notifyLocked()
		return "", nil
	}
	s.assignJobLocked(j)
	return s.nodeID, nil
}

// closeLocked takes an open job to closed. A normal close persists model
// state, so data seen since the last snapshot yields a new snapshot and the
// "model snapshot stored" annotation. UNCONFIRMED simplification: force
// close persists too (real force close kills the process first).
func (s *Server) closeLocked(j *job) {
	if j.learned {
		s.persistSnapshotLocked(j, time.Now())
	}
	j.state = stateClosed
	j.openedAt = time.Time{}
	j.finished = time.Now()
	s.notifyLocked()
}

func millis(t time.Time) int64 { return t.UnixMilli() }

// configJSON renders one job of GET _ml/anomaly_detectors.
func (s *Server) configJSON(j *job, v version) obj {
	o := obj{
		{"job_id", j.id},
		{"job_type", "anomaly_detector"},
		{"job_version", s.versionNumber},
	}
	if len(j.groups) > 0 {
		o = append(o, field{"groups", j.groups})
	}
	if j.description != "" {
		o = append(o, field{"description", j.description})
	}
	o = append(o, field{"create_time", millis(j.created)})
	if !j.finished.IsZero() {
		o = append(o, field{"finished_time", millis(j.finished)})
	}
	if j.snapshotID != "" {
		o = append(o, field{"model_snapshot_id", j.snapshotID})
	}
	if j.snapshotMinVersion != "" {
		o = append(o, field{"model_snapshot_min_version", j.snapshotMinVersion})
	}
	o = append(o,
		field{"analysis_config", j.analysisConfig},
		field{"analysis_limits", j.analysisLimits},
		field{"data_description", j.dataDescription},
		field{"model_snapshot_retention_days", 10},
		field{"daily_model_snapshot_retention_after_days", 1},
		field{"results_index_name", "shared"},
		field{"allow_lazy_open", j.allowLazyOpen},
	)
	// blocked exists since 7.14 and is only written when set.
	if j.blockedReason != "" && v.atLeast(7, 14, 0) {
		b := obj{{"reason", j.blockedReason}}
		if j.blockedTaskID != "" {
			b = append(b, field{"task_id", j.blockedTaskID})
		}
		o = append(o, field{"blocked", b})
	}
	// Jobs embed their datafeed config since 7.15
	// (elastic/elasticsearch#75262, merged 2021-07; UNCONFIRMED by a
	// 7.14/7.15 source read).
	if df := s.feeds[j.datafeedID]; df != nil && v.atLeast(7, 15, 0) {
		o = append(o, field{"datafeed_config", df.configJSON()})
	}
	return o
}

// statsJSON renders one job of GET _stats, which, unlike GET job, has no
// "blocked".
func (s *Server) statsJSON(j *job) obj {
	o := obj{
		{"job_id", j.id},
		{"data_counts", j.counts.json(j.id)},
		{"model_size_stats", obj{{"job_id", j.id}, {"result_type", "model_size_stats"}, {"model_bytes", j.modelBytes()}, {"memory_status", "ok"}}},
		{"forecasts_stats", obj{{"total", 0}, {"forecasted_jobs", 0}}},
		{"state", j.state},
	}
	if j.state == stateOpening {
		// A lazy job has a task but no node yet (JobNodeSelector).
		o = append(o, field{"assignment_explanation", awaitingAssignment})
	}
	if j.state == stateOpened || j.state == stateClosing {
		o = append(o, field{"node", obj{
			{"id", s.nodeID}, {"name", "es-emulator-0"}, {"ephemeral_id", "Rk2vQbJ1Sl2w3rV1aBc9DQ"},
			{"transport_address", "127.0.0.1:9300"}, {"attributes", obj{}},
		}}, field{"assignment_explanation", ""})
	}
	if !j.openedAt.IsZero() {
		o = append(o, field{"open_time", fmt.Sprintf("%ds", int(time.Since(j.openedAt).Seconds()))})
	}
	return append(o, field{"timing_stats", obj{
		{"job_id", j.id}, {"bucket_count", 0}, {"total_bucket_processing_time_ms", 0.0},
		{"exponential_average_bucket_processing_time_per_hour_ms", 0.0},
	}})
}
