package esclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
)

// Error is an error answer from Elasticsearch: the HTTP status plus the
// exception type and reason of its error envelope.
type Error struct {
	Status int
	Type   string
	Reason string
	// RootCause is the innermost cause's reason when it differs from Reason.
	RootCause string
}

func (e *Error) Error() string {
	var msg string
	switch {
	case e.Status == 0: // a stored task error has no HTTP status
		msg = fmt.Sprintf("[%s] %s", e.Type, e.Reason)
	case e.Type == "":
		msg = fmt.Sprintf("HTTP %d: %s", e.Status, e.Reason)
	default:
		msg = fmt.Sprintf("HTTP %d [%s]: %s", e.Status, e.Type, e.Reason)
	}
	if e.RootCause != "" {
		msg += " (caused by: " + e.RootCause + ")"
	}
	return msg
}

// Cause is one exception as Elasticsearch renders it, inside an error
// envelope or as a stored task error.
type Cause struct {
	Type      string  `json:"type"`
	Reason    string  `json:"reason"`
	CausedBy  *Cause  `json:"caused_by,omitempty"`
	RootCause []Cause `json:"root_cause,omitempty"`
}

// innermost follows caused_by to the exception that started it all.
func (c *Cause) innermost() *Cause {
	for c.CausedBy != nil {
		c = c.CausedBy
	}
	return c
}

// parseError turns an error response into *Error. Elasticsearch normally
// answers {"error":{...},"status":N}; a request no handler matched gets
// {"error":"no handler found ..."} instead, and proxies may answer with
// anything at all, so every shape degrades to something readable.
func parseError(status int, body []byte) *Error {
	e := &Error{Status: status}
	var envelope struct {
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil || len(envelope.Error) == 0 {
		e.Reason = fallbackReason(status, body)
		return e
	}
	var text string
	if err := json.Unmarshal(envelope.Error, &text); err == nil {
		e.Reason = text
		return e
	}
	var cause Cause
	if err := json.Unmarshal(envelope.Error, &cause); err != nil || (cause.Type == "" && cause.Reason == "") {
		e.Reason = fallbackReason(status, body)
		return e
	}
	e.Type, e.Reason = cause.Type, cause.Reason
	if inner := cause.innermost(); inner != &cause && inner.Reason != cause.Reason {
		e.RootCause = inner.Reason
	}
	return e
}

// htmlTitle finds the title of an HTML page, the part of a gateway's error
// page (a load balancer's, a proxy's) worth reading.
var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>\s*(.*?)\s*</title>`)

// fallbackReason is the reason of an answer that is no Elasticsearch
// error: the body, cut short, or only its title when it is an HTML page.
func fallbackReason(status int, body []byte) string {
	const limit = 200
	text := string(body)
	if m := htmlTitle.FindStringSubmatch(text); m != nil && m[1] != "" {
		text = m[1]
	}
	if len(text) > limit {
		text = text[:limit] + "…"
	}
	if text == "" {
		return http.StatusText(status)
	}
	return text
}

// AsError reports whether err is an Elasticsearch error answer, and which.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// isStatus reports whether err is an Elasticsearch answer with that status.
func isStatus(err error, status int) bool {
	e, ok := AsError(err)
	return ok && e.Status == status
}

// isType reports whether err is an Elasticsearch answer of that exception type.
func isType(err error, typ string) bool {
	e, ok := AsError(err)
	return ok && e.Type == typ
}
