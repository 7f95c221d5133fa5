package esclient

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Config is everything needed to reach a cluster. The provider fills it from
// its attributes and environment; this package knows nothing of Terraform.
type Config struct {
	Endpoints []string

	Username    string
	Password    string
	APIKey      string // encoded API key, sent as "Authorization: ApiKey <key>"
	BearerToken string

	CAPEM         []byte
	ClientCertPEM []byte
	ClientKeyPEM  []byte
	Insecure      bool

	Headers map[string]string

	// UserAgent identifies the provider build in Elasticsearch's logs.
	UserAgent string
}

// authorization is the Authorization header for the configured
// credentials, written here so that each scheme is spelled as
// Elasticsearch documents it.
func (c Config) authorization() string {
	switch {
	case c.APIKey != "":
		return "ApiKey " + c.APIKey
	case c.BearerToken != "":
		return "Bearer " + c.BearerToken
	case c.Username != "":
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(c.Username+":"+c.Password))
	}
	return ""
}

// secrets lists the values that must never appear in a log line.
func (c Config) secrets() []string {
	var out []string
	for _, s := range []string{c.Password, c.APIKey, c.BearerToken, string(c.ClientKeyPEM), c.authorization()} {
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

// httpTransport builds the TLS-aware transport. Verification stays on unless
// Insecure is set explicitly.
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
	if len(c.CAPEM) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(c.CAPEM) {
			return nil, errors.New("the CA certificate is not valid PEM: no certificate could be read from it")
		}
		tlsConfig.RootCAs = pool
	}
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
