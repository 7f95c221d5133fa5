package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// index is a concrete index: its date fields (from the mappings) and its
// documents in write order. Every write is searchable at once: the
// emulator does not model the refresh interval (fixtures write with
// refresh=true, as they must on a real cluster).
type index struct {
	name, uuid string
	hidden     bool
	// mappings are the mappings the index was created with (properties,
	// _meta, ...), as GET _mapping shows them. Fields mapped dynamically
	// by the documents written later are not added (not modelled).
	mappings   map[string]any
	dateFields map[string]bool
	docs       []*document
	byID       map[string]*document
	seqNo      int64
}

type document struct {
	id      string
	source  map[string]any
	version int64
	seqNo   int64
}

// alias points at indices; writes go to its write index.
type alias struct {
	indices []string
	write   string
	// writeExplicit: the write index was named (is_write_index), not
	// implied by the alias having one index.
	writeExplicit bool
	hidden        bool
}

func newIndex(name string, hidden bool) *index {
	return &index{name: name, uuid: randomID(22), hidden: hidden, dateFields: map[string]bool{}, byID: map[string]*document{}}
}

// randomID is a URL-safe random id like Elasticsearch's UUIDs.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// put stores a document (a new version when the id exists) and says
// whether it was created.
func (ix *index) put(id string, source map[string]any) (*document, bool) {
	if id == "" {
		id = randomID(20)
	}
	d := ix.byID[id]
	created := d == nil
	if created {
		d = &document{id: id}
		ix.byID[id] = d
		ix.docs = append(ix.docs, d)
	}
	d.source = source
	d.version++
	d.seqNo = ix.seqNo
	ix.seqNo++
	return d, created
}

// deleteID deletes one document.
func (ix *index) deleteID(id string) {
	if ix.byID[id] != nil {
		delete(ix.byID, id)
		ix.remove(func(map[string]any) bool { return false })
	}
}

// remove deletes the documents drop selects (and any no longer indexed by id).
func (ix *index) remove(drop func(map[string]any) bool) {
	kept := ix.docs[:0]
	for _, d := range ix.docs {
		if ix.byID[d.id] != d || drop(d.source) {
			delete(ix.byID, d.id)
			continue
		}
		kept = append(kept, d)
	}
	ix.docs = kept
}

// validateIndexName follows MetadataCreateIndexService.validateIndexOrAliasName.
func validateIndexName(name string) *esError {
	invalid := func(why string) *esError {
		e := newError(http.StatusBadRequest, "invalid_index_name_exception", "Invalid index name [%s], %s", name, why)
		e.meta = obj{{"index_uuid", "_na_"}, {"index", name}}
		return e
	}
	switch {
	case name != strings.ToLower(name):
		return invalid("must be lowercase")
	case strings.ContainsAny(name, `\/*?"<>| ,#:`):
		return invalid(`must not contain the following characters [ , ", *, \, <, |, ,, >, /, ?]`)
	case strings.HasPrefix(name, "_") || strings.HasPrefix(name, "-") || strings.HasPrefix(name, "+"):
		return invalid("must not start with '_', '-', or '+'")
	case name == "." || name == "..":
		return invalid("must not be '.' or '..'")
	case len(name) > 255:
		return invalid("index name is too long, (" + strconv.Itoa(len(name)) + " > 255)")
	}
	return nil
}

func indexNotFound(name string) *esError {
	e := newError(http.StatusNotFound, "index_not_found_exception", "no such index [%s]", name)
	e.meta = obj{{"resource.type", "index_or_alias"}, {"resource.id", name}, {"index_uuid", "_na_"}, {"index", name}}
	return e
}

// createIndexLocked adds an index and lets ML react to it, as the master
// does on the cluster-state change.
func (s *Server) createIndexLocked(name string, hidden bool, mappings map[string]any) *index {
	ix := newIndex(name, hidden)
	ix.mappings = deepCopy(mappings)
	if props, ok := mappings["properties"].(map[string]any); ok {
		for field, def := range props {
			if m, ok := def.(map[string]any); ok && (m["type"] == "date" || m["type"] == "date_nanos") {
				ix.dateFields[field] = true
			}
		}
	}
	s.indices[name] = ix
	if strings.HasPrefix(name, ".ml") {
		s.ensureAnnotationsIndexLocked()
	}
	return ix
}

