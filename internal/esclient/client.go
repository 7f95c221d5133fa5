// Package esclient is the provider's Elasticsearch client: HTTP and JSON for
// the few APIs a job reset needs, retries of transient failures, and the
// cluster version. It knows nothing of Terraform.
package esclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Client talks to one cluster. One Client serves every resource of a
// provider instance, so it is safe for concurrent use.
type Client struct {
	es *elasticsearch.BaseClient
	// authorization is the Authorization header of every request.
	authorization string
	secrets       []string

	// backoff says how long to wait before retry number attempt (1-based).
	backoff func(attempt int) time.Duration

	infoMu        sync.Mutex
	info          *ClusterInfo
	versionWarned bool
}

// New builds a client. It sends nothing: the cluster is first contacted
// when a resource needs it.
func New(cfg Config) (*Client, error) {
	if len(cfg.Endpoints) == 0 {
		return nil, errors.New("no Elasticsearch endpoint is configured")
	}
	for i, e := range cfg.Endpoints {
		u, err := url.Parse(e)
		if err != nil {
			// The parse error quotes the URL, which may hold a password.
			return nil, fmt.Errorf("endpoint number %d is not a valid URL", i+1)
		}
		if u.User != nil {
			return nil, fmt.Errorf("endpoint %s carries credentials in the URL: set username and password (or api_key, bearer_token) instead, so they are handled as secrets", u.Redacted())
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// Not echoed: "user:password@host" parses with "user" as the
			// scheme, and the password would land in the diagnostic.
			return nil, fmt.Errorf("endpoint number %d is not an http:// or https:// URL", i+1)
		}
	}
	transport, err := cfg.httpTransport()
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
	es, err := elasticsearch.NewBaseClient(elasticsearch.Config{
		Addresses: cfg.Endpoints,
		Header:    header,
		Transport: transport,
		// Retries are ours: they know Elasticsearch's error types and the
		// operation's deadline.
		DisableRetry: true,
	})
	if err != nil {
		return nil, fmt.Errorf("creating the Elasticsearch client: %w", err)
	}
	return &Client{es: es, authorization: cfg.authorization(), secrets: cfg.secrets(), backoff: exponentialBackoff}, nil
}

// response is a raw answer: status and body.
type response struct {
	status int
	body   []byte
}

// do sends one request, retrying transient failures (see retry.go) until
// the context ends. A non-2xx answer comes back as *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values) (response, error) {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, c.secrets...)
	ctx = tflog.MaskMessageStrings(ctx, c.secrets...)
	for attempt := 1; ; attempt++ {
		res, err := c.send(ctx, method, path, query)
		if err == nil && res.status < 300 {
			return res, nil
		}
		if err == nil {
			err = parseError(res.status, res.body)
		}
		if !retryable(ctx, err) || attempt >= maxAttempts {
			return res, err
		}
		wait := c.backoff(attempt)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return res, err
		}
		tflog.Debug(ctx, "Retrying Elasticsearch request", map[string]any{
			"method": method, "path": path, "attempt": attempt, "error": err.Error(), "backoff": wait.String(),
		})
		if err := Sleep(ctx, wait); err != nil {
			return res, err
		}
	}
}

func (c *Client) send(ctx context.Context, method, path string, query url.Values) (response, error) {
	target := path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Accept", "application/json")
	if c.authorization != "" {
		req.Header.Set("Authorization", c.authorization)
	}
	start := time.Now()
	res, err := c.es.Perform(req)
	if err != nil {
		tflog.Debug(ctx, "Elasticsearch request failed", map[string]any{
			"method": method, "path": path, "error": err.Error(),
		})
		return response{}, &TransportError{Method: method, Path: path, Err: err}
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, &TransportError{Method: method, Path: path, Err: err}
	}
	tflog.Debug(ctx, "Elasticsearch request", map[string]any{
		"method": method, "path": path, "status": res.StatusCode, "took": time.Since(start).String(),
	})
	return response{status: res.StatusCode, body: bytes.TrimSpace(body)}, nil
}

// TransportError is a request that got no HTTP answer: refused or dropped
// connection, TLS failure, cancelled context.
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }
