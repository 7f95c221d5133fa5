package emulator

import (
	"net/http"
	"sort"
	"strings"
)

// handler prepares a request (reads parameters, may already start work, as
// Elasticsearch's prepareRequest does) and returns the function that runs
// the action once the parameters and body have been accepted.
type handler func(c *call) (func() reply, *esError)

type route struct {
	method string
	segs   []string // "{name}" segments are path variables
	action string   // transport action, for authorization
	// ownAuthz: the handler authorizes itself (async work authorizes inside
	// the task, so a 403 ends up in the task result).
	ownAuthz bool
	// since: the route only exists from this version on.
	since [3]int
	// stateful: the route exists but is not available on serverless.
	stateful bool
	h        handler
}

// Transport action names, as authorization checks them and a 403 names
// them.
const (
	actMain          = "cluster:monitor/main"
	actJobGet        = "cluster:monitor/xpack/ml/job/get"
	actJobStats      = "cluster:monitor/xpack/ml/job/stats/get"
	actJobPut        = "cluster:admin/xpack/ml/job/put"
	actJobDelete     = "cluster:admin/xpack/ml/job/delete"
	actJobOpen       = "cluster:admin/xpack/ml/job/open"
	actJobClose      = "cluster:admin/xpack/ml/job/close"
	actJobData       = "cluster:admin/xpack/ml/job/data/post"
	actJobFlush      = "cluster:admin/xpack/ml/job/flush"
	actJobReset      = "cluster:admin/xpack/ml/job/reset"
	actSnapGet       = "cluster:monitor/xpack/ml/job/model_snapshots/get"
	actSnapRevert    = "cluster:admin/xpack/ml/job/model_snapshots/revert"
	actSnapUpdate    = "cluster:admin/xpack/ml/job/model_snapshots/update"
	actFeedPut       = "cluster:admin/xpack/ml/datafeeds/put"
	actFeedDelete    = "cluster:admin/xpack/ml/datafeeds/delete"
	actFeedStart     = "cluster:admin/xpack/ml/datafeed/start"
	actFeedStop      = "cluster:admin/xpack/ml/datafeed/stop"
	actFeedStats     = "cluster:monitor/xpack/ml/datafeeds/stats/get"
	actFeedGet       = "cluster:monitor/xpack/ml/datafeeds/get"
	actTaskGet       = "cluster:monitor/task/get"
	actTaskCancel    = "cluster:admin/tasks/cancel"
	jobsPath         = "/_ml/anomaly_detectors"
	datafeedsPath    = "/_ml/datafeeds"
	jobPath          = jobsPath + "/{job_id}"
	datafeedPathBase = datafeedsPath + "/{datafeed_id}"
)

