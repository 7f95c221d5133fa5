// Package esclient is the project's one Elasticsearch client, for the
// provider, the test fixtures and the demo. It is go-elasticsearch (its
// Config, transport and esapi requests) plus what the library lacks: the
// error envelope as a Go error, predicates that say what an error means,
// client certificates and insecure TLS, masked logs, and the retries that
// need the answer's body or the caller's deadline. It knows nothing of
// Terraform.
//
// Answers are read into small hand-written structs, not go-elasticsearch's
// typed API: ported, the typed reads made the provider 10% larger and a
// plan of many resources 7% slower, added lines instead of removing them,
// and decoded unknown nested fields of a job as the job's own.
package esclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/elastic/elastic-transport-go/v8/elastictransport"
	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Client talks to one cluster. One Client serves every resource of a
// provider instance, so it is safe for concurrent use.
type Client struct {
	es *elasticsearch.BaseClient
	// waits sends the calls that wait for work Elasticsearch goes on
	// doing, each request once (wait_cut.go).
	waits   *elasticsearch.BaseClient
	secrets []string
	log     Logger

	// backoff says how long to wait before retry number attempt (1-based),
	// for the transport's retries and ours.
	backoff func(attempt int) time.Duration

	infoMu sync.Mutex
	info   *ClusterInfo
}

// New builds a client. It sends nothing: the cluster is first contacted
// when a caller needs it.
func New(cfg Config) (*Client, error) {
	if err := checkEndpoints(cfg.Endpoints); err != nil {
		return nil, err
	}
	transport, err := cfg.httpTransport()
	if err != nil {
		return nil, err
	}
	ca, err := cfg.caPEM()
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	for k, v := range cfg.Headers {
		header.Set(k, v)
	}
	if cfg.UserAgent != "" {
		header.Set("User-Agent", cfg.UserAgent)
	}
	if cfg.Username != "" || cfg.APIKey != "" || cfg.BearerToken != "" {
		// The library adds credentials only when no Authorization header
		// is set: the configured credentials win over one in headers.
		header.Del("Authorization")
	}
	if auth := cfg.emptyPasswordAuthorization(); auth != "" {
		header.Set("Authorization", auth)
	}
	c := &Client{secrets: cfg.secrets(), log: cfg.Log, backoff: exponentialBackoff}
	esCfg := elasticsearch.Config{
		Addresses:    cfg.Endpoints,
		Username:     cfg.Username,
		Password:     cfg.Password,
		APIKey:       cfg.APIKey,
		ServiceToken: cfg.BearerToken,
		CACert:       ca,
		Header:       header,
		Transport:    transport,
		// The transport retries what the status alone decides, and
		// requests that got no answer, on the next node. 429 is ours: it
		// also means "a long poll timed out", which only the body tells.
		RetryOnStatus: []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		MaxRetries:    MaxAttempts - 1,
		RetryBackoff:  func(attempt int) time.Duration { return c.transportBackoff(attempt) },
		RetryOnError:  func(req *http.Request, err error) bool { return retryableTransportError(req.Context(), err) },
		Interceptors:  []elastictransport.InterceptorFunc{opaqueID, c.logRoundTrip},
	}
	c.es, err = elasticsearch.NewBaseClient(esCfg)
	if err != nil {
		return nil, fmt.Errorf("creating the Elasticsearch client: %w", err)
	}
	// On a call that waits, a 502/503/504 or a dropped connection may be
	// a gateway giving up on the wait: performWait judges each answer.
	// Each such call gets a connection of its own: on a reused one that
	// drops, Go's HTTP transport sends a GET again by itself, and a long
	// poll would wait out the gateway twice.
	esCfg.DisableRetry = true
	waitTransport := transport.Clone()
	waitTransport.DisableKeepAlives = true
	esCfg.Transport = waitTransport
	c.waits, err = elasticsearch.NewBaseClient(esCfg)
	if err != nil {
		return nil, fmt.Errorf("creating the Elasticsearch client: %w", err)
	}
	return c, nil
}

func checkEndpoints(endpoints []string) error {
	if len(endpoints) == 0 {
		return errors.New("no Elasticsearch endpoint is configured")
	}
	for i, e := range endpoints {
		u, err := url.Parse(e)
		if err != nil {
			// The parse error quotes the URL, which may hold a password.
			return fmt.Errorf("endpoint number %d is not a valid URL", i+1)
		}
		if u.User != nil {
			return fmt.Errorf("endpoint %s carries credentials in the URL: set username and password (or api_key, bearer_token) instead, so they are handled as secrets", u.Redacted())
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// Not echoed: "user:password@host" parses with "user" as the
			// scheme, and the password would land in the error.
			return fmt.Errorf("endpoint number %d is not an http:// or https:// URL", i+1)
		}
	}
	return nil
}

