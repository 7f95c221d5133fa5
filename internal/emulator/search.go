package emulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// matcher is a parsed query: does a document's source match?
type matcher func(src map[string]any) bool

// parseQuery reads the part of the query DSL the fixtures and datafeeds
// use: match_all, match_none, term, terms, exists, range and bool
// (filter, must, must_not, should). Anything else is refused the way
// Elasticsearch refuses an unknown query (reason text UNCONFIRMED).
func parseQuery(q any) (matcher, *esError) {
	m, isObj := q.(map[string]any)
	if !isObj || len(m) != 1 {
		return nil, newError(http.StatusBadRequest, "parsing_exception", "[_na] query malformed, must start with start_object")
	}
	for kind, body := range m {
		switch kind {
		case "match_all":
			return func(map[string]any) bool { return true }, nil
		case "match_none":
			return func(map[string]any) bool { return false }, nil
		case "term":
			return fieldQuery(kind, body, func(field string, v any) matcher {
				if o, isObj := v.(map[string]any); isObj {
					v = o["value"]
				}
				return func(src map[string]any) bool {
					return anyValue(lookup(src, field), func(x any) bool { return sameValue(x, v) })
				}
			})
		case "terms":
			return fieldQuery(kind, body, func(field string, v any) matcher {
				list, _ := v.([]any)
				return func(src map[string]any) bool {
					return anyValue(lookup(src, field), func(x any) bool {
						for _, want := range list {
							if sameValue(x, want) {
								return true
							}
						}
						return false
					})
				}
			})
		case "exists":
			o, _ := body.(map[string]any)
			field, _ := o["field"].(string)
			return func(src map[string]any) bool { return lookup(src, field) != nil }, nil
		case "range":
			return fieldQuery(kind, body, rangeMatcher)
		case "bool":
			return boolQuery(body)
		}
		return nil, newError(http.StatusBadRequest, "parsing_exception", "unknown query [%s]", kind)
	}
	return nil, nil // unreachable: one key
}

// fieldQuery parses {"<field>": <spec>} queries.
func fieldQuery(kind string, body any, build func(field string, spec any) matcher) (matcher, *esError) {
	o, isObj := body.(map[string]any)
	if !isObj || len(o) != 1 {
		return nil, newError(http.StatusBadRequest, "parsing_exception", "[%s] query doesn't support multiple fields", kind)
	}
	for field, spec := range o {
		return build(field, spec), nil
	}
	return nil, nil
}

func boolQuery(body any) (matcher, *esError) {
	o, isObj := body.(map[string]any)
	if !isObj {
		return nil, newError(http.StatusBadRequest, "parsing_exception", "[bool] query malformed")
	}
	clauses := map[string][]matcher{}
	for occur, v := range o {
		switch occur {
		case "filter", "must", "must_not", "should":
		case "minimum_should_match", "boost", "_name":
			continue
		default:
			return nil, newError(http.StatusBadRequest, "parsing_exception", "[bool] query does not support [%s]", occur)
		}
		list, isList := v.([]any)
		if !isList {
			list = []any{v}
		}
		for _, q := range list {
			m, err := parseQuery(q)
			if err != nil {
				return nil, err
			}
			clauses[occur] = append(clauses[occur], m)
		}
	}
	return func(src map[string]any) bool {
		for _, m := range append(clauses["filter"], clauses["must"]...) {
			if !m(src) {
				return false
			}
		}
		for _, m := range clauses["must_not"] {
			if m(src) {
				return false
			}
		}
		// Without filter/must, at least one should clause must match.
		if len(clauses["should"]) > 0 && len(clauses["filter"])+len(clauses["must"]) == 0 {
			for _, m := range clauses["should"] {
				if m(src) {
					return true
				}
			}
			return false
		}
		return true
	}, nil
}

func rangeMatcher(field string, spec any) matcher {
	bounds, _ := spec.(map[string]any)
	return func(src map[string]any) bool {
		return anyValue(lookup(src, field), func(x any) bool {
			val, isNum := rangeValue(x)
			if !isNum {
				return false
			}
			for op, b := range bounds {
				bound, isNum := rangeValue(b)
				if !isNum {
					continue
				}
				switch op {
				case "gt":
					if val <= bound {
						return false
					}
				case "gte":
					if val < bound {
						return false
					}
				case "lt":
					if val >= bound {
						return false
					}
				case "lte":
					if val > bound {
						return false
					}
				}
			}
			return true
		})
	}
}

