package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Transport actions of the transform APIs.
const (
	actTransformGet    = "cluster:monitor/transform/get"
	actTransformStats  = "cluster:monitor/transform/stats/get"
	actTransformPut    = "cluster:admin/transform/put"
	actTransformDelete = "cluster:admin/transform/delete"
	actTransformStart  = "cluster:admin/transform/start"
	actTransformStop   = "cluster:admin/transform/stop"
	actTransformReset  = "cluster:admin/transform/reset"
	transformsPath     = "/_transform"
	transformPath      = transformsPath + "/{transform_id}"
)

// transformRoutes are the _transform APIs: since 7.5 (7.2–7.4 had them
// under _data_frame, not modelled), reset since 8.1. All are public on
// serverless.
func (s *Server) transformRoutes() []route {
	r := func(method, path, action string, h handler) route {
		return route{method: method, segs: split(path), action: action, h: h, since: [3]int{7, 5, 0}}
	}
	reset := r(http.MethodPost, transformPath+"/_reset", actTransformReset, s.handleResetTransform)
	reset.since = [3]int{8, 1, 0}
	return []route{
		r(http.MethodGet, transformsPath, actTransformGet, s.handleGetTransforms),
		r(http.MethodGet, transformPath, actTransformGet, s.handleGetTransforms),
		r(http.MethodPut, transformPath, actTransformPut, s.handlePutTransform),
		r(http.MethodDelete, transformPath, actTransformDelete, s.handleDeleteTransform),
		r(http.MethodGet, transformsPath+"/_stats", actTransformStats, s.handleTransformStats),
		r(http.MethodGet, transformPath+"/_stats", actTransformStats, s.handleTransformStats),
		r(http.MethodPost, transformPath+"/_start", actTransformStart, s.handleStartTransform),
		r(http.MethodPost, transformPath+"/_stop", actTransformStop, s.handleStopTransform),
		reset,
	}
}

func acknowledgedTrue() reply { return ok(acknowledged(true)) }

// handlePutTransform follows TransportPutTransformAction: the strict
// parse and request validation first, then (with security, unless
// defer_validation) the creator's index privileges, then the source and
// destination checks (unless defer_validation), then the store.
func (s *Server) handlePutTransform(c *call) (func() reply, *esError) {
	id := c.vars["transform_id"]
	deferValidation, err := c.boolParam("defer_validation", false)
	if err != nil {
		return nil, err
	}
	if _, err := c.timeParam("timeout", 30*time.Second); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	var body map[string]json.RawMessage
	if err := c.jsonBody(&body); err != nil {
		return nil, err
	}
	cfg, err := parseTransformConfig(id, body, c.v)
	if err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		exists := func() *esError {
			return newError(http.StatusBadRequest, "resource_already_exists_exception", "Transform with id [%s] already exists", id)
		}
		old := s.transformsLocked()[id]
		if old != nil && old.task != nil {
			return fail(exists())
		}
		if c.who != nil && !deferValidation {
			if err := s.checkTransformPrivilegesLocked(c.who, "create", cfg); err != nil {
				return fail(err)
			}
		}
		if !deferValidation {
			if err := s.validateSourceDestLocked(cfg); err != nil {
				return fail(err)
			}
		}
		if old != nil {
			return fail(exists())
		}
		tf := &transform{transformConfig: *cfg, created: time.Now(), version: s.versionNumber}
		if c.who != nil {
			tf.authorization = c.who.authorizationJSON()
		}
		s.transformsLocked()[id] = tf
		s.notifyLocked()
		return acknowledgedTrue()
	}, nil
}

// authorizationJSON is what GET _transform shows of who created a
// transform. UNCONFIRMED from which version it is shown.
func (p *principal) authorizationJSON() obj {
	if p.apiKeyID != "" {
		return obj{{"api_key", obj{{"id", p.apiKeyID}}}}
	}
	names := make([]string, len(p.roles))
	for i, r := range p.roles {
		names[i] = r.name
	}
	return obj{{"roles", names}}
}

