package esclient

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func newTestClient(t *testing.T, opts ...emulator.Option) (*Client, *emulator.Server) {
	t.Helper()
	srv := emulator.New(opts...)
	url := srv.Start()
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoints: []string{url}})
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = func(int) time.Duration { return time.Millisecond }
	return c, srv
}

// Both the transport's retries (502/503/504) and ours (429) end in success
// after a burst shorter than the attempts allowed.
func TestTransientFailuresAreRetried(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			c, srv := newTestClient(t)
			srv.PutJob("j")
			srv.InjectStatus("POST", "/_ml/anomaly_detectors/j/_reset", status, 3)
			if err := c.ResetJob(context.Background(), "j", ResetOptions{}); err != nil {
				t.Fatalf("want the reset to succeed after the burst, got %v", err)
			}
			if n := len(srv.Requests()); n != 4 {
				t.Fatalf("want 3 failed attempts and 1 success, got %d requests", n)
			}
		})
	}
}

func TestRetriesAreBounded(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			c, srv := newTestClient(t)
			srv.InjectStatus("GET", "/", status, 100)
			_, err := c.Info(context.Background())
			if !isStatus(err, status) {
				t.Fatalf("want the last %d, got %v", status, err)
			}
			if n := len(srv.Requests()); n != MaxAttempts {
				t.Fatalf("want %d attempts, got %d", MaxAttempts, n)
			}
		})
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	srv.InjectDrop("POST", "/_ml/anomaly_detectors/j/_close", 2)
	if err := c.CloseJob(context.Background(), "j", false); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("want 2 dropped attempts and 1 answer, got %d requests", n)
	}
}

func TestVersionConflictIsRetriedOtherConflictsAreNot(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	srv.InjectError("POST", "/_ml/anomaly_detectors/j/_reset", 409, "version_conflict_engine_exception", "[j]: version conflict", 1)
	if err := c.ResetJob(context.Background(), "j", ResetOptions{}); err != nil {
		t.Fatalf("a version conflict is a race to retry, got %v", err)
	}
	if err := srv.OpenJob("j"); err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	err := c.ResetJob(context.Background(), "j", ResetOptions{})
	if !IsJobNotClosed(err) || len(srv.Requests()) != 1 {
		t.Fatalf("want the not-closed 409 at once, got %v after %d requests", err, len(srv.Requests()))
	}
}

