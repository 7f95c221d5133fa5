package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// call is one REST request being handled. Like Elasticsearch's RestRequest it
// records every parameter a handler asks for, so that whatever the handler did
// not consume can be rejected afterwards as unrecognized.
type call struct {
	s        *Server
	r        *http.Request
	v        version
	vars     map[string]string
	query    url.Values
	asked    map[string]bool
	body     []byte
	bodyUsed bool
	who      *principal // nil when security is disabled
}

// alwaysAccepted are the response parameters every handler accepts
// (BaseRestHandler). pretty is honoured; the others are accepted and ignored.
var alwaysAccepted = []string{"error_trace", "filter_path", "format", "human", "pretty"}

func (c *call) param(name string) (string, bool) {
	c.asked[name] = true
	vals, ok := c.query[name]
	if !ok || len(vals) == 0 {
		return "", false
	}
	return vals[len(vals)-1], true
}

// boolParam follows RestRequest.paramAsBoolean: absent → def, empty → true.
func (c *call) boolParam(name string, def bool) (bool, *esError) {
	raw, ok := c.param(name)
	if !ok {
		return def, nil
	}
	return parseBool(raw, def)
}

func parseBool(raw string, def bool) (bool, *esError) {
	switch raw {
	case "":
		return true, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return def, badRequest("Failed to parse value [%s] as only [true] or [false] are allowed.", raw)
}

func (c *call) timeParam(name string, def time.Duration) (time.Duration, *esError) {
	raw, ok := c.param(name)
	if !ok {
		return def, nil
	}
	return parseTimeValue(raw, name)
}

// parseTimeValue follows TimeValue.parseTimeValue: a number with one of the
// units nanos, micros, ms, s, m, h, d; "-1" means infinite (returned as -1).
func parseTimeValue(raw, setting string) (time.Duration, *esError) {
	s := strings.ToLower(strings.TrimSpace(raw))
	if s == "-1" {
		return -1, nil
	}
	if s == "0" {
		return 0, nil
	}
	units := []struct {
		suffix string
		unit   time.Duration
	}{
		{"nanos", time.Nanosecond}, {"micros", time.Microsecond}, {"ms", time.Millisecond},
		{"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}, {"d", 24 * time.Hour},
	}
	for _, u := range units {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil {
			return 0, newError(http.StatusBadRequest, "parse_exception", "failed to parse [%s]", raw)
		}
		if f < 0 {
			return 0, newError(http.StatusBadRequest, "parse_exception",
				"failed to parse setting [%s] with value [%s] as a time value: negative durations are not supported", setting, raw)
		}
		return time.Duration(f * float64(u.unit)), nil
	}
	return 0, newError(http.StatusBadRequest, "parse_exception",
		"failed to parse setting [%s] with value [%s] as a time value: unit is missing or unrecognized", setting, raw)
}

// formatTimeValue renders a duration like TimeValue.toString ("30m", "1.5h").
func formatTimeValue(d time.Duration) string {
	units := []struct {
		name string
		unit time.Duration
	}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}, {"ms", time.Millisecond}}
	for _, u := range units {
		if d >= u.unit {
			v := float64(d) / float64(u.unit)
			return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + u.name
		}
	}
	return fmt.Sprintf("%dnanos", d.Nanoseconds())
}

// jsonBody decodes the request body into v and marks it consumed.
func (c *call) jsonBody(v any) *esError {
	c.bodyUsed = true
	if err := duplicateKeys(c.body, c.v); err != nil {
		return err
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return newError(http.StatusBadRequest, "x_content_parse_exception", "failed to parse request body: %v", err)
	}
	return nil
}

// unrecognized reproduces BaseRestHandler's check for parameters the handler
// never asked for, including the "did you mean" hints.
func (c *call) unrecognized() *esError {
	var bad []string
	for name := range c.query {
		if !c.asked[name] && !contains(alwaysAccepted, name) {
			bad = append(bad, name)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	candidates := append([]string{}, alwaysAccepted...)
	for name := range c.asked {
		candidates = append(candidates, name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "request [%s] contains unrecognized parameter", c.r.URL.Path)
	if len(bad) > 1 {
		b.WriteString("s")
	}
	b.WriteString(": ")
	for i, name := range bad {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "[%s]", name)
		if hints := similar(name, candidates); len(hints) == 1 {
			fmt.Fprintf(&b, " -> did you mean [%s]?", hints[0])
		} else if len(hints) > 1 {
			fmt.Fprintf(&b, " -> did you mean any of [%s]?", strings.Join(hints, ", "))
		}
	}
	return badRequest("%s", b.String())
}

// similar returns candidates whose Lucene Levenshtein similarity to name
// (1 - distance/maxLen) is above 0.5, best first.
func similar(name string, candidates []string) []string {
	type scored struct {
		k string
		s float64
	}
	var hits []scored
	seen := map[string]bool{}
	for _, cand := range candidates {
		if seen[cand] {
			continue
		}
		seen[cand] = true
		maxLen := max(len(name), len(cand))
		if maxLen == 0 {
			continue
		}
		if s := 1 - float64(levenshtein(name, cand))/float64(maxLen); s > 0.5 {
			hits = append(hits, scored{cand, s})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].s != hits[j].s {
			return hits[i].s > hits[j].s
		}
		return hits[i].k < hits[j].k
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.k
	}
	return out
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