// checkTransformPrivilegesLocked is TransformPrivilegeChecker: read and
// view_index_metadata on the source; read and index on the destination,
// create_index while it does not exist, delete with a retention policy.
// UNCONFIRMED: the order of indices and privileges in the message.
func (s *Server) checkTransformPrivilegesLocked(who *principal, op string, cfg *transformConfig) *esError {
	// Each privilege is checked through an action only it (or a wider one)
	// grants.
	byAction := map[string]string{
		"read": actSearch, "view_index_metadata": actMappingGet, "index": "indices:data/write/update",
		"create_index": actIndexCreate, "delete": actDocDelete,
	}
	type need struct {
		index string
		privs []string
	}
	needs := make([]need, 0, len(cfg.sourceIndices)+1)
	for _, src := range cfg.sourceIndices {
		needs = append(needs, need{src, []string{"read", "view_index_metadata"}})
	}
	dest := need{cfg.destIndex, []string{"read", "index"}}
	if s.indices[cfg.destIndex] == nil && s.aliases[cfg.destIndex] == nil {
		dest.privs = append(dest.privs, "create_index")
	}
	if cfg.retention != nil {
		dest.privs = append(dest.privs, "delete")
	}
	needs = append(needs, dest)
	var lacking []string
	for _, n := range needs {
		var missing []string
		for _, p := range n.privs {
			if !who.mayOnIndex(byAction[p], n.index) {
				missing = append(missing, p)
			}
		}
		if len(missing) > 0 {
			lacking = append(lacking, n.index+":["+strings.Join(missing, ", ")+"]")
		}
	}
	if len(lacking) == 0 {
		return nil
	}
	return newError(http.StatusForbidden, "security_exception",
		"Cannot %s transform [%s] because user %s lacks the required permissions [%s]", op, cfg.id, who.user, strings.Join(lacking, ", "))
}

// validateSourceDestLocked is the SourceDestValidator run by PUT and
// start: the source must resolve to an index, the destination must not be
// one of the source, and a pipeline must exist (the emulator has none).
// UNCONFIRMED: the status (400) and type of these failures.
func (s *Server) validateSourceDestLocked(cfg *transformConfig) *esError {
	var errs []string
	source := strings.Join(cfg.sourceIndices, ",")
	if found, _ := s.resolveLocked(source, true); len(found) == 0 {
		errs = append(errs, "Source index ["+source+"] does not exist")
	}
	for _, tok := range cfg.sourceIndices {
		if glob(tok, cfg.destIndex) {
			errs = append(errs, "Destination index ["+cfg.destIndex+"] is included in source expression ["+source+"]")
			break
		}
	}
	if cfg.destPipeline != "" {
		errs = append(errs, "Pipeline with id ["+cfg.destPipeline+"] could not be found")
	}
	if len(errs) == 0 {
		return nil
	}
	e := validationFailed(errs...)
	e.typ = "validation_exception"
	return e
}

func (s *Server) handleGetTransforms(c *call) (func() reply, *esError) {
	expr := c.vars["transform_id"]
	allow, err := c.boolParam("allow_no_match", true)
	if err != nil {
		return nil, err
	}
	exclude := false
	if c.v.atLeast(7, 13, 0) { // UNCONFIRMED first version
		if exclude, err = c.boolParam("exclude_generated", false); err != nil {
			return nil, err
		}
	}
	page, err := c.pageParams()
	if err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		tfs, total, err := s.expandTransformsLocked(expr, allow, page)
		if err != nil {
			return fail(err)
		}
		out := make([]obj, len(tfs))
		for i, tf := range tfs {
			out[i] = tf.configJSON(c.v, exclude)
		}
		return ok(obj{{"count", total}, {"transforms", out}})
	}, nil
}

// handleTransformStats answers for the transforms an expression matches;
// one that matches nothing is an empty answer, never a 404.
func (s *Server) handleTransformStats(c *call) (func() reply, *esError) {
	expr := c.vars["transform_id"]
	allow, err := c.boolParam("allow_no_match", true)
	if err != nil {
		return nil, err
	}
	page, err := c.pageParams()
	if err != nil {
		return nil, err
	}
	if _, err := c.timeParam("timeout", 30*time.Second); err != nil {
		return nil, err
	}
	basic := false
	if c.v.atLeast(8, 13, 0) {
		if basic, err = c.boolParam("basic", false); err != nil {
			return nil, err
		}
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		tfs, total, err := s.expandTransformsLocked(expr, allow, page)
		if err != nil {
			return ok(obj{{"count", 0}, {"transforms", []obj{}}})
		}
		out := make([]obj, len(tfs))
		for i, tf := range tfs {
			out[i] = s.transformStatsJSON(tf, c.v, basic)
		}
		return ok(obj{{"count", total}, {"transforms", out}})
	}, nil
}

