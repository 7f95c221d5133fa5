package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// snapshotQuery is one GET model_snapshots request (GetModelSnapshotsAction
// .Request): newest first and 100 a page unless asked otherwise.
type snapshotQuery struct {
	ids        string // snapshot id expression; "" is every snapshot
	start, end string // as given, "" when unset
	sort       string
	desc       bool
	from, size int
}

// maxFromSize is PageParams' limit on from + size.
const maxFromSize = 10000

// handleGetModelSnapshots is GET (or POST) _ml/anomaly_detectors/<job>/
// model_snapshots[/<snapshot id expression>] (RestGetModelSnapshotsAction).
// Parameters come from the JSON body or, without one, the query string;
// with a body, query parameters are not read (and so rejected).
func (s *Server) handleGetModelSnapshots(c *call) (func() reply, *esError) {
	jobID := c.vars["job_id"]
	q := snapshotQuery{ids: c.vars["snapshot_id"], sort: "timestamp", desc: true, size: 100}
	if len(bytes.TrimSpace(c.body)) > 0 {
		if err := parseSnapshotQueryBody(c, &q); err != nil {
			return nil, err
		}
	} else if err := readSnapshotQueryParams(c, &q); err != nil {
		return nil, err
	}
	switch {
	case q.from < 0:
		return nil, badRequest("Parameter [from] cannot be < 0")
	case q.size < 0:
		return nil, badRequest("Parameter [size] cannot be < 0")
	case q.from+q.size > maxFromSize:
		// UNCONFIRMED text (PageParams, from memory of the source).
		return nil, badRequest("The sum of parameters [from] and [size] cannot be higher than %d.", maxFromSize)
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		j := s.jobs[jobID]
		if j == nil {
			return fail(missingJob(jobID))
		}
		matched, err := q.filter(j.snapshots, time.Now().UTC())
		if err != nil {
			return fail(err)
		}
		if err := q.order(matched); err != nil {
			return fail(err)
		}
		total := len(matched)
		page := matched[min(q.from, total):min(q.from+q.size, total)]
		out := make([]obj, len(page))
		for i, m := range page {
			out[i] = m.json(jobID, time.Now())
		}
		return ok(obj{{"count", total}, {"model_snapshots", out}})
	}, nil
}

func readSnapshotQueryParams(c *call, q *snapshotQuery) *esError {
	if v, ok := c.param("sort"); ok {
		q.sort = v
	}
	q.start, _ = c.param("start")
	q.end, _ = c.param("end")
	var err *esError
	if q.desc, err = c.boolParam("desc", true); err != nil {
		return err
	}
	if q.from, err = c.intParam("from", 0); err != nil {
		return err
	}
	q.size, err = c.intParam("size", q.size)
	return err
}

// intParam follows RestRequest.paramAsInt.
func (c *call) intParam(name string, def int) (int, *esError) {
	raw, ok := c.param(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		return def, badRequest("Failed to parse int parameter [%s] with value [%s]", name, raw)
	}
	return n, nil
}

// parseSnapshotQueryBody reads {"start","end","sort","desc","page":{"from",
// "size"}} strictly; job_id and snapshot_id are accepted and the path's
// win.
func parseSnapshotQueryBody(c *call, q *snapshotQuery) *esError {
	fields, err := strictBody(c, "get_model_snapshots", []string{"job_id", "snapshot_id", "start", "end", "sort", "desc", "page"})
	if err != nil {
		return err
	}
	for name, raw := range fields {
		var perr *esError
		switch name {
		case "start":
			q.start, perr = bodyString(name, raw)
		case "end":
			q.end, perr = bodyString(name, raw)
		case "sort":
			q.sort, perr = bodyString(name, raw)
		case "desc":
			q.desc, perr = bodyBool(name, raw, true)
		case "page":
			var page struct {
				From *int `json:"from"`
				Size *int `json:"size"`
			}
			if json.Unmarshal(raw, &page) != nil {
				return newError(http.StatusBadRequest, "x_content_parse_exception", "[get_model_snapshots] failed to parse field [page]")
			}
			if page.From != nil {
				q.from = *page.From
			}
			if page.Size != nil {
				q.size = *page.Size
			}
		}
		if perr != nil {
			return perr
		}
	}
	return nil
}

