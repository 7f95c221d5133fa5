package esclient

import (
	"fmt"
	"net/http"
	"strings"
)

// What Elasticsearch's answers about transforms mean (see outcomes.go).

const typeIndexNotFound = "index_not_found_exception"

// Reasons, as Elasticsearch's transform messages spell them.
const (
	reasonUnknownTransform   = "Transform with id ["
	reasonTaskRunning        = "as the task is running"
	reasonTransformStarted   = "as it is already started"
	reasonFailedState        = "in a failed state"
	reasonTransformUpgrading = "while the Transform feature is upgrading"
	reasonStopTimedOut       = "as they timed out"
)

// IsTransformNotFound reports Elasticsearch's own "no such transform". A
// bare 404 (a proxy, a wrong path) is not one.
func IsTransformNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeResourceNotFound && strings.HasPrefix(e.Reason, reasonUnknownTransform) &&
		strings.HasSuffix(e.Reason, "] could not be found")
}

// IsTransformRunning reports a reset (or delete) refused because the
// transform has a task: someone started it again after it was stopped.
// Stop it again and retry.
func IsTransformRunning(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && strings.Contains(e.Reason, reasonTaskRunning)
}

// IsTransformAlreadyStarted reports a start refused because the transform
// already runs: someone else started it first. After a reset that counts
// as success.
func IsTransformAlreadyStarted(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && strings.Contains(e.Reason, reasonTransformStarted)
}

// IsTransformFailed reports a stop or start refused because the
// transform is in state failed: only a forced stop ends that. It holds
// for every wording Elasticsearch has used, and for a reset with force
// before 8.13.1, which stopped a failed transform without force.
func IsTransformFailed(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && e.Status == http.StatusConflict && strings.Contains(e.Reason, reasonFailedState)
}

// IsTransformUpgrading reports a start or reset refused because the
// transform feature is in upgrade mode.
func IsTransformUpgrading(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && strings.Contains(e.Reason, reasonTransformUpgrading)
}

// IsTransformStopTimedOut reports a stop that Elasticsearch stopped
// waiting for (30 s); the stop goes on in the background.
func IsTransformStopTimedOut(err error) bool {
	e, ok := AsError(err)
	return ok && e.Status == http.StatusRequestTimeout && strings.Contains(e.Reason, reasonStopTimedOut)
}

// transformNotFound is Elasticsearch's own "no such transform", for an
// answer that does not list what was asked for.
func transformNotFound(id string) *Error {
	return &Error{Status: http.StatusNotFound, Type: typeResourceNotFound, Reason: fmt.Sprintf("%s%s] could not be found", reasonUnknownTransform, id)}
}
