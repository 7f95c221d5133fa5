package esclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

// MaxAttempts bounds the tries of one request even when the deadline is far,
// in the transport (502/503/504, no answer) and here (409, 429) alike
// (DESIGN.md §3); callers that send a request again themselves keep to it
// too.
const MaxAttempts = 8

// retryable says whether an error answer is worth sending again, for the
// cases the transport cannot judge from the status alone: a cluster-state
// race lost (409 version_conflict_engine_exception, while other 409s say
// the job is in the wrong state) and a rejected execution (429, while a
// 429 timeout_exception is a long poll that ended before its task, and a
// 429 status_exception an open without ML capacity).
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	e, ok := AsError(err)
	if !ok {
		return false // no answer: the transport has already retried it
	}
	switch {
	case e.Type == typeTimeout:
		return false // the caller polls again, with a fresh timeout
	case e.Status == http.StatusConflict:
		return e.Type == typeVersionConflict
	case IsNoMLCapacity(err):
		// Room on an ML node comes from an operator or the autoscaler,
		// in minutes, not within a few retries: say so at once.
		return false
	case e.Status == http.StatusTooManyRequests:
		return true
	}
	return false
}

// retryableTransportError says whether the transport should send a request
// again (to the next node) after it got no answer: yes for a dropped or
// refused connection; no once the caller gave up, nor for a certificate
// the cluster will present again.
func retryableTransportError(ctx context.Context, err error) bool {
	return ctx.Err() == nil && !errors.Is(err, context.Canceled) &&
		!errors.Is(err, context.DeadlineExceeded) && !isCertificateError(err)
}

// transportBackoff is the transport's wait before retry number attempt.
// The transport also calls it after its last attempt, before giving up;
// that wait would only delay the answer.
func (c *Client) transportBackoff(attempt int) time.Duration {
	if attempt >= MaxAttempts {
		return 0
	}
	return c.backoff(attempt)
}

// exponentialBackoff waits 100ms, 200ms, 400ms… up to 3s, with jitter so
// parallel resets do not retry in lockstep.
func exponentialBackoff(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt-1, 5)
	d = min(d, 3*time.Second)
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter needs no cryptographic randomness
}

// Sleep waits d or until ctx ends, whichever is first.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// isCertificateError spots TLS verification failures: sending again cannot
// fix them, and the user should hear about them at once.
func isCertificateError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verification *tls.CertificateVerificationError
	return errors.As(err, &unknownAuthority) || errors.As(err, &invalid) ||
		errors.As(err, &hostname) || errors.As(err, &verification)
}
