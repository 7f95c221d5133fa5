package emulator

import (
	"bytes"
	"net/http"
)

const (
	feedStarted = "started"
	feedStopped = "stopped"
)

// datafeed feeds a job from indices; only its state matters here (a
// started datafeed keeps its job from being closed before 7.14).
type datafeed struct {
	id, jobID string
	indices   []string
	state     string
}

func (df *datafeed) configJSON() obj {
	return obj{
		{"datafeed_id", df.id},
		{"job_id", df.jobID},
		{"query_delay", "60s"},
		{"indices", df.indices},
		{"query", obj{{"match_all", obj{}}}},
		{"scroll_size", 1000},
		{"chunking_config", obj{{"mode", "auto"}}},
		{"delayed_data_check_config", obj{{"enabled", true}}},
	}
}

func (s *Server) putDatafeedLocked(id, jobID string, indices []string) (*datafeed, *esError) {
	if err := validateID("datafeed_id", id); err != nil {
		return nil, err
	}
	if s.feeds[id] != nil {
		return nil, newError(http.StatusBadRequest, "resource_already_exists_exception", "A datafeed with id [%s] already exists", id)
	}
	j := s.jobs[jobID]
	if j == nil {
		return nil, missingJob(jobID)
	}
	if j.datafeedID != "" && s.feeds[j.datafeedID] != nil {
		return nil, conflict("A datafeed [%s] already exists for job [%s]", j.datafeedID, jobID)
	}
	if len(indices) == 0 {
		indices = []string{"*"}
	}
	df := &datafeed{id: id, jobID: jobID, indices: indices, state: feedStopped}
	s.feeds[id] = df
	j.datafeedID = id
	return df, nil
}

func (s *Server) startDatafeedLocked(id string) *esError {
	df := s.feeds[id]
	if df == nil {
		return notFound("No datafeed with id [%s] exists", id)
	}
	j := s.jobs[df.jobID]
	if j == nil {
		return missingJob(df.jobID)
	}
	if j.state != stateOpened {
		return conflict("cannot start datafeed [%s] because job [%s] is %s", id, j.id, j.state)
	}
	if df.state == feedStarted {
		return conflict("cannot start datafeed [%s] because it has already been started", id)
	}
	df.state = feedStarted
	s.notifyLocked()
	return nil
}

// PutDatafeed creates a stopped datafeed for an existing job.
func (s *Server) PutDatafeed(datafeedID, jobID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.putDatafeedLocked(datafeedID, jobID, nil)
	return asError(err)
}

// StartDatafeed starts a datafeed; its job must be opened.
func (s *Server) StartDatafeed(datafeedID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return asError(s.startDatafeedLocked(datafeedID))
}

func (s *Server) handlePutDatafeed(c *call) (func() reply, *esError) {
	id := c.vars["datafeed_id"]
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	var b struct {
		DatafeedID string   `json:"datafeed_id"`
		JobID      string   `json:"job_id"`
		Indices    []string `json:"indices"`
	}
	if err := c.jsonBody(&b); err != nil {
		return nil, err
	}
	for _, p := range []string{"ignore_unavailable", "allow_no_indices", "ignore_throttled", "expand_wildcards"} {
		c.param(p)
	}
	return func() reply {
		if err := inconsistentID("datafeed_id", b.DatafeedID, id); err != nil {
			return fail(err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		df, err := s.putDatafeedLocked(id, b.JobID, b.Indices)
		if err != nil {
			return fail(err)
		}
		return ok(df.configJSON())
	}, nil
}

func (s *Server) handleStartDatafeed(c *call) (func() reply, *esError) {
	id := c.vars["datafeed_id"]
	if err := c.bodyOrParams("start", "end", "timeout"); err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		if err := s.startDatafeedLocked(id); err != nil {
			return fail(err)
		}
		return ok(obj{{"started", true}, {"node", s.nodeID}})
	}, nil
}

func (s *Server) handleStopDatafeed(c *call) (func() reply, *esError) {
	id := c.vars["datafeed_id"]
	if err := c.bodyOrParams("force", "timeout", "allow_no_match"); err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		df := s.feeds[id]
		if df == nil {
			return fail(notFound("No datafeed with id [%s] exists", id))
		}
		df.state = feedStopped
		s.notifyLocked()
		return ok(obj{{"stopped", true}})
	}, nil
}

func (s *Server) handleDatafeedStats(c *call) (func() reply, *esError) {
	id := c.vars["datafeed_id"]
	c.param("allow_no_match")
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		df := s.feeds[id]
		if df == nil {
			return fail(notFound("No datafeed with id [%s] exists", id))
		}
		entry := obj{{"datafeed_id", df.id}, {"state", df.state}}
		if df.state == feedStarted {
			entry = append(entry, field{"node", obj{{"id", s.nodeID}, {"name", "es-emulator-0"}}}, field{"assignment_explanation", ""})
		}
		return ok(obj{{"count", 1}, {"datafeeds", []obj{entry}}})
	}, nil
}

// bodyOrParams takes a request's options from its JSON body when it has
// one, else from the named query parameters (which then count as read).
func (c *call) bodyOrParams(params ...string) *esError {
	if len(bytes.TrimSpace(c.body)) > 0 {
		var b map[string]any
		return c.jsonBody(&b)
	}
	for _, p := range params {
		c.param(p)
	}
	return nil
}