// resolveLocked turns an index expression (names, aliases, comma lists,
// wildcards) into concrete indices. Explicit names that resolve to nothing
// fail unless ignoreUnavailable; wildcards skip hidden indices unless the
// pattern starts with a dot.
func (s *Server) resolveLocked(expr string, ignoreUnavailable bool) ([]*index, *esError) {
	seen := map[string]bool{}
	var out []*index
	add := func(ix *index) {
		if ix != nil && !seen[ix.name] {
			seen[ix.name] = true
			out = append(out, ix)
		}
	}
	for _, tok := range strings.Split(expr, ",") {
		tok = strings.TrimSpace(tok)
		switch {
		case tok == "_all" || strings.Contains(tok, "*"):
			pattern := tok
			if tok == "_all" {
				pattern = "*"
			}
			for _, name := range s.sortedIndexNames() {
				ix := s.indices[name]
				if glob(pattern, name) && (!ix.hidden || strings.HasPrefix(pattern, ".")) {
					add(ix)
				}
			}
		case s.aliases[tok] != nil:
			for _, name := range s.aliases[tok].indices {
				add(s.indices[name])
			}
		case s.indices[tok] != nil:
			add(s.indices[tok])
		case !ignoreUnavailable:
			return nil, indexNotFound(tok)
		}
	}
	return out, nil
}

// deleteIndexLocked drops an index; aliases lose it, and an alias left
// with no index is gone.
func (s *Server) deleteIndexLocked(name string) {
	delete(s.indices, name)
	for aliasName, a := range s.aliases {
		if contains(a.indices, name) {
			s.removeFromAliasLocked(aliasName, name)
		}
	}
}

// removeFromAliasLocked takes one index out of an alias.
func (s *Server) removeFromAliasLocked(aliasName, indexName string) {
	a := s.aliases[aliasName]
	if a == nil {
		return
	}
	kept := a.indices[:0]
	for _, n := range a.indices {
		if n != indexName {
			kept = append(kept, n)
		}
	}
	a.indices = kept
	if a.write == indexName {
		a.write, a.writeExplicit = "", false
	}
	if len(a.indices) == 0 {
		delete(s.aliases, aliasName)
	}
}

// addAliasLocked points alias name at index too. An alias of one index
// writes to it unless isWrite says false; with several indices only the
// one marked is_write_index takes writes.
func (s *Server) addAliasLocked(name, indexName string, isWrite *bool) {
	a := s.aliases[name]
	if a == nil {
		a = &alias{}
		s.aliases[name] = a
	}
	if !contains(a.indices, indexName) {
		a.indices = append(a.indices, indexName)
	}
	switch {
	case isWrite != nil && *isWrite:
		a.write, a.writeExplicit = indexName, true
	case isWrite != nil && !*isWrite:
		if a.write == indexName {
			a.write, a.writeExplicit = "", false
		}
	case len(a.indices) == 1:
		a.write = indexName
	case !a.writeExplicit:
		a.write = ""
	}
}

// deepCopy copies a decoded JSON value, so stored state never shares maps
// with a request.
func deepCopy[T any](v T) T {
	if any(v) == nil {
		return v
	}
	var out T
	b, err := json.Marshal(v)
	if err != nil || json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

func (s *Server) sortedIndexNames() []string {
	names := make([]string, 0, len(s.indices))
	for n := range s.indices {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// writeTargetLocked is the index a document written to name goes to: an
// alias's write index, the named index, or a new index (auto-create).
// requireAlias refuses anything but an alias, as require_alias=true does.
func (s *Server) writeTargetLocked(name string, requireAlias bool) (*index, *esError) {
	if a := s.aliases[name]; a != nil {
		if a.write == "" {
			return nil, badRequest("no write index is defined for alias [%s]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index", name)
		}
		return s.indices[a.write], nil
	}
	if requireAlias {
		e := newError(http.StatusNotFound, "index_not_found_exception",
			"no such index [%s] and [require_alias] request flag is [true] and [%s] is not an alias", name, name)
		e.meta = obj{{"index_uuid", "_na_"}, {"index", name}}
		return nil, e
	}
	if ix := s.indices[name]; ix != nil {
		return ix, nil
	}
	if err := validateIndexName(name); err != nil {
		return nil, err
	}
	// UNCONFIRMED: recent versions also warn about dot-prefixed names here.
	return s.createIndexLocked(name, false, nil), nil
}
