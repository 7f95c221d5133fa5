package emulator

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The two transform functions, kept to what a test needs to see counters
// and destination documents that follow from the source: pivot groups by
// terms, histogram and date_histogram and computes max, min, sum, avg,
// value_count and cardinality (other aggregations are accepted and left out
// of the output); latest keeps the newest document of each unique key.

type pivotConfig struct {
	groups []groupSource
	aggs   []aggregation
	raw    json.RawMessage // shown back as given
}

type groupSource struct {
	name, kind, field string
	interval          float64       // histogram
	fixed             time.Duration // date_histogram fixed_interval
	calendar          string        // date_histogram calendar_interval unit: m h d w M q y
	missingBucket     bool
}

type aggregation struct{ name, kind, field string }

type latestConfig struct {
	uniqueKey []string
	sort      string
	raw       json.RawMessage // shown back as given
}

func parsePivot(raw json.RawMessage) (*pivotConfig, *esError) {
	const name = "data_frame_transform_pivot"
	var body map[string]json.RawMessage
	if err := decodeField("data_frame_transform_config", "pivot", raw, &body); err != nil {
		return nil, err
	}
	if err := unknownFields(name, body, "group_by", "aggregations", "aggs", "max_page_search_size"); err != nil {
		return nil, err
	}
	p := &pivotConfig{raw: raw}
	var groups map[string]map[string]map[string]any
	if rawGroups, ok := body["group_by"]; ok {
		if err := decodeField(name, "group_by", rawGroups, &groups); err != nil {
			return nil, err
		}
	}
	for _, gname := range sortedKeys(groups) {
		g, err := parseGroupSource(gname, groups[gname])
		if err != nil {
			return nil, err
		}
		p.groups = append(p.groups, g)
	}
	rawAggs, ok := body["aggregations"]
	if !ok {
		rawAggs = body["aggs"]
	}
	var aggs map[string]map[string]any
	if rawAggs != nil {
		if err := decodeField(name, "aggregations", rawAggs, &aggs); err != nil {
			return nil, err
		}
	}
	for _, aname := range sortedKeys(aggs) {
		a := aggregation{name: aname}
		for kind, def := range aggs[aname] {
			if kind == "aggs" || kind == "aggregations" || kind == "meta" {
				continue
			}
			a.kind = kind
			if m, ok := def.(map[string]any); ok {
				a.field, _ = m["field"].(string)
			}
		}
		p.aggs = append(p.aggs, a)
	}
	return p, nil
}

func parseGroupSource(name string, def map[string]map[string]any) (groupSource, *esError) {
	g := groupSource{name: name}
	if len(def) != 1 {
		return g, parseError("[data_frame_transform_group] group_by [%s] must hold exactly one group source", name)
	}
	for kind, body := range def {
		g.kind = kind
		g.field, _ = body["field"].(string)
		g.missingBucket, _ = body["missing_bucket"].(bool)
		switch kind {
		case "terms", "geotile_grid":
		case "histogram":
			f, ok := body["interval"].(float64)
			if !ok || f <= 0 {
				return g, badRequest("[interval] must be >0 for histogram aggregation [%s]", name)
			}
			g.interval = f
		case "date_histogram":
			if raw, ok := body["fixed_interval"].(string); ok {
				d, err := parseTimeValue(raw, "fixed_interval")
				if err != nil {
					return g, err
				}
				g.fixed = d
			} else if raw, ok := body["calendar_interval"].(string); ok {
				unit, ok := calendarUnit(raw)
				if !ok {
					return g, badRequest("The supplied interval [%s] could not be parsed as a calendar interval.", raw)
				}
				g.calendar = unit
			} else {
				// UNCONFIRMED wording.
				return g, badRequest("Invalid interval specified, must be non-null and non-empty")
			}
		default:
			return g, parseError("[data_frame_transform_group] unknown group source type [%s]", kind)
		}
	}
	return g, nil
}

// calendarUnit reads a calendar interval ("1d", "day", ...) into its unit.
func calendarUnit(raw string) (string, bool) {
	units := map[string]string{
		"1m": "m", "minute": "m", "1h": "h", "hour": "h", "1d": "d", "day": "d", "1w": "w", "week": "w",
		"1M": "M", "month": "M", "1q": "q", "quarter": "q", "1y": "y", "year": "y",
	}
	u, ok := units[raw]
	return u, ok
}

