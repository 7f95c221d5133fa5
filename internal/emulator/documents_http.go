package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// writeOptions are the parameters shared by single-document writes and _bulk.
type writeOptions struct {
	refresh      bool // forced_refresh shows in the answer
	requireAlias bool
}

func (c *call) readWriteOptions() (writeOptions, *esError) {
	var o writeOptions
	if v, present := c.param("refresh"); present {
		switch v {
		case "", "true":
			o.refresh = true
		case "false", "wait_for":
		default:
			return o, badRequest("Unknown value for refresh: [%s].", v)
		}
	}
	var err *esError
	if o.requireAlias, err = c.boolParam("require_alias", false); err != nil {
		return o, err
	}
	for _, p := range []string{"routing", "timeout", "pipeline", "wait_for_active_shards", "require_data_stream",
		"if_seq_no", "if_primary_term", "version", "version_type", "op_type", "_source", "_source_includes",
		"_source_excludes", "list_executed_pipelines", "include_source_on_error"} {
		c.param(p)
	}
	return o, nil
}

// handleIndexDoc is POST /<index>/_doc and PUT|POST /<index>/_doc/<id>.
func (s *Server) handleIndexDoc(c *call) (func() reply, *esError) {
	target, id := c.vars["index"], c.vars["id"]
	opts, err := c.readWriteOptions()
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	var src map[string]any
	if err := c.jsonBody(&src); err != nil {
		return nil, err
	}
	return func() reply {
		if err := c.who.authorizeIndices(actDocIndex, target); err != nil {
			return fail(err)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		res, err := s.indexDocLocked(target, id, src, opts, false)
		if err != nil {
			return fail(err)
		}
		status := http.StatusOK
		if res.created {
			status = http.StatusCreated
		}
		return reply{status: status, body: res.json(opts)}
	}, nil
}

// writeResult is one written document, as the answer describes it.
type writeResult struct {
	index   string
	doc     *document
	created bool
}

func (w writeResult) json(o writeOptions) obj {
	result := "updated"
	if w.created {
		result = "created"
	}
	out := obj{{"_index", w.index}, {"_id", w.doc.id}, {"_version", w.doc.version}, {"result", result}}
	if o.refresh {
		out = append(out, field{"forced_refresh", true})
	}
	return append(out,
		field{"_shards", obj{{"total", 2}, {"successful", 1}, {"failed", 0}}},
		field{"_seq_no", w.doc.seqNo}, field{"_primary_term", 1})
}

// indexDocLocked writes one document; createOnly refuses an existing id.
func (s *Server) indexDocLocked(target, id string, src map[string]any, o writeOptions, createOnly bool) (writeResult, *esError) {
	ix, err := s.writeTargetLocked(target, o.requireAlias)
	if err != nil {
		return writeResult{}, err
	}
	if d := ix.byID[id]; createOnly && d != nil {
		e := newError(http.StatusConflict, "version_conflict_engine_exception",
			"[%s]: version conflict, document already exists (current version [%d])", id, d.version)
		e.meta = obj{{"index_uuid", ix.uuid}, {"shard", "0"}, {"index", ix.name}}
		return writeResult{}, e
	}
	if err := s.checkMappingLocked(ix, id, src); err != nil {
		return writeResult{}, err
	}
	d, created := ix.put(id, src)
	s.notifyLocked()
	return writeResult{index: ix.name, doc: d, created: created}, nil
}

// checkMappingLocked refuses a value a mapped date field cannot parse.
// UNCONFIRMED: document_parsing_exception replaced mapper_parsing_exception
// here in 8.8 (we assume that release).
func (s *Server) checkMappingLocked(ix *index, id string, src map[string]any) *esError {
	for f := range ix.dateFields {
		v := lookup(src, f)
		if v == nil {
			continue
		}
		if _, ok := dateValue(v); !ok {
			typ := "document_parsing_exception"
			if !s.versionLocked().atLeast(8, 8, 0) {
				typ = "mapper_parsing_exception"
			}
			return newError(http.StatusBadRequest, typ,
				"failed to parse field [%s] of type [date] in document with id '%s'. Preview of field's value: '%v'", f, id, v)
		}
	}
	return nil
}

// handleBulk is POST|PUT /_bulk and /<index>/_bulk: newline-delimited
// action and source lines. Items fail one by one (errors:true) while the
// request itself succeeds; a malformed request fails as a whole.
func (s *Server) handleBulk(c *call) (func() reply, *esError) {
	defaultIndex := c.vars["index"]
	opts, err := c.readWriteOptions()
	if err != nil {
		return nil, err
	}
	c.bodyUsed = true
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, newError(http.StatusBadRequest, "parse_exception", "request body is required")
	}
	if c.body[len(c.body)-1] != '\n' {
		return nil, badRequest("The bulk request must be terminated by a newline [\\n]")
	}
	ops, perr := parseBulk(c.body, defaultIndex, c.v)
	if perr != nil {
		return nil, perr
	}
	return func() reply {
		start := time.Now()
		s.mu.Lock()
		defer s.mu.Unlock()
		items := make([]obj, 0, len(ops))
		failed := false
		for _, op := range ops {
			item, itemFailed := s.bulkItemLocked(c.who, op, opts)
			failed = failed || itemFailed
			items = append(items, obj{{op.action, item}})
		}
		return ok(obj{{"errors", failed}, {"took", time.Since(start).Milliseconds()}, {"items", items}})
	}, nil
}