// handleStartTransform follows TransportStartTransformAction: upgrade
// mode, the config, its validation, the destination index (created even
// when the start then fails as already started), the task.
func (s *Server) handleStartTransform(c *call) (func() reply, *esError) {
	id := c.vars["transform_id"]
	if _, err := c.timeParam("timeout", 30*time.Second); err != nil {
		return nil, err
	}
	var from time.Time
	fromSet := false
	if c.v.atLeast(8, 7, 0) {
		if raw, present := c.param("from"); present {
			t, ok := nowMath(raw, time.Now().UTC())
			if !ok {
				t, ok = dateValue(raw)
			}
			if !ok {
				// UNCONFIRMED status and wording after the prefix.
				return nil, newError(http.StatusBadRequest, "parse_exception", "Failed to parse date for [from]")
			}
			from, fromSet = t, true
		}
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.transforms.upgradeMode {
			return fail(conflict("Cannot start any Transform while the Transform feature is upgrading."))
		}
		tf := s.transformsLocked()[id]
		if tf == nil {
			return fail(missingTransform(id))
		}
		if fromSet && !tf.continuous() {
			// UNCONFIRMED rendering of the inner validation message.
			return fail(newError(http.StatusBadRequest, "status_exception",
				"Transform configuration [%s] has invalid elements: [Validation Failed: 1: [from] parameter is currently not supported for batch (non-continuous) transforms;]", id))
		}
		if err := s.validateSourceDestLocked(&tf.transformConfig); err != nil {
			return fail(err)
		}
		if !tf.unattended() {
			s.createDestIndexLocked(tf)
		}
		if tf.task != nil {
			if tf.task.state == tfFailed {
				return fail(conflict("%s", startFailedReason(c.v, id, tf.task.reason)))
			}
			return fail(conflict("Cannot start transform [%s] as it is already started.", id))
		}
		s.startTransformTaskLocked(tf, from)
		return acknowledgedTrue()
	}, nil
}

// The failed-state refusals changed wording. UNCONFIRMED: the version of
// the change; 8.10 (when the transform config version was split from the
// node version) is assumed.
func newFailedWording(v version) bool { return v.atLeast(8, 10, 0) }

func startFailedReason(v version, id, reason string) string {
	if newFailedWording(v) {
		return "Unable to start transform [" + id + "] as it is in a failed state. Use force stop and then restart the transform once error is resolved. More details: [" + reason + "]"
	}
	return "Unable to start transform [" + id + "] as it is in a failed state with failure: [" + reason + "]. Use force stop and then restart the transform once error is resolved."
}

func stopFailedReason(v version, id, reason string) string {
	if newFailedWording(v) {
		return "Unable to stop transform [" + id + "] as it is in a failed state. Use force stop to stop the transform. More details: [" + reason + "]"
	}
	return "Unable to stop transform [" + id + "] as it is in a failed state with reason [" + reason + "]. Use force stop to stop the transform."
}

// handleStopTransform stops the transforms an expression matches. Without
// wait_for_completion it answers once the stop is asked for; a transform
// that is indexing stops when its pass ends (or at the end of the
// checkpoint with wait_for_checkpoint).
func (s *Server) handleStopTransform(c *call) (func() reply, *esError) {
	expr := c.vars["transform_id"]
	// UNCONFIRMED default: the REST handlers read default to false, the
	// specification says true.
	allow, err := c.boolParam("allow_no_match", false)
	if err != nil {
		return nil, err
	}
	force, err := c.boolParam("force", false)
	if err != nil {
		return nil, err
	}
	wait, err := c.boolParam("wait_for_completion", false)
	if err != nil {
		return nil, err
	}
	atCheckpoint, err := c.boolParam("wait_for_checkpoint", false)
	if err != nil {
		return nil, err
	}
	timeout, err := c.timeParam("timeout", 30*time.Second)
	if err != nil {
		return nil, err
	}
	if force && atCheckpoint {
		// UNCONFIRMED status and type; the message is Elasticsearch's.
		return nil, validationFailed("cannot set both [force] and [wait_for_checkpoint] to true")
	}
	return func() reply {
		s.mu.Lock()
		tfs, _, err := s.expandTransformsLocked(expr, allow, pageParams{from: 0, size: 10000})
		if err == nil {
			err = s.stopTransformsLocked(tfs, force, atCheckpoint, c.v)
		}
		s.mu.Unlock()
		if err != nil {
			return fail(err)
		}
		if wait && !s.awaitTransformsStopped(c.r.Context(), tfs, timeout) {
			return fail(stopTimedOut(tfs, timeout))
		}
		s.startAgainAfterStop(tfs)
		return acknowledgedTrue()
	}, nil
}

func stopTimedOut(tfs []*transform, timeout time.Duration) *esError {
	return newError(http.StatusRequestTimeout, "status_exception", "Could not stop the transforms %s as they timed out [%s].",
		"["+strings.Join(transformIDs(tfs), ", ")+"]", formatTimeValue(timeout))
}

