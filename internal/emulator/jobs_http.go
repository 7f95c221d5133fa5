package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// allowNoMatch reads allow_no_match (since 7.10) and its deprecated alias
// allow_no_jobs (accepted before 8.0 only). Default true.
func (c *call) allowNoMatch() (bool, *esError) { return c.allowNoMatchOr("allow_no_jobs") }

// allowNoMatchOr is allowNoMatch with the API's own pre-8.0 alias
// (allow_no_jobs, allow_no_datafeeds).
func (c *call) allowNoMatchOr(alias string) (bool, *esError) {
	allow := true
	if c.v.atLeast(7, 10, 0) {
		b, err := c.boolParam("allow_no_match", true)
		if err != nil {
			return false, err
		}
		allow = b
	}
	if !c.v.atLeast(8, 0, 0) {
		if _, present := c.query[alias]; present {
			b, err := c.boolParam(alias, true)
			if err != nil {
				return false, err
			}
			allow = b
		} else {
			c.asked[alias] = true
		}
	}
	return allow, nil
}

func (s *Server) handleGetJobs(c *call) (func() reply, *esError) {
	expr := c.vars["job_id"]
	allow, err := c.allowNoMatch()
	if err != nil {
		return nil, err
	}
	if c.v.atLeast(7, 10, 0) {
		if _, err := c.boolParam("exclude_generated", false); err != nil {
			return nil, err
		}
	}
	return s.listJobs(expr, allow, func(j *job) obj { return s.configJSON(j, c.v) }), nil
}

func (s *Server) handleJobStats(c *call) (func() reply, *esError) {
	expr := c.vars["job_id"]
	allow, err := c.allowNoMatch()
	if err != nil {
		return nil, err
	}
	return s.listJobs(expr, allow, s.statsJSON), nil
}

// listJobs answers {"count": N, "jobs": [...]} for the jobs expr matches,
// each rendered by render under the state lock.
func (s *Server) listJobs(expr string, allowNoMatch bool, render func(*job) obj) func() reply {
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		jobs, err := s.expandJobsLocked(expr, allowNoMatch)
		if err != nil {
			return fail(err)
		}
		out := make([]obj, len(jobs))
		for i, j := range jobs {
			out[i] = render(j)
		}
		return ok(obj{{"count", len(out)}, {"jobs", out}})
	}
}

// putJobBody is the part of a job config the emulator keeps. Other fields
// are accepted and dropped (we do not model every job setting).
type putJobBody struct {
	JobID           string          `json:"job_id"`
	Description     string          `json:"description"`
	Groups          []string        `json:"groups"`
	AnalysisConfig  map[string]any  `json:"analysis_config"`
	AnalysisLimits  json.RawMessage `json:"analysis_limits"`
	DataDescription map[string]any  `json:"data_description"`
	ModelSnapshotID *string         `json:"model_snapshot_id"`
	AllowLazyOpen   bool            `json:"allow_lazy_open"`
}

