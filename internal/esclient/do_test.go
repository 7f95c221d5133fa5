package esclient

import (
	"context"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// The proxy's transport trusts the configured CA, and nothing else unless
// told to skip verification.
func TestProxyTransportCarriesTheTLSSettings(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	get := func(cfg Config) error {
		tr, err := cfg.ProxyTransport()
		if err != nil {
			t.Fatal(err)
		}
		defer tr.CloseIdleConnections()
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
		res, err := tr.RoundTrip(req)
		if err == nil {
			res.Body.Close()
		}
		return err
	}
	if err := get(Config{CAPEM: ca}); err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	if err := get(Config{}); err == nil {
		t.Fatal("without the CA: want a certificate error")
	}
	if err := get(Config{Insecure: true}); err != nil {
		t.Fatalf("insecure: %v", err)
	}
}

// A HEAD request's answer has no body: its status alone must reach the
// caller, as *Error, for "does it exist" checks.
func TestHeadStatusReachesTheCaller(t *testing.T) {
	c, _ := newTestClient(t) // no job yet: no annotations alias
	err := c.Do(context.Background(), esapi.IndicesExistsAliasRequest{Name: []string{".ml-annotations-write"}}, nil)
	if e, ok := AsError(err); !ok || e.Status != http.StatusNotFound {
		t.Fatalf("got %v", err)
	}
}

// A request that Do sends again after a 429 carries its body again; one
// whose body cannot be re-read is not sent again.
func TestRetriedRequestsKeepTheirBody(t *testing.T) {
	const job = `{"analysis_config":{"bucket_span":"15m","detectors":[{"function":"count"}]},"data_description":{"time_field":"timestamp"}}`
	c, srv := newTestClient(t)
	srv.InjectStatus("PUT", "/_ml/anomaly_detectors/j", http.StatusTooManyRequests, 1)
	if err := c.Do(context.Background(), esapi.MLPutJobRequest{JobID: "j", Body: strings.NewReader(job)}, nil); err != nil {
		t.Fatalf("the retry lost the body: %v", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("want 2 attempts, got %d", n)
	}

	srv.ClearRequests()
	srv.InjectStatus("PUT", "/_ml/anomaly_detectors/k", http.StatusTooManyRequests, 1)
	err := c.Do(context.Background(), esapi.MLPutJobRequest{JobID: "k", Body: io.MultiReader(strings.NewReader(job))}, nil)
	if !isStatus(err, http.StatusTooManyRequests) || len(srv.Requests()) != 1 {
		t.Fatalf("want the 429 back at once, got %v after %d requests", err, len(srv.Requests()))
	}
}