// stopTransformsLocked applies a stop to each transform: a failed one
// refuses without force; with force every task ends now; otherwise an
// idle one ends now and one that is indexing is marked to stop.
func (s *Server) stopTransformsLocked(tfs []*transform, force, atCheckpoint bool, v version) *esError {
	if !force {
		var failed, reasons []string
		for _, tf := range tfs {
			if tf.task != nil && tf.task.state == tfFailed {
				failed, reasons = append(failed, tf.id), append(reasons, tf.task.reason)
			}
		}
		switch {
		case len(failed) == 1:
			return conflict("%s", stopFailedReason(v, failed[0], reasons[0]))
		case len(failed) > 1:
			return conflict("Unable to stop transforms. The following transforms are in a failed state [%s] with reasons [%s]. Use force stop to stop the transforms.",
				strings.Join(failed, ", "), strings.Join(reasons, ", "))
		}
	}
	for _, tf := range tfs {
		switch {
		case tf.task == nil:
		case force:
			s.endTransformTaskLocked(tf)
		case tf.task.state == tfIndexing && atCheckpoint:
			tf.task.stopAtCheckpoint = true
		case tf.task.state == tfIndexing:
			tf.task.state = tfStopping
		case tf.task.state == tfStopping:
		default:
			s.endTransformTaskLocked(tf)
		}
	}
	s.notifyLocked()
	return nil
}

// handleResetTransform follows TransportResetTransformAction: upgrade
// mode, then a running transform needs force (and is stopped first, with
// force itself only from 8.13.1), then the destination index goes if the
// transform created it, then the checkpoints and counters.
func (s *Server) handleResetTransform(c *call) (func() reply, *esError) {
	id := c.vars["transform_id"]
	force, err := c.boolParam("force", false)
	if err != nil {
		return nil, err
	}
	if _, err := c.timeParam("timeout", 30*time.Second); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(c.body)) > 0 {
		c.bodyUsed = true
		return nil, badRequest("reset transform requests can not have a request body")
	}
	return func() reply {
		s.mu.Lock()
		if s.transforms.upgradeMode {
			s.mu.Unlock()
			return fail(conflict("Cannot reset any Transform while the Transform feature is upgrading."))
		}
		tf := s.transformsLocked()[id]
		if tf != nil && tf.task != nil {
			if !force {
				s.mu.Unlock()
				return fail(conflict("Cannot reset transform [%s] as the task is running. Stop the task first", id))
			}
			// Before elastic/elasticsearch#106574 the reset stopped the
			// transform without force, which a failed one refuses.
			// UNCONFIRMED: whether 8.13.0 or 8.13.1 first had the fix; we
			// assume 8.13.1.
			stopForce := c.v.atLeast(8, 13, 1)
			if err := s.stopTransformsLocked([]*transform{tf}, stopForce, false, c.v); err != nil {
				s.mu.Unlock()
				return fail(err)
			}
			s.mu.Unlock()
			if !s.awaitTransformsStopped(c.r.Context(), []*transform{tf}, 30*time.Second) {
				return fail(stopTimedOut([]*transform{tf}, 30*time.Second))
			}
			s.mu.Lock()
			tf = s.transformsLocked()[id]
		}
		defer s.mu.Unlock()
		if tf == nil {
			return fail(missingTransform(id))
		}
		s.deleteDestIfCreatedByTransformLocked(tf)
		// The config is rewritten in the current format. UNCONFIRMED:
		// whether that changes version (we assume it does) or create_time.
		tf.version = s.versionNumber
		tf.checkpoint, tf.checkpointTime, tf.upperBound = 0, time.Time{}, time.Time{}
		tf.counters = transformCounters{}
		tf.changesSeen, tf.lastSearch = time.Time{}, time.Time{}
		tf.resets++
		s.notifyLocked()
		return acknowledgedTrue()
	}, nil
}

// deleteDestIfCreatedByTransformLocked is
// TransformIndex.isDestinationIndexCreatedByTransform and the delete after
// it: dest.index must name a concrete index (not an alias) whose mapping
// _meta.created_by is "transform", whichever transform stamped it.
func (s *Server) deleteDestIfCreatedByTransformLocked(tf *transform) {
	ix := s.indices[tf.destIndex]
	if ix == nil {
		return
	}
	meta, _ := ix.mappings["_meta"].(map[string]any)
	if meta["created_by"] == "transform" {
		s.deleteIndexLocked(ix.name)
	}
}

// handleDeleteTransform follows TransportDeleteTransformAction: a
// transform with a task needs force (which stops it first); the
// destination index stays.
func (s *Server) handleDeleteTransform(c *call) (func() reply, *esError) {
	id := c.vars["transform_id"]
	force, err := c.boolParam("force", false)
	if err != nil {
		return nil, err
	}
	if _, err := c.timeParam("timeout", 30*time.Second); err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		tf := s.transformsLocked()[id]
		if tf != nil && tf.task != nil {
			if !force {
				return fail(conflict("Cannot delete transform [%s] as the task is running. Stop the task first", id))
			}
			s.endTransformTaskLocked(tf)
		}
		if tf == nil {
			return fail(missingTransform(id))
		}
		delete(s.transformsLocked(), id)
		s.notifyLocked()
		return acknowledgedTrue()
	}, nil
}