// strictBody parses a JSON object whose keys must all be known, as an
// ObjectParser that ignores nothing does, and marks the body consumed.
func strictBody(c *call, parser string, known []string) (map[string]json.RawMessage, *esError) {
	c.bodyUsed = true
	if err := duplicateKeys(c.body, c.v); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "[1:1] [%s] Expected START_OBJECT", parser)
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse %s request: %v", parser, err)
		}
		name, _ := tok.(string)
		if !contains(known, name) {
			// UNCONFIRMED: the exact [line:column] prefix.
			line, col := position(c.body, dec.InputOffset()-int64(len(name)+2))
			return nil, newError(http.StatusBadRequest, "x_content_parse_exception",
				"[%d:%d] [%s] unknown field [%s]", line, col, parser, name)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse field [%s]: %v", name, err)
		}
		fields[name] = raw
	}
	return fields, nil
}

// bodyString reads a string field. UNCONFIRMED: other JSON types are
// refused (declareString accepts only strings).
func bodyString(name string, raw json.RawMessage) (string, *esError) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse field [%s]", name)
	}
	return s, nil
}

// bodyBool reads a boolean field: true, false, or the strings "true" and
// "false", as ObjectParser's declareBoolean does.
func bodyBool(name string, raw json.RawMessage, def bool) (bool, *esError) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return def, newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse field [%s]", name)
	}
	return parseBool(s, def)
}

