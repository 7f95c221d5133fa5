package emulator

import (
	"bytes"
	"net/http"
	"strings"
)

// handleCreateIndex is PUT /<index> with optional mappings.
func (s *Server) handleCreateIndex(c *call) (func() reply, *esError) {
	name := c.vars["index"]
	for _, p := range []string{"wait_for_active_shards", "timeout", "master_timeout"} {
		c.param(p)
	}
	var b struct {
		Mappings map[string]any `json:"mappings"`
		Settings map[string]any `json:"settings"`
		Aliases  map[string]struct {
			IsWriteIndex *bool `json:"is_write_index"`
			IsHidden     bool  `json:"is_hidden"`
		} `json:"aliases"`
	}
	if len(bytes.TrimSpace(c.body)) > 0 {
		if err := c.jsonBody(&b); err != nil {
			return nil, err
		}
	}
	return func() reply {
		if err := c.who.authorizeIndices(actIndexCreate, name); err != nil {
			return fail(err)
		}
		if err := validateIndexName(name); err != nil {
			return fail(err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if ix := s.indices[name]; ix != nil {
			e := newError(http.StatusBadRequest, "resource_already_exists_exception", "index [%s/%s] already exists", name, ix.uuid)
			e.meta = obj{{"index_uuid", ix.uuid}, {"index", name}}
			return fail(e)
		}
		if s.aliases[name] != nil {
			return fail(newError(http.StatusBadRequest, "invalid_index_name_exception",
				"Invalid index name [%s], already exists as alias", name))
		}
		for a := range b.Aliases {
			if err := validateIndexName(a); err != nil || s.indices[a] != nil {
				// UNCONFIRMED wording for an alias named like an index.
				return fail(newError(http.StatusBadRequest, "invalid_alias_name_exception", "Invalid alias name [%s]", a))
			}
		}
		// UNCONFIRMED: recent versions warn when a name starts with a dot.
		s.createIndexLocked(name, false, b.Mappings)
		for a, def := range b.Aliases {
			s.addAliasLocked(a, name, def.IsWriteIndex)
			s.aliases[a].hidden = def.IsHidden
		}
		return ok(obj{{"acknowledged", true}, {"shards_acknowledged", true}, {"index", name}})
	}, nil
}

// handleDeleteIndex is DELETE /<index>[,<index>…]; only concrete names.
func (s *Server) handleDeleteIndex(c *call) (func() reply, *esError) {
	expr := c.vars["index"]
	ignore, err := c.boolParam("ignore_unavailable", false)
	if err != nil {
		return nil, err
	}
	for _, p := range []string{"allow_no_indices", "expand_wildcards", "timeout", "master_timeout"} {
		c.param(p)
	}
	return func() reply {
		names := strings.Split(expr, ",")
		if err := c.who.authorizeIndices(actIndexDelete, names...); err != nil {
			return fail(err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		var doomed []string
		for _, n := range names {
			switch {
			case s.indices[n] != nil:
				doomed = append(doomed, n)
			case s.aliases[n] != nil:
				// Deleting through an alias is refused.
				return fail(badRequest("The provided expression [%s] matches an alias, specify the corresponding concrete indices instead.", n))
			case !ignore:
				return fail(indexNotFound(n))
			}
		}
		for _, n := range doomed {
			s.deleteIndexLocked(n)
		}
		return ok(obj{{"acknowledged", true}})
	}, nil
}

// handleIndexExists is HEAD /<index>.
func (s *Server) handleIndexExists(c *call) (func() reply, *esError) {
	name := c.vars["index"]
	return func() reply {
		if !c.who.mayOnIndex(actIndexGet, name) {
			return reply{status: http.StatusNotFound}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, err := s.resolveLocked(name, false); err != nil {
			return reply{status: http.StatusNotFound}
		}
		return reply{status: http.StatusOK}
	}, nil
}

// handleGetAlias is GET and HEAD /_alias/<name>. Aliases the caller may
// not see are missing (UNCONFIRMED: derived from alias filtering in
// authorization).
func (s *Server) handleGetAlias(c *call) (func() reply, *esError) {
	name := c.vars["name"]
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		a := s.aliases[name]
		if a == nil || !c.who.mayOnIndex(actAliasGet, name) {
			return reply{status: http.StatusNotFound,
				body: obj{{"error", "alias [" + name + "] missing"}, {"status", http.StatusNotFound}}}
		}
		out := obj{}
		for _, ix := range a.indices {
			def := obj{}
			if a.write == ix {
				def = append(def, field{"is_write_index", true})
			}
			if a.hidden {
				def = append(def, field{"is_hidden", true})
			}
			out = append(out, field{ix, obj{{"aliases", obj{{name, def}}}}})
		}
		return ok(out)
	}, nil
}

// handleGetMapping is GET /<index>/_mapping: each concrete index the
// expression names (an alias gives the indices behind it, under their own
// names) with the mappings it was created with.
func (s *Server) handleGetMapping(c *call) (func() reply, *esError) {
	rq := searchRequest{expr: c.vars["index"]}
	var err *esError
	if rq.ignoreUnavailable, err = c.boolParam("ignore_unavailable", false); err != nil {
		return nil, err
	}
	for _, p := range []string{"allow_no_indices", "expand_wildcards", "local", "master_timeout"} {
		c.param(p)
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		targets, err := s.authorizedTargetsLocked(c.who, actMappingGet, rq)
		if err != nil {
			return fail(err)
		}
		out := obj{}
		for _, ix := range targets {
			m := ix.mappings
			if m == nil {
				m = map[string]any{}
			}
			out = append(out, field{ix.name, obj{{"mappings", m}}})
		}
		return ok(out)
	}, nil
}
