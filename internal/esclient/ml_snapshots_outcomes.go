package esclient

import (
	"net/http"
	"strings"
)

// What Elasticsearch's answers to the model snapshot APIs mean, as
// outcomes.go does for the rest.

const (
	reasonUnknownSnapshot = "No model snapshot with id"
	reasonNotClosedRevert = "Can only revert to a model snapshot when the job is closed."
	// A public call of an API that serverless keeps internal: 410
	// api_not_available_exception now, a 400 with this text in a plain
	// string before.
	typeAPINotAvailable   = "api_not_available_exception"
	reasonNotOnServerless = "is not available when running in serverless mode"
)

// IsSnapshotNotFound reports Elasticsearch's own "no such model snapshot"
// for the job (an _update answers it for a missing job too).
func IsSnapshotNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeResourceNotFound && strings.HasPrefix(e.Reason, reasonUnknownSnapshot)
}

// IsJobNotClosedForRevert reports a revert refused because the job is not
// closed: something opened it between close and revert.
func IsJobNotClosedForRevert(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && e.Reason == reasonNotClosedRevert
}

// IsUnavailableOnServerless reports an API that exists but that serverless
// keeps for itself, such as the model snapshot APIs.
func IsUnavailableOnServerless(err error) bool {
	e, ok := AsError(err)
	if !ok {
		return false
	}
	return e.Status == http.StatusGone && e.Type == typeAPINotAvailable ||
		e.Status == http.StatusBadRequest && strings.Contains(e.Reason, reasonNotOnServerless)
}