// filter keeps the snapshots the id expression and the time range match,
// oldest first. start is inclusive and end exclusive, both on timestamp,
// read as a date field reads a range bound (date math, ISO 8601, epoch
// ms).
func (q snapshotQuery) filter(all []*modelSnapshot, now time.Time) ([]*modelSnapshot, *esError) {
	var from, to time.Time
	var err *esError
	if q.start != "" {
		if from, err = snapshotBound(q.start, now); err != nil {
			return nil, err
		}
	}
	if q.end != "" {
		if to, err = snapshotBound(q.end, now); err != nil {
			return nil, err
		}
	}
	tokens := idTokens(q.ids)
	everything := len(tokens) == 0 || len(tokens) == 1 && (tokens[0] == "_all" || tokens[0] == "*")
	var out []*modelSnapshot
	for _, m := range all {
		if !everything && !matchesAnyToken(tokens, m.id) {
			continue
		}
		if q.start != "" && m.timestamp.Before(from) || q.end != "" && !m.timestamp.Before(to) {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

func matchesAnyToken(tokens []string, id string) bool {
	for _, tok := range tokens {
		if glob(tok, id) {
			return true
		}
	}
	return false
}

// snapshotBound parses start or end. A value the date field cannot read
// fails the search on every shard. UNCONFIRMED: the exact wording of that
// failure.
func snapshotBound(v string, now time.Time) (time.Time, *esError) {
	if t, ok := nowMath(v, now); ok {
		return t, nil
	}
	if t, ok := dateValue(v); ok {
		return t, nil
	}
	const format = "strict_date_optional_time||epoch_millis"
	e := newError(http.StatusBadRequest, "search_phase_execution_exception", "all shards failed")
	e.cause = newError(http.StatusBadRequest, "parse_exception",
		"failed to parse date field [%s] with format [%s]: [failed to parse date field [%s] with format [%s]]", v, format, v, format)
	return time.Time{}, e
}

// snapshotSortKeys are the snapshot fields a search can sort on
// (description is a text field, not sortable). Missing values sort last;
// min_version, a keyword, sorts as a string and counts as 6.3.0 when
// absent.
var snapshotSortKeys = map[string]func(*modelSnapshot) (any, bool){
	"timestamp":                    func(m *modelSnapshot) (any, bool) { return m.timestamp.UnixMilli(), true },
	"snapshot_id":                  func(m *modelSnapshot) (any, bool) { return m.id, true },
	"min_version":                  func(m *modelSnapshot) (any, bool) { return cmpOr(m.minVersion, "6.3.0"), true },
	"snapshot_doc_count":           func(m *modelSnapshot) (any, bool) { return int64(m.docCount), true },
	"retain":                       func(m *modelSnapshot) (any, bool) { return boolKey(m.retain), true },
	"model_size_stats.model_bytes": func(m *modelSnapshot) (any, bool) { return int64(m.modelBytes()), true },
	"latest_record_time_stamp":     optionalTime(func(m *modelSnapshot) time.Time { return m.latestRecord }),
	"latest_result_time_stamp":     optionalTime(func(m *modelSnapshot) time.Time { return m.latestResult }),
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func boolKey(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func optionalTime(get func(*modelSnapshot) time.Time) func(*modelSnapshot) (any, bool) {
	return func(m *modelSnapshot) (any, bool) {
		t := get(m)
		return t.UnixMilli(), !t.IsZero()
	}
}

// order sorts in place by q.sort, ties in the order the snapshots were
// stored. A field the mapping does not have fails the search.
// UNCONFIRMED: that failure's wording.
func (q snapshotQuery) order(ms []*modelSnapshot) *esError {
	key := snapshotSortKeys[q.sort]
	if key == nil {
		e := newError(http.StatusBadRequest, "search_phase_execution_exception", "all shards failed")
		e.cause = newError(http.StatusBadRequest, "query_shard_exception", "No mapping found for [%s] in order to sort on", q.sort)
		return e
	}
	less := func(a, b any) bool {
		switch x := a.(type) {
		case int64:
			return x < b.(int64)
		case string:
			return strings.Compare(x, b.(string)) < 0
		}
		return false
	}
	sort.SliceStable(ms, func(a, b int) bool {
		ka, hasA := key(ms[a])
		kb, hasB := key(ms[b])
		if hasA != hasB {
			return hasA // missing values last, in either direction
		}
		if !hasA {
			return false
		}
		if q.desc {
			return less(kb, ka)
		}
		return less(ka, kb)
	})
	return nil
}

// handleUpdateModelSnapshot is POST …/model_snapshots/<id>/_update: only
// description and retain change. The job is not looked up first, so a
// missing job answers as a missing snapshot.
func (s *Server) handleUpdateModelSnapshot(c *call) (func() reply, *esError) {
	jobID, snapID := c.vars["job_id"], c.vars["snapshot_id"]
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	fields, err := strictBody(c, "update_model_snapshot", []string{"job_id", "snapshot_id", "description", "retain"})
	if err != nil {
		return nil, err
	}
	var description *string
	var retain *bool
	if raw, ok := fields["description"]; ok {
		d, err := bodyString("description", raw)
		if err != nil {
			return nil, err
		}
		description = &d
	}
	if raw, ok := fields["retain"]; ok {
		r, err := bodyBool("retain", raw, false)
		if err != nil {
			return nil, err
		}
		retain = &r
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		var m *modelSnapshot
		if j := s.jobs[jobID]; j != nil {
			m = j.snapshot(snapID)
		}
		if m == nil {
			return fail(missingSnapshot(jobID, snapID))
		}
		if description != nil {
			m.description = *description
		}
		if retain != nil {
			m.retain = *retain
		}
		return ok(obj{{"acknowledged", true}, {"model", m.json(jobID, time.Now())}})
	}, nil
}

func missingSnapshot(jobID, snapID string) *esError {
	return notFound("No model snapshot with id [%s] exists for job [%s]", snapID, jobID)
}