func (s *Server) handlePutJob(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	var b putJobBody
	if err := c.jsonBody(&b); err != nil {
		return nil, err
	}
	for _, p := range []string{"ignore_unavailable", "allow_no_indices", "ignore_throttled", "expand_wildcards"} {
		c.param(p)
	}
	if b.ModelSnapshotID != nil {
		// UNCONFIRMED text (Messages.JOB_CONFIG_INVALID_CREATE_SETTINGS).
		return nil, badRequest("The job is configured with fields [model_snapshot_id] that are illegal to set at job creation")
	}
	return func() reply {
		if err := inconsistentID("job_id", b.JobID, id); err != nil {
			return fail(err)
		}
		if err := validateID("job_id", id); err != nil {
			return fail(err)
		}
		j := newJob(id)
		if err := j.configure(b); err != nil {
			return fail(err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.jobs[id] != nil {
			return fail(newError(http.StatusBadRequest, "resource_already_exists_exception",
				"The job cannot be created with the Id '%s'. The Id is already used.", id))
		}
		s.jobs[id] = j
		s.ensureMLIndicesLocked()
		s.notifyLocked()
		return ok(s.configJSON(j, c.v))
	}, nil
}

// configure applies a PUT job body with Job.Builder's defaults and checks
// (validateInputFields): bucket_span 5m, time_field "time", epoch_ms.
func (j *job) configure(b putJobBody) *esError {
	if b.AnalysisConfig == nil {
		return badRequest("An analysis_config must be set")
	}
	detectors, _ := b.AnalysisConfig["detectors"].([]any)
	if len(detectors) == 0 {
		return badRequest("No detectors configured") // UNCONFIRMED type and status
	}
	if b.DataDescription == nil {
		return badRequest("A data_description must be set")
	}
	if _, set := b.DataDescription["time_field"]; !set {
		b.DataDescription["time_field"] = "time"
	}
	if _, set := b.DataDescription["time_format"]; !set {
		b.DataDescription["time_format"] = "epoch_ms"
	}
	j.timeField, _ = b.DataDescription["time_field"].(string)
	j.timeFormat, _ = b.DataDescription["time_format"].(string)

	if _, set := b.AnalysisConfig["bucket_span"]; !set {
		b.AnalysisConfig["bucket_span"] = "5m"
	}
	span, _ := b.AnalysisConfig["bucket_span"].(string)
	d, err := parseTimeValue(span, "bucket_span")
	if err != nil {
		return err
	}
	if d <= 0 {
		return badRequest("bucket_span cannot be less or equal than 0. Value = %s", span)
	}
	j.bucketSpan = d
	if _, set := b.AnalysisConfig["influencers"]; !set {
		b.AnalysisConfig["influencers"] = []any{}
	}
	fields := map[string]bool{}
	for i, raw := range detectors {
		det, _ := raw.(map[string]any)
		if det == nil {
			return badRequest("detector %d is not an object", i)
		}
		for _, k := range []string{"field_name", "by_field_name", "over_field_name", "partition_field_name"} {
			if f, _ := det[k].(string); f != "" {
				fields[f] = true
			}
		}
		if _, set := det["detector_description"]; !set {
			det["detector_description"] = detectorDescription(det)
		}
		det["detector_index"] = i
	}
	if infl, _ := b.AnalysisConfig["influencers"].([]any); infl != nil {
		for _, f := range infl {
			if name, _ := f.(string); name != "" {
				fields[name] = true
			}
		}
	}
	for _, k := range []string{"categorization_field_name", "summary_count_field_name"} {
		if f, _ := b.AnalysisConfig[k].(string); f != "" {
			fields[f] = true
		}
	}
	if fields[j.timeField] {
		return badRequest("data_description.time_field may not be used in the analysis_config")
	}
	j.analysisFields = j.analysisFields[:0]
	for f := range fields {
		j.analysisFields = append(j.analysisFields, f)
	}
	j.description, j.groups = b.Description, b.Groups
	j.allowLazyOpen = b.AllowLazyOpen
	j.analysisConfig = mustJSON(b.AnalysisConfig)
	j.dataDescription = mustJSON(b.DataDescription)
	if len(b.AnalysisLimits) > 0 {
		j.analysisLimits = b.AnalysisLimits
	}
	return nil
}

// detectorDescription is DefaultDetectorDescription: "mean(bytes) by host".
func detectorDescription(det map[string]any) string {
	str := func(k string) string { v, _ := det[k].(string); return v }
	desc := str("function")
	if f := str("field_name"); f != "" {
		desc += "(" + f + ")"
	}
	for _, part := range []struct{ key, label string }{{"by_field_name", " by "}, {"over_field_name", " over "}, {"partition_field_name", " partitionfield="}} {
		if f := str(part.key); f != "" {
			desc += part.label + f
		}
	}
	return desc
}

// handleDeleteJob follows TransportDeleteJobAction: an open job needs
// force; 7.15+ deletes the job's datafeed first with the same force, 7.14
// refuses a job any datafeed refers to.
func (s *Server) handleDeleteJob(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	force, err := c.boolParam("force", false)
	if err != nil {
		return nil, err
	}
	wait, err := c.boolParam("wait_for_completion", true)
	if err != nil {
		return nil, err
	}
	for _, p := range []string{"timeout", "master_timeout"} {
		if _, err := c.timeParam(p, 30*time.Second); err != nil {
			return nil, err
		}
	}
	deleteUser := false
	if c.v.atLeast(8, 7, 0) {
		if deleteUser, err = c.boolParam("delete_user_annotations", false); err != nil {
			return nil, err
		}
	}
	del := func() (any, *esError) {
		s.mu.Lock()
		defer s.mu.Unlock()
		j := s.jobs[id]
		if j != nil && !force && j.state != stateClosed {
			return nil, conflict("Cannot delete job [%s] because the job is %s", id, j.state)
		}
		if j == nil {
			return nil, missingJob(id)
		}
		if df := s.feeds[j.datafeedID]; df != nil {
			if !s.versionLocked().atLeast(7, 15, 0) {
				return nil, conflict("Cannot delete job [%s] because datafeed [%s] refers to it", id, df.id)
			}
			if err := s.deleteDatafeedLocked(df.id, force); err != nil {
				e := conflict("failed to delete job [%s] as its datafeed [%s] could not be deleted", id, df.id)
				e.cause = err
				return nil, e
			}
		}
		// A forced delete kills the process: nothing is persisted.
		s.deleteJobLocked(id, deleteUser)
		return obj{{"acknowledged", true}}, nil
	}
	if !wait {
		// Like reset: the task starts while the request is prepared.
		t := s.startTask(actJobDelete, "delete-job-"+id, true)
		go func() {
			resp, err := s.authorizedRun(c.who, actJobDelete, del)
			s.finishTask(t, resp, err)
		}()
		return func() reply { return ok(obj{{"task", t.id}}) }, nil
	}
	return func() reply {
		resp, err := del()
		if err != nil {
			return fail(err)
		}
		return ok(resp)
	}, nil
}

// authorizedRun runs fn after the authorization check, as a transport action
// does behind its filter chain.
func (s *Server) authorizedRun(who *principal, action string, fn func() (any, *esError)) (any, *esError) {
	if err := s.authorize(who, action); err != nil {
		return nil, err
	}
	return fn()
}

func (s *Server) handleOpen(c *call) (func() reply, *esError) {
	id := c.vars["job_id"]
	if len(bytes.TrimSpace(c.body)) > 0 {
		var b struct {
			JobID   string `json:"job_id"`
			Timeout any    `json:"timeout"`
		}
		if err := c.jsonBody(&b); err != nil {
			return nil, err
		}
	} else if _, err := c.timeParam("timeout", 0); err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		node, err := s.openLocked(id)
		if err != nil {
			return fail(err)
		}
		return ok(obj{{"opened", true}, {"node", node}})
	}, nil
}

// inconsistentID rejects a body id that differs from the single id in the URL.
func inconsistentID(kind, body, url string) *esError {
	if body == "" || body == url || strings.Contains(url, ",") || strings.Contains(url, "*") {
		return nil
	}
	return badRequest("Inconsistent %s; '%s' specified in the body differs from '%s' specified as a URL argument", kind, body, url)
}