type bulkOp struct {
	action, index, id string
	source            map[string]any
}

// parseBulk reads the action/source line pairs (BulkRequestParser).
func parseBulk(body []byte, defaultIndex string, v version) ([]bulkOp, *esError) {
	lines := bytes.Split(body[:len(body)-1], []byte("\n"))
	var ops []bulkOp
	for i := 0; i < len(lines); i++ {
		line := bytes.TrimSpace(lines[i])
		if len(line) == 0 {
			continue
		}
		if err := duplicateKeys(line, v); err != nil {
			return nil, err
		}
		var action map[string]struct {
			Index string `json:"_index"`
			ID    string `json:"_id"`
		}
		if err := json.Unmarshal(line, &action); err != nil || len(action) != 1 {
			return nil, badRequest("Malformed action/metadata line [%d], expected START_OBJECT or END_OBJECT but found [VALUE_STRING]", i+1)
		}
		for name, meta := range action {
			op := bulkOp{action: name, index: meta.Index, id: meta.ID}
			if op.index == "" {
				op.index = defaultIndex
			}
			switch name {
			case "index", "create":
				i++
				if i >= len(lines) {
					return nil, badRequest("Malformed action/metadata line [%d]: the source line is missing", i)
				}
				if err := duplicateKeys(lines[i], v); err != nil {
					return nil, err
				}
				if err := json.Unmarshal(lines[i], &op.source); err != nil || op.source == nil {
					return nil, newError(http.StatusBadRequest, "x_content_parse_exception", "[%d:1] failed to parse document", i+1)
				}
			case "delete":
			case "update":
				// Not modelled: nothing the fixtures send.
				return nil, badRequest("emulator: bulk update is not modelled")
			default:
				return nil, badRequest("Malformed action/metadata line [%d], expected one of [create, delete, index, update] but found [%s]", i+1, name)
			}
			if op.index == "" {
				return nil, newError(http.StatusBadRequest, "action_request_validation_exception", "Validation Failed: 1: index is missing;")
			}
			ops = append(ops, op)
		}
	}
	return ops, nil
}

// bulkItemLocked runs one bulk item; a failure is reported in the item.
func (s *Server) bulkItemLocked(who *principal, op bulkOp, o writeOptions) (obj, bool) {
	failure := func(e *esError, index string) (obj, bool) {
		return obj{{"_index", index}, {"_id", op.id}, {"status", e.status}, {"error", e.inner()}}, true
	}
	action := actDocIndex
	if op.action == "delete" {
		action = actDocDelete
	}
	if err := who.authorizeIndices(action, op.index); err != nil {
		return failure(err, op.index)
	}
	if op.action == "delete" {
		ix, err := s.writeTargetLocked(op.index, o.requireAlias)
		if err != nil {
			return failure(err, op.index)
		}
		d := ix.byID[op.id]
		result, status, ver := "not_found", http.StatusNotFound, int64(1)
		if d != nil {
			result, status, ver = "deleted", http.StatusOK, d.version+1
			ix.deleteID(op.id)
			s.notifyLocked()
		}
		return obj{{"_index", ix.name}, {"_id", op.id}, {"_version", ver}, {"result", result},
			{"_shards", obj{{"total", 2}, {"successful", 1}, {"failed", 0}}}, {"status", status}}, false
	}
	res, err := s.indexDocLocked(op.index, op.id, op.source, o, op.action == "create")
	if err != nil {
		return failure(err, op.index)
	}
	status := http.StatusOK
	if res.created {
		status = http.StatusCreated
	}
	return append(res.json(o), field{"status", status}), false
}
