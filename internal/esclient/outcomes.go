package esclient

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// What Elasticsearch's answers mean. Callers ask these questions instead of
// reading statuses, exception types and reasons, which are Elasticsearch's
// vocabulary and stay in this file. Each predicate also sees through a
// *TaskFailedError, since an asynchronous reset stores the same errors in
// its task as a blocking one answers.

// Exception types ("type" in the error envelope).
const (
	typeResourceNotFound = "resource_not_found_exception"
	typeStatus           = "status_exception"
	typeSecurity         = "security_exception"
	typeTimeout          = "timeout_exception"
	typeVersionConflict  = "version_conflict_engine_exception"
	typeAlreadyExists    = "resource_already_exists_exception"
)

// Reasons, as Elasticsearch's messages spell them.
const (
	reasonJobNotClosed  = "Can only reset a job when it is closed."
	reasonUnknownJob    = "No known job with id"
	reasonUseForceClose = "use force close"
	reasonUnauthorized  = "is unauthorized"

	reasonUnknownDatafeed = "No datafeed with id"
	reasonAlreadyOpened   = "because it has already been opened"
	reasonAlreadyStarted  = "because it has already been started"
	reasonNoMLCapacity    = "no ML nodes with sufficient capacity"
)

// Some versions report an open of a job that has a task as the raw
// persistent-task conflict, whose task id names the job.
var jobTaskExistsPattern = regexp.MustCompile(`^task with id \{job-.+\} already exist`)

// IsJobNotFound reports Elasticsearch's own "no such job". A bare 404 (a
// proxy, a wrong path) is not one, so a wrong endpoint never makes jobs
// look deleted.
func IsJobNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeResourceNotFound && strings.HasPrefix(e.Reason, reasonUnknownJob)
}

// IsDatafeedNotFound reports Elasticsearch's own "no such datafeed": it
// was deleted, or never existed.
func IsDatafeedNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeResourceNotFound && strings.HasPrefix(e.Reason, reasonUnknownDatafeed)
}

// IsAlreadyOpened reports an open refused because the job already has a
// task (opening, opened, closing or failed): someone else opened it first.
// After a reset that counts as success.
func IsAlreadyOpened(err error) bool {
	e, ok := AsError(err)
	return ok && (e.Type == typeStatus && strings.Contains(e.Reason, reasonAlreadyOpened) ||
		e.Type == typeAlreadyExists && jobTaskExistsPattern.MatchString(e.Reason))
}

// IsAlreadyStarted reports a start refused because the datafeed already
// runs: someone else started it first. After a reset that counts as
// success.
func IsAlreadyStarted(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && strings.Contains(e.Reason, reasonAlreadyStarted)
}

// IsNoMLCapacity reports an open refused because no ML node has room for
// the job and the job does not allow a lazy open.
func IsNoMLCapacity(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && strings.Contains(e.Reason, reasonNoMLCapacity)
}

// IsJobNotClosed reports a reset refused because the job is not closed:
// something re-opened it between close and reset.
func IsJobNotClosed(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && e.Reason == reasonJobNotClosed
}

// IsJobFailed reports a close refused because the job is in state failed;
// only a forced close closes it.
func IsJobFailed(err error) bool {
	e, ok := AsError(err)
	return ok && e.Type == typeStatus && strings.Contains(e.Reason, reasonUseForceClose)
}

// Operations that block a job (BlockedBy).
const (
	BlockedByDelete = "delete"
	BlockedByRevert = "revert"
	BlockedByReset  = "reset"
)

// blockedPattern matches a refused reset or revert ("blocked with
// [delete]") and a refused open ("because it is executing [reset]").
var blockedPattern = regexp.MustCompile(`(?:blocked with|because it is executing) \[([a-z_]+)\]`)

// BlockedBy reports a reset, a revert or an open refused because another
// operation holds the job, and which: BlockedByDelete, BlockedByRevert, or
// (an open or a revert) BlockedByReset.
func BlockedBy(err error) (operation string, ok bool) {
	e, isES := AsError(err)
	if !isES || e.Type != typeStatus {
		return "", false
	}
	m := blockedPattern.FindStringSubmatch(e.Reason)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// IsTaskStillRunning reports that Elasticsearch stopped waiting for a task
// that has not ended: a long poll of the tasks API, or a blocking reset
// waiting for an earlier reset of the job. Wait again. Elasticsearch
// answers it as timeout_exception with status 500 before 9.0 and 429
// since. A task that itself ended with a timeout is not still running (see
// IsEarlierResetStillRunning).
func IsTaskStillRunning(err error) bool {
	if _, ok := AsTaskFailure(err); ok {
		return false
	}
	return isType(err, typeTimeout)
}

// IsEarlierResetStillRunning reports a reset task that ended because it
// gave up waiting (30 s) for an earlier reset of the same job, which still
// runs: join that one.
func IsEarlierResetStillRunning(err error) bool {
	f, ok := AsTaskFailure(err)
	return ok && isType(f.Err, typeTimeout)
}

// IsForbidden reports credentials that lack a privilege, answered as 403
// or stored as a task's error (which has no status).
func IsForbidden(err error) bool {
	e, ok := AsError(err)
	return ok && (e.Status == http.StatusForbidden || e.Type == typeSecurity && strings.Contains(e.Reason, reasonUnauthorized))
}

// IsCredentialsRejected reports credentials Elasticsearch did not accept
// (or none where some are needed).
func IsCredentialsRejected(err error) bool {
	return isStatus(err, http.StatusUnauthorized)
}

// IsUnreachable reports a request that got no answer at all.
func IsUnreachable(err error) bool {
	var te *TransportError
	return errors.As(err, &te)
}

// IsResetCancelled reports a reset that Elasticsearch stopped part way
// because someone cancelled its task.
func IsResetCancelled(err error) bool {
	return errors.Is(err, ErrResetCancelled)
}

// IsTaskVanished reports a task the tasks API no longer knows: neither
// running nor stored, because its node left the cluster.
func IsTaskVanished(err error) bool {
	var v *TaskVanishedError
	return errors.As(err, &v)
}

// jobNotFound and datafeedNotFound are Elasticsearch's own "no such …",
// for an answer that does not list what was asked for.
func jobNotFound(jobID string) *Error {
	return &Error{Status: http.StatusNotFound, Type: typeResourceNotFound, Reason: fmt.Sprintf("%s '%s'", reasonUnknownJob, jobID)}
}

func datafeedNotFound(datafeedID string) *Error {
	return &Error{Status: http.StatusNotFound, Type: typeResourceNotFound, Reason: fmt.Sprintf("%s [%s] exists", reasonUnknownDatafeed, datafeedID)}
}