func (s *Server) routeTable() []route {
	r := func(method, path, action string, h handler) route {
		return route{method: method, segs: split(path), action: action, h: h}
	}
	reset := r(http.MethodPost, jobPath+"/_reset", actJobReset, s.handleReset)
	reset.ownAuthz = true
	reset.since = [3]int{7, 14, 0}
	data := r(http.MethodPost, jobPath+"/_data", actJobData, s.handleData)
	data.stateful = true
	// The model snapshot APIs are internal on serverless.
	stateful := func(rt route) route {
		rt.stateful = true
		return rt
	}
	snapshots := jobPath + "/model_snapshots"
	// Index and document APIs authorize per index inside the handler.
	idx := func(method, path string, h handler) route {
		rt := r(method, path, "", h)
		rt.ownAuthz = true
		return rt
	}
	return append([]route{
		r(http.MethodGet, "/", actMain, s.handleInfo),
		r(http.MethodHead, "/", actMain, s.handleInfo),
		r(http.MethodGet, jobsPath, actJobGet, s.handleGetJobs),
		r(http.MethodGet, jobPath, actJobGet, s.handleGetJobs),
		r(http.MethodPut, jobPath, actJobPut, s.handlePutJob),
		r(http.MethodDelete, jobPath, actJobDelete, s.handleDeleteJob),
		r(http.MethodGet, jobsPath+"/_stats", actJobStats, s.handleJobStats),
		r(http.MethodGet, jobPath+"/_stats", actJobStats, s.handleJobStats),
		r(http.MethodPost, jobPath+"/_open", actJobOpen, s.handleOpen),
		r(http.MethodPost, jobPath+"/_close", actJobClose, s.handleClose),
		data,
		r(http.MethodPost, jobPath+"/_flush", actJobFlush, s.handleFlush),
		reset,
		stateful(r(http.MethodGet, snapshots, actSnapGet, s.handleGetModelSnapshots)),
		stateful(r(http.MethodPost, snapshots, actSnapGet, s.handleGetModelSnapshots)),
		stateful(r(http.MethodGet, snapshots+"/{snapshot_id}", actSnapGet, s.handleGetModelSnapshots)),
		stateful(r(http.MethodPost, snapshots+"/{snapshot_id}", actSnapGet, s.handleGetModelSnapshots)),
		stateful(r(http.MethodPost, snapshots+"/{snapshot_id}/_revert", actSnapRevert, s.handleRevertModelSnapshot)),
		stateful(r(http.MethodPost, snapshots+"/{snapshot_id}/_update", actSnapUpdate, s.handleUpdateModelSnapshot)),
		r(http.MethodGet, jobPath+"/results/buckets", actResultsGet, s.handleGetBuckets),
		r(http.MethodPost, jobPath+"/results/buckets", actResultsGet, s.handleGetBuckets),
		r(http.MethodPut, datafeedPathBase, actFeedPut, s.handlePutDatafeed),
		r(http.MethodDelete, datafeedPathBase, actFeedDelete, s.handleDeleteDatafeed),
		r(http.MethodPost, datafeedPathBase+"/_start", actFeedStart, s.handleStartDatafeed),
		r(http.MethodPost, datafeedPathBase+"/_stop", actFeedStop, s.handleStopDatafeed),
		r(http.MethodGet, datafeedsPath, actFeedGet, s.handleGetDatafeeds),
		r(http.MethodGet, datafeedPathBase, actFeedGet, s.handleGetDatafeeds),
		r(http.MethodGet, datafeedsPath+"/_stats", actFeedStats, s.handleDatafeedStats),
		r(http.MethodGet, datafeedPathBase+"/_stats", actFeedStats, s.handleDatafeedStats),
		r(http.MethodGet, "/_tasks/{task_id}", actTaskGet, s.handleGetTask),
		r(http.MethodPost, "/_tasks/{task_id}/_cancel", actTaskCancel, s.handleCancelTask),
		idx(http.MethodPut, "/{index}", s.handleCreateIndex),
		idx(http.MethodDelete, "/{index}", s.handleDeleteIndex),
		idx(http.MethodHead, "/{index}", s.handleIndexExists),
		idx(http.MethodGet, "/_alias/{name}", s.handleGetAlias),
		idx(http.MethodHead, "/_alias/{name}", s.handleGetAlias),
		idx(http.MethodPost, "/{index}/_doc", s.handleIndexDoc),
		idx(http.MethodPut, "/{index}/_doc/{id}", s.handleIndexDoc),
		idx(http.MethodPost, "/{index}/_doc/{id}", s.handleIndexDoc),
		idx(http.MethodPost, "/_bulk", s.handleBulk),
		idx(http.MethodPut, "/_bulk", s.handleBulk),
		idx(http.MethodPost, "/{index}/_bulk", s.handleBulk),
		idx(http.MethodPut, "/{index}/_bulk", s.handleBulk),
		idx(http.MethodGet, "/{index}/_count", s.handleCount),
		idx(http.MethodPost, "/{index}/_count", s.handleCount),
		idx(http.MethodGet, "/{index}/_mapping", s.handleGetMapping),
	}, s.transformRoutes()...)
}

func split(path string) []string {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

// match finds the route for a request. Literal segments beat variables (so
// /_ml/anomaly_detectors/_stats is the stats route, not job "_stats").
// Without a route: 405 if the path exists for another method, else the
// bare-string 400 "no handler found".
func (s *Server) match(r *http.Request) (*route, map[string]string, reply) {
	v := s.currentVersion()
	segs := split(r.URL.Path)
	var best *route
	var bestVars map[string]string
	bestScore := -1
	allowed := map[string]bool{}
	for i := range s.routes {
		rt := &s.routes[i]
		if !v.atLeast(rt.since[0], rt.since[1], rt.since[2]) {
			continue
		}
		vars, score, ok := matchSegs(rt.segs, segs)
		if !ok {
			continue
		}
		allowed[rt.method] = true
		if rt.method == r.Method && score > bestScore {
			best, bestVars, bestScore = rt, vars, score
		}
	}
	if best != nil && best.stateful && v.serverless {
		return nil, nil, fail(newError(http.StatusGone, "api_not_available_exception",
			"Request for uri [%s] with method [%s] exists but is not available when running in serverless mode", r.URL.RequestURI(), r.Method))
	}
	if best != nil {
		return best, bestVars, reply{}
	}
	if len(allowed) > 0 {
		var methods []string
		for m := range allowed {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		return nil, nil, reply{
			status: http.StatusMethodNotAllowed,
			header: http.Header{"Allow": {strings.Join(methods, ",")}},
			body: obj{{"error", "Incorrect HTTP method for uri [" + r.URL.RequestURI() + "] and method [" + r.Method +
				"], allowed: [" + strings.Join(methods, ", ") + "]"}, {"status", http.StatusMethodNotAllowed}},
		}
	}
	// UNCONFIRMED whether a "status" key accompanies the string; samples
	// quoting ES 7/8 show only "error", so that is what we send.
	return nil, nil, reply{status: http.StatusBadRequest,
		body: obj{{"error", "no handler found for uri [" + r.URL.RequestURI() + "] and method [" + r.Method + "]"}}}
}

func matchSegs(pattern, segs []string) (map[string]string, int, bool) {
	if len(pattern) != len(segs) {
		return nil, 0, false
	}
	vars := map[string]string{}
	score := 0
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") {
			// Paths starting with "_" are APIs, never index names.
			if segs[i] == "" || p == "{index}" && strings.HasPrefix(segs[i], "_") {
				return nil, 0, false
			}
			vars[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		score++
	}
	return vars, score, true
}
