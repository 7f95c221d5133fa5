package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Transforms: each is its configuration (as PUT gave it), its state
// document (checkpoint and counters, kept between runs, deleted by a
// reset) and, while it runs, its persistent task. "Running" means a task
// exists, whatever its state, failed included.

// Transform states as the stats API reports them (TransformStats.State).
const (
	tfStopped  = "stopped"  // no task
	tfStarted  = "started"  // task started, indexer idle between checkpoints
	tfIndexing = "indexing" // task started, indexer working on a checkpoint
	tfStopping = "stopping" // a stop is pending (or it stops at the next checkpoint)
	tfAborting = "aborting" // indexer aborting (set by a knob only)
	tfFailed   = "failed"   // task failed; reason says why
	tfWaiting  = "waiting"  // task not assigned to a node (set by a knob only)
)

// transformState is everything transforms add to the server, guarded by
// Server.mu.
type transformState struct {
	byID map[string]*transform
	// gate, when set, holds indexer passes in "indexing" (HoldTransformPasses).
	gate chan struct{}
	// upgradeMode is the transform feature's own upgrade mode, distinct
	// from ML's.
	upgradeMode bool
	// startAfterStop counts, per transform, the stops after which someone
	// starts it again (StartTransformAfterNextStop).
	startAfterStop map[string]int
}

func (s *Server) transformsLocked() map[string]*transform {
	if s.transforms.byID == nil {
		s.transforms.byID = map[string]*transform{}
	}
	return s.transforms.byID
}

type transform struct {
	transformConfig
	created time.Time
	version string
	// authorization is what GET shows of the creator (nil without security).
	authorization obj

	task *transformTask // nil: stopped

	// The state document.
	checkpoint     int64
	checkpointTime time.Time
	upperBound     time.Time // continuous only: the last checkpoint's time upper bound
	counters       transformCounters
	changesSeen    time.Time // changes_last_detected_at
	lastSearch     time.Time
	resets         int
}

// transformTask is the persistent task of a started transform.
type transformTask struct {
	state  string
	reason string
	failed time.Time
	// stopAtCheckpoint: stopped with wait_for_checkpoint while indexing.
	stopAtCheckpoint bool
	from             time.Time // the start's from (continuous only), zero if none
	next             *time.Timer
}

// transformCounters are the indexer statistics (TransformIndexerStats).
type transformCounters struct {
	pagesProcessed, documentsProcessed, documentsIndexed, triggerCount int64
	indexTotal, searchTotal, processingTotal                           int64
	avgCheckpointMs, avgIndexed, avgProcessed                          float64
}

// continuous reports a transform with a sync section: it keeps running and
// makes a new checkpoint when its source changes.
func (tf *transform) continuous() bool { return tf.sync != nil }

// state is the state the stats API derives from the task.
func (tf *transform) state() string {
	if tf.task == nil {
		return tfStopped
	}
	if tf.task.stopAtCheckpoint && tf.task.state == tfIndexing {
		return tfStopping
	}
	return tf.task.state
}

func missingTransform(id string) *esError {
	return notFound("Transform with id [%s] could not be found", id)
}

// pageParams are from and size of the list APIs (PageParams).
type pageParams struct{ from, size int }

// pageParams reads from and size: 0 and 100 by default, size at most 1000
// (GetTransformAction.MAX_SIZE_RETURN).
func (c *call) pageParams() (pageParams, *esError) {
	p := pageParams{from: 0, size: 100}
	for _, f := range []struct {
		name string
		to   *int
	}{{"from", &p.from}, {"size", &p.size}} {
		raw, present := c.param(f.name)
		if !present {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return p, badRequest("Failed to parse int parameter [%s] with value [%s]", f.name, raw)
		}
		*f.to = n
	}
	switch {
	case p.from < 0:
		return p, badRequest("Parameter [from] cannot be < 0")
	case p.size < 0:
		return p, badRequest("Parameter [size] cannot be < 0")
	case p.from+p.size > 10000:
		// UNCONFIRMED: PageParams' limit on the sum, as ML's lists have it.
		return p, badRequest("The sum of parameters [from] and [size] cannot be higher than 10000.")
	case p.size > 1000:
		return p, validationFailed("Param [size] has a max acceptable value of [1000]")
	}
	return p, nil
}