// Our retries give the answer back rather than sleep past the deadline.
func TestRetriesStopBeforeTheDeadline(t *testing.T) {
	c, srv := newTestClient(t)
	c.backoff = func(int) time.Duration { return time.Second }
	srv.InjectStatus("GET", "/", http.StatusTooManyRequests, 100)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Info(ctx)
	if !isStatus(err, http.StatusTooManyRequests) {
		t.Fatalf("want the last 429 once waiting would pass the deadline, got %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("want no retry that cannot finish in time, got %d requests", n)
	}
}

// The transport's backoff cannot see the deadline, but its wait ends with
// the context: the caller hears of the deadline at the deadline.
func TestTransportRetriesEndAtTheDeadline(t *testing.T) {
	c, srv := newTestClient(t)
	c.backoff = func(int) time.Duration { return time.Minute }
	srv.InjectStatus("GET", "/", http.StatusServiceUnavailable, 100)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Info(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("want the deadline, at the deadline; got %v after %s", err, time.Since(start))
	}
}

func TestInfoIsReadOnceAndForbiddenMeansUnknown(t *testing.T) {
	c, srv := newTestClient(t, emulator.WithVersion("8.6.2"))
	for range 3 {
		info, err := c.Info(context.Background())
		if err != nil || info.Version.String() != "8.6.2" {
			t.Fatalf("got %+v, %v", info, err)
		}
	}
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("want one GET /, got %d", n)
	}

	srv2 := emulator.New(emulator.WithSecurity())
	url := srv2.Start()
	defer srv2.Close()
	srv2.AddUser("ml", "pw", "manage_ml")
	c2, err := New(Config{Endpoints: []string{url}, Username: "ml", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		info, err := c2.Info(context.Background())
		if err != nil || info.Version != nil || info.UnknownReason == "" {
			t.Fatalf("want an unknown version with a reason every time, got %+v, %v", info, err)
		}
	}
}

func TestStartResetReturnsTheTaskID(t *testing.T) {
	c, srv := newTestClient(t, emulator.WithNodeID("node-a"))
	srv.PutJob("j")
	taskID, err := c.StartReset(context.Background(), "j", ResetOptions{DeleteUserAnnotations: true})
	if err != nil || !strings.HasPrefix(taskID, "node-a:") {
		t.Fatalf("got %q, %v", taskID, err)
	}
	completed, err := c.WaitForTask(context.Background(), taskID, 5*time.Second)
	if err != nil || !completed {
		t.Fatalf("got %v, %v", completed, err)
	}
	q := srv.Requests()[0].Query
	if q.Get("wait_for_completion") != "false" || q.Get("delete_user_annotations") != "true" {
		t.Fatalf("sent %v", q)
	}
}

// Parameters left at their default are not sent: an older cluster rejects
// what it does not know, and force=false is noise.
func TestDefaultParametersAreNotSent(t *testing.T) {
	c, srv := newTestClient(t, emulator.WithVersion("8.6.2"))
	srv.PutJob("j")
	if err := c.CloseJob(context.Background(), "j", false); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetJob(context.Background(), "j", ResetOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if len(r.Query) != 0 {
			t.Fatalf("%s %s sent %v", r.Method, r.Path, r.Query)
		}
	}
	srv.ClearRequests()
	if err := c.CloseJob(context.Background(), "j", true); err != nil {
		t.Fatal(err)
	}
	if q := srv.Requests()[0].Query; q.Get("force") != "true" {
		t.Fatalf("want force=true, sent %v", q)
	}
}

// A long poll shorter than a millisecond would be written in nanos, which
// older clusters reject: the client sends at least 1ms.
func TestTaskWaitIsAtLeastAMillisecond(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	taskID, err := c.StartReset(context.Background(), "j", ResetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	_, _ = c.WaitForTask(context.Background(), taskID, time.Microsecond)
	if got := srv.Requests()[0].Query.Get("timeout"); got != "1ms" {
		t.Fatalf("sent timeout=%q", got)
	}
}

func TestDoDecodesAnyRequest(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	var stats struct {
		Count int `json:"count"`
	}
	if err := c.Do(context.Background(), esapi.MLGetJobStatsRequest{JobID: "j"}, &stats); err != nil || stats.Count != 1 {
		t.Fatalf("got %+v, %v", stats, err)
	}
	err := c.Do(context.Background(), esapi.MLGetJobStatsRequest{JobID: "nope"}, &stats)
	if e, ok := AsError(err); !ok || e.Status != http.StatusNotFound || !IsJobNotFound(err) {
		t.Fatalf("want a parsed 404, got %v", err)
	}
}

// securedClient is a client for an emulator with security on, with the
// credentials cfg sets.
func securedClient(t *testing.T, cfg Config) (*Client, *emulator.Server) {
	t.Helper()
	srv := emulator.New(emulator.WithSecurity())
	cfg.Endpoints = []string{srv.Start()}
	t.Cleanup(srv.Close)
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// Each credential is sent as go-elasticsearch spells it, and Elasticsearch
// (here the emulator, which reads schemes case-insensitively as
// Elasticsearch does) accepts it.
func TestCredentialsAreAccepted(t *testing.T) {
	for name, arrange := range map[string]func(*emulator.Server) Config{
		"basic": func(srv *emulator.Server) Config {
			srv.AddUser("ops", "pw", "all")
			return Config{Username: "ops", Password: "pw"}
		},
		"api key": func(srv *emulator.Server) Config {
			srv.AddUser("ops", "pw", "all")
			return Config{APIKey: srv.AddAPIKey("k1", "secret", "ops")}
		},
		"bearer": func(srv *emulator.Server) Config {
			srv.AddUser("ops", "pw", "all")
			srv.AddBearerToken("tok", "ops")
			return Config{BearerToken: "tok"}
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := emulator.New(emulator.WithSecurity())
			cfg := arrange(srv)
			cfg.Endpoints = []string{srv.Start()}
			t.Cleanup(srv.Close)
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Info(context.Background()); err != nil {
				t.Fatalf("the credentials were refused: %v (sent %q)", err, srv.Requests()[0].Header.Get("Authorization"))
			}
		})
	}
}

// go-elasticsearch sends no credentials at all for a username with an
// empty password. The client sends "user:" itself, so the cluster names
// the user it rejected instead of saying no credentials came.
func TestEmptyPasswordIsSentAsBasicAuth(t *testing.T) {
	c, srv := securedClient(t, Config{Username: "ops"})
	srv.AddUser("ops", "pw", "all")
	_, err := c.Info(context.Background())
	if !IsCredentialsRejected(err) || !strings.Contains(err.Error(), "unable to authenticate user [ops]") {
		t.Fatalf("want ops rejected by name, got %v", err)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("ops:"))
	if got := srv.Requests()[0].Header.Get("Authorization"); got != want {
		t.Fatalf("sent Authorization %q, want %q", got, want)
	}
}

// Configured headers reach the cluster, and the provider's credentials
// still do.
func TestHeadersAreSentWithTheCredentials(t *testing.T) {
	c, srv := securedClient(t, Config{Username: "ops", Password: "pw", Headers: map[string]string{"X-Proxy-Token": "p"}, UserAgent: "tf/1"})
	srv.AddUser("ops", "pw", "all")
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := srv.Requests()[0].Header
	if h.Get("X-Proxy-Token") != "p" || h.Get("User-Agent") != "tf/1" {
		t.Fatalf("sent %v", h)
	}
}

// An Authorization entry in headers does not displace the configured
// credentials.
func TestCredentialsWinOverAnAuthorizationHeader(t *testing.T) {
	c, srv := securedClient(t, Config{Username: "ops", Password: "pw", Headers: map[string]string{"Authorization": "Bearer other"}})
	srv.AddUser("ops", "pw", "all")
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatalf("the credentials were not sent: %v", err)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("ops:pw"))
	if got := srv.Requests()[0].Header.Get("Authorization"); got != want {
		t.Fatalf("sent Authorization %q, want the configured credentials", got)
	}
}

func TestLogLinesNeverCarrySecrets(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	logger := func(_ context.Context, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		for k, v := range fields {
			if s, ok := v.(string); ok {
				msg += " " + k + "=" + s
			}
		}
		lines = append(lines, msg)
	}
	c, srv := securedClient(t, Config{Username: "ops", Password: "hunter2", Log: logger})
	srv.AddUser("ops", "hunter2", "all")
	// A failure whose text carries the password, as a proxy might write it.
	srv.InjectError("GET", "/", 429, "es_rejected_execution_exception", "busy, hunter2", 1)
	if _, err := c.Info(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, "Retrying") || !strings.Contains(joined, "Elasticsearch request") {
		t.Fatalf("want request and retry lines, got %q", joined)
	}
	if strings.Contains(joined, "hunter2") {
		t.Fatalf("the password leaked into %q", joined)
	}
}

func TestSecretsNeverInErrors(t *testing.T) {
	_, err := New(Config{Endpoints: []string{"http://x"}, ClientCertPEM: []byte("nope"), ClientKeyPEM: []byte("-----BEGIN PRIVATE KEY-----\nS3CRETKEY\n-----END PRIVATE KEY-----\n")})
	if err == nil {
		t.Fatal("want an invalid pair")
	}
	if strings.Contains(err.Error(), "S3CRETKEY") {
		t.Fatalf("the key leaked into %q", err)
	}
}

func TestInvalidCAIsNamed(t *testing.T) {
	_, err := New(Config{Endpoints: []string{"https://x"}, CAPEM: []byte("not a certificate")})
	if err == nil || !strings.Contains(err.Error(), "CA certificate is not valid PEM") {
		t.Fatalf("got %v", err)
	}
	_, err = New(Config{Endpoints: []string{"https://x"}, CAFile: "/nonexistent/ca.pem"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/ca.pem") {
		t.Fatalf("got %v", err)
	}
}

func TestEndpointsWithCredentialsAreRefusedWithoutEchoingThem(t *testing.T) {
	for _, endpoint := range []string{"https://elastic:hunter2@es.example:9200", "http://elastic:hunter2@[::1", "elastic:hunter2@es.example:9200"} {
		_, err := New(Config{Endpoints: []string{endpoint}})
		if err == nil {
			t.Fatalf("%s: want an error", endpoint)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("the password leaked into %q", err)
		}
	}
}