func parseLatest(raw json.RawMessage) (*latestConfig, *esError) {
	const name = "latest_config"
	var body map[string]json.RawMessage
	if err := decodeField("data_frame_transform_config", "latest", raw, &body); err != nil {
		return nil, err
	}
	if err := unknownFields(name, body, "unique_key", "sort"); err != nil {
		return nil, err
	}
	if err := required(body, "unique_key", "sort"); err != nil {
		return nil, err
	}
	l := &latestConfig{raw: raw}
	if err := decodeField(name, "unique_key", body["unique_key"], &l.uniqueKey); err != nil {
		return nil, err
	}
	if err := decodeField(name, "sort", body["sort"], &l.sort); err != nil {
		return nil, err
	}
	return l, nil
}

// validate: UNCONFIRMED wording (PivotConfig.validate).
func (p *pivotConfig) validate() []string {
	var errs []string
	if len(p.groups) == 0 {
		errs = append(errs, "pivot.groups must not be null")
	}
	if len(p.aggs) == 0 {
		errs = append(errs, "pivot.aggregations must not be null")
	}
	return errs
}

// validate: UNCONFIRMED wording (LatestConfig.validate).
func (l *latestConfig) validate() []string {
	var errs []string
	if len(l.uniqueKey) == 0 {
		errs = append(errs, "latest.unique_key must be non-empty")
	}
	for i, k := range l.uniqueKey {
		if k == "" {
			errs = append(errs, "latest.unique_key["+strconv.Itoa(i)+"] element must be non-empty")
		}
	}
	if l.sort == "" {
		errs = append(errs, "latest.sort must be non-empty")
	}
	return errs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// bucket is one destination document in the making.
type bucket struct {
	key  []any
	docs []map[string]any
}

// bucketKey is the group key of a document, or false when a group field
// is missing (without missing_bucket) or not a single value.
func (tf *transform) bucketKey(doc map[string]any) ([]any, bool) {
	if tf.latest != nil {
		key := make([]any, len(tf.latest.uniqueKey))
		for i, f := range tf.latest.uniqueKey {
			v := lookup(doc, f)
			if v == nil || isList(v) {
				return nil, false
			}
			key[i] = v
		}
		return key, true
	}
	key := make([]any, len(tf.pivot.groups))
	for i, g := range tf.pivot.groups {
		v := lookup(doc, g.field)
		if v == nil || isList(v) {
			if !g.missingBucket {
				return nil, false
			}
			continue
		}
		k, ok := g.keyOf(v)
		if !ok {
			return nil, false
		}
		key[i] = k
	}
	return key, true
}

func isList(v any) bool { _, ok := v.([]any); return ok }

func (g groupSource) keyOf(v any) (any, bool) {
	switch g.kind {
	case "histogram":
		f, ok := v.(float64)
		if !ok {
			return nil, false
		}
		return math.Floor(f/g.interval) * g.interval, true
	case "date_histogram":
		t, ok := dateValue(v)
		if !ok {
			return nil, false
		}
		return roundDown(t.UTC(), g.fixed, g.calendar).UnixMilli(), true
	}
	return v, true
}

// roundDown puts a time at the start of its fixed or calendar interval.
func roundDown(t time.Time, fixed time.Duration, unit string) time.Time {
	if fixed > 0 {
		return time.UnixMilli(t.UnixMilli() - t.UnixMilli()%fixed.Milliseconds()).UTC()
	}
	y, m, d := t.Date()
	switch unit {
	case "m":
		return t.Truncate(time.Minute)
	case "h":
		return t.Truncate(time.Hour)
	case "w":
		return time.Date(y, m, d-(int(t.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	case "M":
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "q":
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case "y":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// bucketID names a destination document after its key, so a later
// checkpoint overwrites it (Elasticsearch hashes the key the same way).
func bucketID(key []any) string {
	b, _ := json.Marshal(key)
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:])[:22]
}

// output is the destination document of a bucket.
func (tf *transform) output(b *bucket) map[string]any {
	if tf.latest != nil {
		var best map[string]any
		bestAt := math.Inf(-1)
		for _, d := range b.docs {
			if at, ok := rangeValue(lookup(d, tf.latest.sort)); ok && at >= bestAt {
				best, bestAt = d, at
			}
		}
		if best == nil {
			best = b.docs[len(b.docs)-1]
		}
		return deepCopy(best)
	}
	out := map[string]any{}
	for i, g := range tf.pivot.groups {
		out[g.name] = b.key[i]
	}
	for _, a := range tf.pivot.aggs {
		if v, ok := a.compute(b.docs); ok {
			out[a.name] = v
		}
	}
	return out
}

// compute runs a metric aggregation over a bucket's documents; false for
// aggregations the emulator does not compute, or no value to report.
func (a aggregation) compute(docs []map[string]any) (any, bool) {
	var values []float64
	distinct := map[string]bool{}
	count := 0
	for _, d := range docs {
		v := lookup(d, a.field)
		each := []any{v}
		if list, ok := v.([]any); ok {
			each = list
		}
		for _, x := range each {
			if x == nil {
				continue
			}
			count++
			b, _ := json.Marshal(x)
			distinct[string(b)] = true
			if f, ok := rangeValue(x); ok {
				values = append(values, f)
			}
		}
	}
	switch a.kind {
	case "value_count":
		return count, true
	case "cardinality":
		return len(distinct), true
	case "sum":
		sum := 0.0
		for _, f := range values {
			sum += f
		}
		return sum, true
	}
	if len(values) == 0 {
		return nil, a.kind == "max" || a.kind == "min" || a.kind == "avg"
	}
	switch a.kind {
	case "max":
		m := values[0]
		for _, f := range values {
			m = math.Max(m, f)
		}
		return m, true
	case "min":
		m := values[0]
		for _, f := range values {
			m = math.Min(m, f)
		}
		return m, true
	case "avg":
		sum := 0.0
		for _, f := range values {
			sum += f
		}
		return sum / float64(len(values)), true
	}
	return nil, false
}

// destMappings are the mappings a transform gives the destination index it
// creates: the _meta marker that makes a reset delete the index, and for a
// pivot the field types deduced from the source and the aggregations
// (UNCONFIRMED simplification of the deduction: source field types for
// terms, date for date_histogram and for max/min of a date, double for
// other numbers, long for counts). Latest leaves fields to dynamic mapping.
func (s *Server) destMappingsLocked(tf *transform) map[string]any {
	m := map[string]any{"_meta": map[string]any{
		"created_by": "transform",
		"_transform": map[string]any{
			"transform":               tf.id,
			"version":                 map[string]any{"created": s.versionNumber},
			"creation_date_in_millis": float64(time.Now().UnixMilli()),
		},
	}}
	if tf.pivot == nil || !tf.deduceMappings() {
		return m
	}
	sourceType := func(field string) string {
		targets, _ := s.resolveLocked(strings.Join(tf.sourceIndices, ","), true)
		for _, ix := range targets {
			props, _ := ix.mappings["properties"].(map[string]any)
			if def, ok := props[field].(map[string]any); ok {
				if t, ok := def["type"].(string); ok {
					return t
				}
			}
		}
		return ""
	}
	props := map[string]any{}
	for _, g := range tf.pivot.groups {
		typ := "keyword"
		switch g.kind {
		case "date_histogram":
			typ = "date"
		case "histogram":
			typ = "double"
		case "geotile_grid":
			typ = "geo_shape"
		default:
			if t := sourceType(g.field); t != "" && t != "text" {
				typ = t
			}
		}
		props[g.name] = map[string]any{"type": typ}
	}
	for _, a := range tf.pivot.aggs {
		switch a.kind {
		case "value_count", "cardinality":
			props[a.name] = map[string]any{"type": "long"}
		case "max", "min":
			typ := "double"
			if t := sourceType(a.field); t == "date" || t == "date_nanos" {
				typ = t
			}
			props[a.name] = map[string]any{"type": typ}
		case "sum", "avg":
			props[a.name] = map[string]any{"type": "double"}
		}
	}
	m["properties"] = props
	return m
}