// validationFailed is an ActionRequestValidationException listing errors.
func validationFailed(errs ...string) *esError {
	var b strings.Builder
	b.WriteString("Validation Failed: ")
	for i, e := range errs {
		fmt.Fprintf(&b, "%d: %s;", i+1, e)
	}
	return newError(http.StatusBadRequest, "action_request_validation_exception", "%s", b.String())
}

// expandTransformsLocked finds the transforms an id expression matches,
// sorted by id, and returns one page of them and how many match in all.
// Like the search behind it (AbstractTransportGetResourcesAction), the
// tokens are checked against the page: an exact id not on the page is
// missing, always; a wildcard (or "_all") matching nothing on the page is
// missing only when allowNoMatch is false.
func (s *Server) expandTransformsLocked(expr string, allowNoMatch bool, page pageParams) ([]*transform, int, *esError) {
	tokens := idTokens(expr)
	if len(tokens) == 0 || len(tokens) == 1 && (tokens[0] == "_all" || tokens[0] == "*") {
		tokens = []string{"*"}
	}
	var matched []*transform
	for _, tf := range s.transformsLocked() {
		for _, tok := range tokens {
			if glob(tok, tf.id) {
				matched = append(matched, tf)
				break
			}
		}
	}
	sort.Slice(matched, func(a, b int) bool { return matched[a].id < matched[b].id })
	total := len(matched)
	lo, hi := min(page.from, total), min(page.from+page.size, total)
	onPage := matched[lo:hi]
	var missing []string
	for _, tok := range tokens {
		wildcard := strings.Contains(tok, "*")
		if wildcard && allowNoMatch {
			continue
		}
		hit := false
		for _, tf := range onPage {
			hit = hit || glob(tok, tf.id)
		}
		if !hit {
			missing = append(missing, tok)
		}
	}
	if len(missing) > 0 {
		return nil, 0, missingTransform(strings.Join(missing, ","))
	}
	return onPage, total, nil
}

// configJSON renders the transform as GET _transform does
// (TransformConfig.toXContent); excludeGenerated leaves out what PUT
// cannot take back.
func (tf *transform) configJSON(v version, excludeGenerated bool) obj {
	out := obj{{"id", tf.id}}
	if !excludeGenerated {
		if tf.authorization != nil {
			out = append(out, field{"authorization", tf.authorization})
		}
		out = append(out, field{"version", tf.version}, field{"create_time", millis(tf.created)})
	}
	out = append(out, field{"source", tf.sourceJSON()}, field{"dest", tf.destJSON()})
	if tf.frequencyRaw != "" {
		out = append(out, field{"frequency", tf.frequencyRaw})
	}
	if tf.sync != nil {
		out = append(out, field{"sync", obj{{"time", obj{{"field", tf.sync.field}, {"delay", tf.sync.delayRaw}}}}})
	}
	if tf.pivot != nil {
		out = append(out, field{"pivot", tf.pivot.raw})
	}
	if tf.latest != nil {
		out = append(out, field{"latest", tf.latest.raw})
	}
	if tf.description != "" {
		out = append(out, field{"description", tf.description})
	}
	settings := tf.settings
	if settings == nil {
		settings = map[string]any{}
	}
	out = append(out, field{"settings", settings})
	if tf.meta != nil && v.atLeast(7, 16, 0) {
		out = append(out, field{"_meta", tf.meta})
	}
	if tf.retention != nil {
		out = append(out, field{"retention_policy", tf.retention})
	}
	return out
}

func (tf *transform) sourceJSON() obj {
	query := tf.sourceQuery
	if query == nil {
		query = obj{{"match_all", obj{}}}
	}
	out := obj{{"index", tf.sourceIndices}, {"query", query}}
	if tf.runtimeMappings != nil {
		out = append(out, field{"runtime_mappings", tf.runtimeMappings})
	}
	return out
}

func (tf *transform) destJSON() obj {
	out := obj{{"index", tf.destIndex}}
	if tf.destAliases != nil {
		aliases := make([]obj, len(tf.destAliases))
		for i, a := range tf.destAliases {
			aliases[i] = obj{{"alias", a.Alias}, {"move_on_creation", a.MoveOnCreation}}
		}
		out = append(out, field{"aliases", aliases})
	}
	if tf.destPipeline != "" {
		out = append(out, field{"pipeline", tf.destPipeline})
	}
	return out
}

