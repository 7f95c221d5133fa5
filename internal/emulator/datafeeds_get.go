package emulator

import (
	"sort"
	"strings"
)

// GET _ml/datafeeds[/<expr>] and GET _ml/datafeeds[/<expr>]/_stats.

// expandDatafeedsLocked resolves a datafeed expression (id, comma list,
// wildcard, _all, empty) like ExpandedIdsMatcher: exact ids must match;
// wildcards only when allowNoMatch is false. _all is reported as "*".
func (s *Server) expandDatafeedsLocked(expr string, allowNoMatch bool) ([]*datafeed, *esError) {
	found := map[string]*datafeed{}
	var missing []string
	for _, tok := range strings.Split(expr, ",") {
		tok = strings.TrimSpace(tok)
		all := tok == "" || tok == "_all" || tok == "*"
		hit := false
		for _, df := range s.feeds {
			if all || glob(tok, df.id) {
				found[df.id] = df
				hit = true
			}
		}
		if hit || (allowNoMatch && (all || strings.Contains(tok, "*"))) {
			continue
		}
		if all {
			tok = "*"
		}
		missing = append(missing, tok)
	}
	if len(missing) > 0 {
		return nil, missingDatafeed(strings.Join(missing, ","))
	}
	out := make([]*datafeed, 0, len(found))
	for _, df := range found {
		out = append(out, df)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].id < out[b].id })
	return out, nil
}

func (s *Server) handleGetDatafeeds(c *call) (func() reply, *esError) {
	return s.listDatafeeds(c, func(df *datafeed) obj { return df.configJSON() })
}

func (s *Server) handleDatafeedStats(c *call) (func() reply, *esError) {
	return s.listDatafeeds(c, func(df *datafeed) obj { return s.datafeedStatsJSON(df, c.v) })
}

// listDatafeeds answers {"count": N, "datafeeds": [...]}.
func (s *Server) listDatafeeds(c *call, render func(*datafeed) obj) (func() reply, *esError) {
	expr := c.vars["datafeed_id"]
	allow, err := c.allowNoMatchOr("allow_no_datafeeds")
	if err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		feeds, err := s.expandDatafeedsLocked(expr, allow)
		if err != nil {
			return fail(err)
		}
		out := make([]obj, len(feeds))
		for i, df := range feeds {
			out[i] = render(df)
		}
		return ok(obj{{"count", len(out)}, {"datafeeds", out}})
	}, nil
}

// datafeedStatsJSON is one entry of the stats API (GetDatafeedsStatsAction):
// no top-level job_id; node and running_state only with a running task.
func (s *Server) datafeedStatsJSON(df *datafeed, v version) obj {
	o := obj{{"datafeed_id", df.id}, {"state", df.state}}
	switch df.state {
	case feedStarted:
		o = append(o, field{"node", obj{
			{"id", s.nodeID}, {"name", "es-emulator-0"}, {"ephemeral_id", "Rk2vQbJ1Sl2w3rV1aBc9DQ"},
			{"transport_address", "127.0.0.1:9300"}, {"attributes", obj{}},
		}}, field{"assignment_explanation", ""})
	case feedStarting:
		// UNCONFIRMED text (DatafeedNodeSelector while its job has no node).
		o = append(o, field{"assignment_explanation",
			"cannot start datafeed [" + df.id + "], because the job's [" + df.jobID + "] state is [opening] while state [opened] is required"})
	}
	o = append(o, field{"timing_stats", obj{
		{"job_id", df.jobID}, {"search_count", df.searches}, {"bucket_count", 0}, {"total_search_time_ms", 0.0},
	}})
	// running_state since 7.14; the starting task has no runner yet
	// (UNCONFIRMED that it is then absent rather than all false).
	if df.state == feedStarted && df.run != nil && v.atLeast(7, 14, 0) {
		rs := obj{{"real_time_configured", df.run.end.IsZero()}, {"real_time_running", df.run.realTimeRunning}}
		// search_interval since 8.1, once the runner has searched.
		if v.atLeast(8, 1, 0) && !df.run.searchedTo.IsZero() {
			rs = append(rs, field{"search_interval", obj{
				{"start_ms", millis(df.run.searchedFrom)}, {"end_ms", millis(df.run.searchedTo)}}})
		}
		o = append(o, field{"running_state", rs})
	}
	return o
}