// rangeValue turns numbers and dates into a float for range checks.
func rangeValue(v any) (float64, bool) {
	if f, isNum := v.(float64); isNum {
		return f, true
	}
	if t, isDate := dateValue(v); isDate {
		return float64(t.UnixMilli()), true
	}
	return 0, false
}

// dateValue reads a date as a date field stores it: epoch milliseconds
// (number or digits) or an ISO 8601 string.
func dateValue(v any) (time.Time, bool) {
	switch x := v.(type) {
	case float64:
		return time.UnixMilli(int64(x)), true
	case string:
		if t, ok := recordTime("epoch_ms")(x); ok {
			return t, true
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
			if t, err := time.Parse(layout, x); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// lookup finds a field by dotted path in nested objects.
func lookup(src map[string]any, path string) any {
	if v, ok := src[path]; ok {
		return v
	}
	head, rest, found := strings.Cut(path, ".")
	if !found {
		return nil
	}
	if inner, ok := src[head].(map[string]any); ok {
		return lookup(inner, rest)
	}
	return nil
}

// anyValue applies test to a value or to each element of an array value.
func anyValue(v any, test func(any) bool) bool {
	if list, isList := v.([]any); isList {
		for _, x := range list {
			if test(x) {
				return true
			}
		}
		return false
	}
	return v != nil && test(v)
}

func sameValue(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// searchRequest is the index expression and options of a search-type call.
type searchRequest struct {
	expr              string
	ignoreUnavailable bool
	query             matcher
}

// readSearchParams consumes the search options _count accepts.
func (c *call) readSearchParams(expr string) (searchRequest, *esError) {
	rq := searchRequest{expr: expr, query: func(map[string]any) bool { return true }}
	var err *esError
	if rq.ignoreUnavailable, err = c.boolParam("ignore_unavailable", false); err != nil {
		return rq, err
	}
	for _, p := range []string{"allow_no_indices", "expand_wildcards", "ignore_throttled", "min_score", "preference",
		"routing", "terminate_after", "analyzer", "analyze_wildcard", "default_operator", "df", "lenient"} {
		c.param(p)
	}
	if len(strings.TrimSpace(string(c.body))) == 0 {
		return rq, nil
	}
	var b map[string]any
	if err := c.jsonBody(&b); err != nil {
		return rq, err
	}
	for k := range b {
		if k != "query" {
			return rq, newError(http.StatusBadRequest, "parsing_exception", "request does not support [%s]", k)
		}
	}
	if q, has := b["query"]; has {
		if rq.query, err = parseQuery(q); err != nil {
			return rq, err
		}
	}
	return rq, nil
}

// handleCount is GET|POST /<index>/_count.
func (s *Server) handleCount(c *call) (func() reply, *esError) {
	rq, err := c.readSearchParams(c.vars["index"])
	if err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		targets, err := s.authorizedTargetsLocked(c.who, actSearch, rq)
		if err != nil {
			return fail(err)
		}
		n := 0
		for _, ix := range targets {
			for _, d := range ix.docs {
				if rq.query(d.source) {
					n++
				}
			}
		}
		shards := len(targets)
		return ok(obj{{"count", n}, {"_shards", obj{{"total", shards}, {"successful", shards}, {"skipped", 0}, {"failed", 0}}}})
	}, nil
}

// authorizedTargetsLocked resolves a read's indices: explicit names need the
// privilege, wildcards quietly match only what the caller may read.
func (s *Server) authorizedTargetsLocked(who *principal, action string, rq searchRequest) ([]*index, *esError) {
	var explicit []string
	for _, tok := range strings.Split(rq.expr, ",") {
		if tok = strings.TrimSpace(tok); tok != "_all" && !strings.Contains(tok, "*") {
			explicit = append(explicit, tok)
		}
	}
	if err := who.authorizeIndices(action, explicit...); err != nil {
		return nil, err
	}
	all, err := s.resolveLocked(rq.expr, rq.ignoreUnavailable)
	if err != nil {
		return nil, err
	}
	var out []*index
	for _, ix := range all {
		if who.mayOnIndex(action, ix.name) || s.reachedThroughLocked(explicit, ix.name) {
			out = append(out, ix)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].name < out[b].name })
	return out, nil
}

// reachedThroughLocked: an index behind an alias the caller named (and was
// authorized for) is readable through it.
func (s *Server) reachedThroughLocked(names []string, indexName string) bool {
	for _, n := range names {
		if n == indexName {
			return true
		}
		if a := s.aliases[n]; a != nil && contains(a.indices, indexName) {
			return true
		}
	}
	return false
}