// statsJSON renders one entry of GET _transform/<id>/_stats
// (TransformStats.toXContent): a transform that never ran, or was reset,
// shows checkpoint 0 and zero counters.
func (s *Server) transformStatsJSON(tf *transform, v version, basic bool) obj {
	out := obj{{"id", tf.id}, {"state", tf.state()}}
	if tf.task != nil {
		switch {
		case tf.task.reason != "":
			out = append(out, field{"reason", tf.task.reason})
		case tf.task.stopAtCheckpoint:
			out = append(out, field{"reason", "transform is set to stop at the next checkpoint"})
		}
		if tf.task.state != tfWaiting && !v.serverless {
			out = append(out, field{"node", obj{
				{"id", s.nodeID}, {"name", "es-emulator-0"}, {"ephemeral_id", s.nodeID},
				{"transport_address", "127.0.0.1:9300"}, {"attributes", obj{}},
			}})
		}
	}
	out = append(out, field{"stats", tf.counters.json(v)}, field{"checkpointing", tf.checkpointingJSON(basic)})
	if v.atLeast(8, 6, 0) {
		out = append(out, field{"health", tf.healthJSON()})
	}
	return out
}

func (c transformCounters) json(v version) obj {
	out := obj{
		{"pages_processed", c.pagesProcessed},
		{"documents_processed", c.documentsProcessed},
		{"documents_indexed", c.documentsIndexed},
	}
	if v.atLeast(8, 0, 0) {
		// UNCONFIRMED first version of the retention-policy counters.
		out = append(out, field{"documents_deleted", 0})
	}
	out = append(out,
		field{"trigger_count", c.triggerCount},
		field{"index_time_in_ms", 0},
		field{"index_total", c.indexTotal},
		field{"index_failures", 0},
		field{"search_time_in_ms", 0},
		field{"search_total", c.searchTotal},
		field{"search_failures", 0},
		field{"processing_time_in_ms", 0},
		field{"processing_total", c.processingTotal},
	)
	if v.atLeast(8, 0, 0) {
		out = append(out, field{"delete_time_in_ms", 0})
	}
	return append(out,
		field{"exponential_avg_checkpoint_duration_ms", c.avgCheckpointMs},
		field{"exponential_avg_documents_indexed", c.avgIndexed},
		field{"exponential_avg_documents_processed", c.avgProcessed},
	)
}

// checkpointingJSON is TransformCheckpointingInfo: the last checkpoint
// always, its times only once there is one; the next one while indexing.
func (tf *transform) checkpointingJSON(basic bool) obj {
	last := obj{{"checkpoint", tf.checkpoint}}
	if tf.checkpoint > 0 && !basic {
		last = append(last, field{"timestamp_millis", millis(tf.checkpointTime)})
		if !tf.upperBound.IsZero() {
			last = append(last, field{"time_upper_bound_millis", millis(tf.upperBound)})
		}
	}
	out := obj{{"last", last}}
	if st := tf.state(); st == tfIndexing || st == tfStopping && tf.task.stopAtCheckpoint {
		out = append(out, field{"next", obj{{"checkpoint", tf.checkpoint + 1}}})
	}
	if !basic {
		if !tf.changesSeen.IsZero() {
			out = append(out, field{"changes_last_detected_at", millis(tf.changesSeen)})
		}
		if !tf.lastSearch.IsZero() {
			out = append(out, field{"last_search_time", millis(tf.lastSearch)})
		}
	}
	return out
}

// healthJSON is TransformHealth (8.6+): green unless the task failed or
// waits for a node. UNCONFIRMED: the issue's "type" key is written in
// every version that has health.
func (tf *transform) healthJSON() obj {
	if tf.task == nil {
		return obj{{"status", "green"}}
	}
	switch tf.task.state {
	case tfFailed:
		issue := obj{{"type", "transform_task_failed"}, {"issue", "Transform task state is [failed]"}}
		if tf.task.reason != "" {
			issue = append(issue, field{"details", tf.task.reason})
		}
		issue = append(issue, field{"count", 1}, field{"first_occurrence", millis(tf.task.failed)})
		return obj{{"status", "red"}, {"issues", []obj{issue}}}
	case tfWaiting:
		issue := obj{{"type", "assignment_failed"}, {"issue", "Failed to assign transform to a node"},
			{"details", "No suitable node found to run the transform"}, {"count", 1}}
		return obj{{"status", "red"}, {"issues", []obj{issue}}}
	}
	return obj{{"status", "green"}}
}
