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

// maxAttempts bounds retries of one request even when the deadline is far.
const maxAttempts = 8

// retryable says whether a failed request is worth sending again: the
// cluster was briefly unable to answer, or a cluster-state race lost.
// Timeouts of long polls are not retried here: callers treat them as
// "still running" and poll with a fresh timeout.
func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var te *TransportError
	if errors.As(err, &te) {
		return !errors.Is(te.Err, context.Canceled) && !errors.Is(te.Err, context.DeadlineExceeded) && !isCertificateError(te.Err)
	}
	e, ok := AsError(err)
	if !ok {
		return false
	}
	switch {
	case e.Type == "timeout_exception":
		return false
	case e.Status == http.StatusConflict:
		// Concurrent writers to the ML config index.
		return e.Type == "version_conflict_engine_exception"
	case e.Status == http.StatusTooManyRequests, e.Status == http.StatusBadGateway,
		e.Status == http.StatusServiceUnavailable, e.Status == http.StatusGatewayTimeout:
		return true
	}
	return false
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