// Do sends any esapi request and decodes a successful JSON answer into out
// (nil: the body is not read into anything). An error answer is *Error; a
// request that got no answer is *TransportError. This is the generic path
// for callers that need an API this package has no wrapper for.
func (c *Client) Do(ctx context.Context, req esapi.Request, out any) error {
	body, err := c.perform(ctx, req)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("reading the answer of Elasticsearch: %w", err)
	}
	return nil
}

// perform sends req, retrying what the transport could not judge (see
// retry.go) until the context ends, and returns the body of a 2xx answer.
func (c *Client) perform(ctx context.Context, req esapi.Request) ([]byte, error) {
	return c.performOn(ctx, c.es, req, retryable)
}

// performOn sends req through transport, sending it again while retry
// says so, up to MaxAttempts and within the context's deadline.
func (c *Client) performOn(ctx context.Context, transport esapi.Transport, req esapi.Request, retry func(context.Context, error) bool) ([]byte, error) {
	for attempt := 1; ; attempt++ {
		body, err := c.send(ctx, transport, req)
		if err == nil {
			return body, nil
		}
		if !retry(ctx, err) || attempt >= MaxAttempts || !rewind(req) {
			return nil, err
		}
		wait := c.backoff(attempt)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return nil, err // the answer we have beats a timeout
		}
		c.debug(ctx, "Retrying Elasticsearch request", map[string]any{"attempt": attempt, "error": err.Error(), "backoff": wait.String()})
		if err := Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// rewind readies the body of req, if it has one, to be sent again: an esapi
// request holds it as the io.Reader field Body, which the attempt before
// consumed. A body that cannot be read again (not an io.Seeker) reports
// false: sending the request again would send it without its body.
func rewind(req esapi.Request) bool {
	v := reflect.ValueOf(req)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return true
	}
	f := v.FieldByName("Body")
	if !f.IsValid() || f.Kind() != reflect.Interface || f.IsNil() {
		return true
	}
	seeker, ok := f.Interface().(io.Seeker)
	if !ok {
		return false
	}
	_, err := seeker.Seek(0, io.SeekStart)
	return err == nil
}

// send makes one request (the transport may try it more than once).
func (c *Client) send(ctx context.Context, transport esapi.Transport, req esapi.Request) ([]byte, error) {
	res, err := req.Do(ctx, transport)
	if err != nil {
		var te *TransportError
		if !errors.As(err, &te) {
			te = &TransportError{Err: err}
		}
		return nil, te
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, &TransportError{Err: err}
	}
	body = bytes.TrimSpace(body)
	if res.IsError() {
		return nil, parseError(res.StatusCode, body)
	}
	return body, nil
}

// logRoundTrip logs every attempt the transport makes, and names the
// request in a failure that got no answer.
func (c *Client) logRoundTrip(next elastictransport.RoundTripFunc) elastictransport.RoundTripFunc {
	return func(req *http.Request) (*http.Response, error) {
		start := time.Now()
		res, err := next(req)
		fields := map[string]any{"method": req.Method, "path": req.URL.Path, "took": time.Since(start).String()}
		if err != nil {
			fields["error"] = err.Error()
			c.debug(req.Context(), "Elasticsearch request failed", fields)
			return res, &TransportError{Method: req.Method, Path: req.URL.Path, Err: err}
		}
		fields["status"] = res.StatusCode
		c.debug(req.Context(), "Elasticsearch request", fields)
		return res, nil
	}
}

// debug hands a log line to the caller's logger with every secret masked.
func (c *Client) debug(ctx context.Context, msg string, fields map[string]any) {
	if c.log == nil {
		return
	}
	for k, v := range fields {
		if s, ok := v.(string); ok {
			fields[k] = c.Redact(s)
		}
	}
	c.log(ctx, c.Redact(msg), fields)
}

// Redact replaces every configured secret in s.
func (c *Client) Redact(s string) string {
	for _, secret := range c.secrets {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}

// TransportError is a request that got no HTTP answer: refused or dropped
// connection, TLS failure, cancelled context.
type TransportError struct {
	Method, Path string // empty when the request never reached the network
	Err          error
}

func (e *TransportError) Error() string {
	if e.Method == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }
