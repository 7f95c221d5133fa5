package esclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Many clusters sit behind a gateway (a load balancer, an ingress) that
// answers 502, 503 or 504 with a page of its own, or drops the connection,
// once a request has waited longer than it allows, while Elasticsearch
// carries on with the request. On a call that waits for work (a blocking
// reset, a task's long poll) that is no failure to retry: the work may be
// running, and sending the call again would join it or, once it is done,
// do it again. Such a call ends with a WaitCutError instead, so that the
// caller follows the work.

// WaitCutError is a call waiting for work that ended without Elasticsearch's
// answer: a gateway gave up waiting, or the connection dropped after the
// request went out. The work may have begun, and may still be running.
type WaitCutError struct {
	// Err is the gateway's answer (*Error) or the dropped connection
	// (*TransportError).
	Err error
}

func (e *WaitCutError) Error() string {
	return fmt.Sprintf("the wait for Elasticsearch's answer was cut, and the work may still be running: %v", e.Err)
}

func (e *WaitCutError) Unwrap() error { return e.Err }

// IsWaitCut reports a call waiting for work cut before Elasticsearch
// answered (WaitCutError): follow the work rather than call again.
func IsWaitCut(err error) bool {
	var cut *WaitCutError
	return errors.As(err, &cut)
}

// performWait sends a request that waits for work Elasticsearch goes on
// doing. What surely started nothing is sent again as perform would:
// Elasticsearch's own error answers that perform retries, its own
// 502/503/504, and a connection that could not be made. A gateway's answer
// or a dropped connection ends the call as a WaitCutError.
func (c *Client) performWait(ctx context.Context, req esapi.Request) ([]byte, error) {
	body, err := c.performOn(ctx, c.waits, req, retryableWait)
	if err != nil && waitCut(ctx, err) {
		return nil, &WaitCutError{Err: err}
	}
	return body, err
}

// retryableWait is retryable for a call that waits.
func retryableWait(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if e, ok := AsError(err); ok && isGatewayStatus(e.Status) && e.Type != "" {
		return true
	}
	return notSent(err) || retryable(ctx, err)
}

// waitCut says whether a call that waits ended without Elasticsearch's
// answer while the work may go on. Not once the caller gave up, nor for a
// certificate refused or a connection never made.
func waitCut(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if _, ok := AsError(err); ok {
		return IsGatewayAnswer(err)
	}
	var noAnswer *TransportError
	return errors.As(err, &noAnswer) && retryableTransportError(ctx, err) && !notSent(err)
}

// IsGatewayAnswer reports an error answer that a gateway in front of
// Elasticsearch (a load balancer, a proxy) gave in its place: a 502, 503
// or 504 without an exception type. Elasticsearch's own errors have one; a
// gateway's page, HTML or JSON of its own, has none.
func IsGatewayAnswer(err error) bool {
	e, ok := AsError(err)
	return ok && isGatewayStatus(e.Status) && e.Type == ""
}

func isGatewayStatus(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// notSent reports a request that never left: no connection could be made
// (refused, unknown host, unreachable), to the node or through a proxy.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}
