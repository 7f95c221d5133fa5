package esclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"
)

// Config is everything needed to reach a cluster. The provider fills it from
// its attributes and environment (ConfigFromEnv), the test fixtures and the
// demo from the environment alone; this package knows nothing of Terraform.
type Config struct {
	Endpoints []string

	Username    string
	Password    string
	APIKey      string // encoded API key
	BearerToken string // OAuth2 access token or service token

	// CAFile names a PEM file with the cluster's certificate authority; New
	// reads it when CAPEM is empty.
	CAFile        string
	CAPEM         []byte
	ClientCertPEM []byte
	ClientKeyPEM  []byte
	Insecure      bool

	Headers map[string]string

	// UserAgent identifies the provider build in Elasticsearch's logs.
	UserAgent string

	// Log receives one line per request and retry, secrets already masked.
	// Nil: no logging.
	Log Logger
}

// Logger receives the client's debug lines. The provider turns them into
// its own log; fields hold strings and numbers only.
type Logger func(ctx context.Context, msg string, fields map[string]any)

// emptyPasswordAuthorization is the Authorization header for a username
// with an empty password. go-elasticsearch sends basic auth only when both
// are non-empty: with an empty password it would send no credentials at
// all, and Elasticsearch would answer "missing authentication credentials"
// instead of naming the user it rejected. Sending "user:" ourselves keeps
// what the user configured visible in the answer.
func (c Config) emptyPasswordAuthorization() string {
	if c.Username == "" || c.Password != "" || c.APIKey != "" || c.BearerToken != "" {
		return ""
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(c.Username+":"))
}

// secrets lists the values that must never appear in a log line.
func (c Config) secrets() []string {
	var out []string
	candidates := []string{c.Password, c.APIKey, c.BearerToken, string(c.ClientKeyPEM), c.emptyPasswordAuthorization()}
	if c.Username != "" && c.Password != "" {
		candidates = append(candidates, base64.StdEncoding.EncodeToString([]byte(c.Username+":"+c.Password)))
	}
	for _, s := range candidates {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, v := range c.Headers {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// caPEM is the configured certificate authority, checked so that a bad one
// is reported in words a user can act on.
func (c Config) caPEM() ([]byte, error) {
	pem := c.CAPEM
	if len(pem) == 0 && c.CAFile != "" {
		b, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("reading the CA certificate: %w", err)
		}
		pem = b
	}
	if len(pem) > 0 && !x509.NewCertPool().AppendCertsFromPEM(pem) {
		return nil, errors.New("the CA certificate is not valid PEM: no certificate could be read from it")
	}
	return pem, nil
}

// httpTransport builds the transport for what go-elasticsearch's Config
// cannot say: client certificates and skipping verification. Verification
// stays on unless Insecure is set explicitly; the CA is added by the
// library (Config.CACert).
func (c Config) httpTransport() (*http.Transport, error) {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("the default HTTP transport is not an *http.Transport")
	}
	t := base.Clone()
	// Many resources reset in parallel against few nodes: keep their
	// connections alive instead of re-dialling for every request.
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 90 * time.Second

	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(c.ClientCertPEM) > 0 || len(c.ClientKeyPEM) > 0 {
		cert, err := tls.X509KeyPair(c.ClientCertPEM, c.ClientKeyPEM)
		if err != nil {
			// crypto/tls describes what is wrong without quoting the key.
			return nil, fmt.Errorf("the client certificate and key do not form a valid pair: %w", err)
		}
		tlsConfig.Certificates = []tls.Certificate{cert}
	}
	tlsConfig.InsecureSkipVerify = c.Insecure //nolint:gosec // only when the user asks for it, with a warning
	t.TLSClientConfig = tlsConfig
	return t, nil
}

// ProxyTransport is a transport with the client's TLS settings, CA
// included, for a caller that forwards requests to the cluster instead of
// making them (the test fixtures' recording proxy): one place decides how
// the cluster's certificate is checked.
func (c Config) ProxyTransport() (*http.Transport, error) {
	t, err := c.httpTransport()
	if err != nil {
		return nil, err
	}
	ca, err := c.caPEM()
	if err != nil {
		return nil, err
	}
	if len(ca) > 0 {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(ca) // caPEM checked it holds a certificate
		t.TLSClientConfig.RootCAs = pool
	}
	return t, nil
}
