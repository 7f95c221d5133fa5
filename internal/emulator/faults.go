package emulator

import (
	"net/http"
	"strings"
)

// fault is an injected answer for matching requests; it never touches state.
type fault struct {
	method, path string
	status       int
	typ, reason  string
	drop         bool
	left         int
}

func (f *fault) matches(method, path string) bool {
	if f.method != "" && f.method != "*" && !strings.EqualFold(f.method, method) {
		return false
	}
	if prefix, ok := strings.CutSuffix(f.path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return f.path == path
}

func (f *fault) err(v version) *esError {
	return newError(f.status, f.typ, "%s", f.reason)
}

// defaultFaultType is the exception type Elasticsearch typically answers
// with for a status; 409 is modelled as the race of two writers of a job's
// document in .ml-config (version_conflict_engine_exception).
func defaultFaultType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "illegal_argument_exception"
	case http.StatusUnauthorized, http.StatusForbidden:
		return "security_exception"
	case http.StatusNotFound:
		return "resource_not_found_exception"
	case http.StatusConflict:
		return "version_conflict_engine_exception"
	case http.StatusTooManyRequests:
		return "es_rejected_execution_exception"
	case http.StatusInternalServerError:
		return "exception"
	}
	return "status_exception"
}

// InjectStatus makes the next count requests matching method ("" or "*" for
// any) and path (exact, or a prefix ending in "*") answer status with an
// Elasticsearch error envelope.
func (s *Server) InjectStatus(method, path string, status int, count int) {
	s.InjectError(method, path, status, defaultFaultType(status),
		"emulator: injected "+http.StatusText(status)+" for "+method+" "+path, count)
}

// InjectError is InjectStatus with an explicit exception type and reason.
func (s *Server) InjectError(method, path string, status int, errType, reason string, count int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, path: path, status: status, typ: errType, reason: reason, left: count})
}

// InjectDrop makes the next count matching requests lose their connection
// without an answer.
func (s *Server) InjectDrop(method, path string, count int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, path: path, drop: true, left: count})
}

// takeFault consumes one use of the first fault matching the request.
func (s *Server) takeFault(method, path string) *fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.left <= 0 || !f.matches(method, path) {
			continue
		}
		f.left--
		if f.left == 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

// resetFault is how the next resets of a job end instead of succeeding.
type resetFault struct {
	err    *esError // nil with cancel
	cancel bool
	left   int // the resets it still applies to
}

// FailNextReset makes the next reset of jobID end with that error once its
// work has run; blocked.reason stays "reset", as in Elasticsearch.
func (s *Server) FailNextReset(jobID, errType, reason string) {
	s.FailResets(jobID, 1, errType, reason)
}

// FailResets is FailNextReset for the next times resets of jobID: a
// failure that a reset run again meets again.
func (s *Server) FailResets(jobID string, times int, errType, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.versionLocked()
	s.resetFaults[jobID] = resetFault{err: newError(statusForType(errType, v), errType, "%s", reason), left: times}
}

// CancelNextReset makes the next reset of jobID end as cancelled
// (acknowledged:false); blocked.reason stays "reset".
func (s *Server) CancelNextReset(jobID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetFaults[jobID] = resetFault{cancel: true, left: 1}
}

// ReopenAfterNextClose simulates someone re-opening the job right after each
// of its next `times` closes, before the caller's next request arrives.
func (s *Server) ReopenAfterNextClose(jobID string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reopenAfterClose[jobID] = times
}

// ClearFaults forgets every injected fault not yet used up.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// FailNextOpen makes the next open of jobID that passes the job checks
// answer this error instead of opening (the job stays closed).
func (s *Server) FailNextOpen(jobID string, status int, errType, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openFaults[jobID] = newError(status, errType, "%s", reason)
}

// FailNextStart makes the next start of datafeedID that passes the
// datafeed checks answer this error instead of starting.
func (s *Server) FailNextStart(datafeedID string, status int, errType, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.startFaults[datafeedID] = newError(status, errType, "%s", reason)
}

func (s *Server) takeOpenFaultLocked(jobID string) *esError {
	e := s.openFaults[jobID]
	delete(s.openFaults, jobID)
	return e
}

func (s *Server) takeStartFaultLocked(datafeedID string) *esError {
	e := s.startFaults[datafeedID]
	delete(s.startFaults, datafeedID)
	return e
}
