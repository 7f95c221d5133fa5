package emulator

import (
	"fmt"
	"net/http"
)

// esError is an exception as Elasticsearch renders it: a type derived from the
// Java class name, a reason, optional metadata and an optional cause.
type esError struct {
	status int
	typ    string
	reason string
	meta   obj      // extra keys written next to type/reason (e.g. "header")
	cause  *esError // rendered as caused_by; the innermost one is root_cause
	// plain: a plain Java exception (e.g. IllegalStateException), not an
	// ElasticsearchException, so the root-cause search stops above it.
	plain bool
}

func (e *esError) Error() string {
	return fmt.Sprintf("status: %d, failed: [%s], reason: %s", e.status, e.typ, e.reason)
}

func newError(status int, typ, format string, args ...any) *esError {
	return &esError{status: status, typ: typ, reason: fmt.Sprintf(format, args...)}
}

// Constructors named after the ML ExceptionsHelper ones they stand for.

func conflict(format string, args ...any) *esError {
	return newError(http.StatusConflict, "status_exception", format, args...)
}

func badRequest(format string, args ...any) *esError {
	return newError(http.StatusBadRequest, "illegal_argument_exception", format, args...)
}

func notFound(format string, args ...any) *esError {
	return newError(http.StatusNotFound, "resource_not_found_exception", format, args...)
}

func missingJob(id string) *esError {
	return notFound("No known job with id '%s'", id)
}

// inner renders type, reason, metadata and the cause chain, the part shared by
// the REST envelope and the error stored in a task result.
func (e *esError) inner() obj {
	o := obj{{"type", e.typ}, {"reason", e.reason}}
	o = append(o, e.meta...)
	if e.cause != nil {
		o = append(o, field{"caused_by", e.cause.inner()})
	}
	return o
}

// envelope is the REST body: {"error":{root_cause,type,reason,...},"status":N}.
func (e *esError) envelope() obj {
	root := e
	for root.cause != nil && !root.cause.plain {
		root = root.cause
	}
	rc := obj{{"type", root.typ}, {"reason", root.reason}}
	rc = append(rc, root.meta...)
	errObj := append(obj{{"root_cause", []obj{rc}}}, e.inner()...)
	return obj{{"error", errObj}, {"status", e.status}}
}

// statusForType picks the HTTP status Elasticsearch uses for an exception type;
// used by fault knobs that only name a type.
func statusForType(typ string, v version) int {
	switch typ {
	case "resource_not_found_exception", "index_not_found_exception":
		return http.StatusNotFound
	case "illegal_argument_exception", "parse_exception", "x_content_parse_exception", "resource_already_exists_exception":
		return http.StatusBadRequest
	case "status_exception", "version_conflict_engine_exception":
		return http.StatusConflict
	case "security_exception":
		return http.StatusForbidden
	case "es_rejected_execution_exception", "circuit_breaking_exception":
		return http.StatusTooManyRequests
	case "timeout_exception":
		return timeoutStatus(v)
	default:
		return http.StatusInternalServerError
	}
}

// timeoutError is ElasticsearchTimeoutException. Its status became 429 with
// elastic/elasticsearch#116026 (Nov 2024). UNCONFIRMED which release first
// shipped it: we assume 9.0.0 (and serverless, which runs current code);
// older versions answer 500.
func timeoutError(v version, reason string) *esError {
	return newError(timeoutStatus(v), "timeout_exception", "%s", reason)
}

func timeoutStatus(v version) int {
	if v.atLeast(9, 0, 0) {
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}
