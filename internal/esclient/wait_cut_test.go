package esclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// gatewayTimeout is how long the tests' gateway waits for Elasticsearch.
const gatewayTimeout = 100 * time.Millisecond

// behindGateway is a client of an emulator behind a gateway that gives
// answer after gatewayTimeout, with job j whose next reset runs until the
// test releases it.
func behindGateway(t *testing.T, answer int) (*Client, *emulator.Server, *emulator.Hold) {
	t.Helper()
	c, srv := newTestClient(t)
	srv.PutJob("j")
	hold := srv.HoldNextReset("j")
	t.Cleanup(hold.Release)
	if err := srv.SetGateway(emulator.Gateway{Timeout: gatewayTimeout, Answer: answer}); err != nil {
		t.Fatal(err)
	}
	return c, srv, hold
}

// wantCut checks that err is a wait cut by the gateway's answer after a
// single request.
func wantCut(t *testing.T, err error, answer int, srv *emulator.Server) {
	t.Helper()
	if !IsWaitCut(err) {
		t.Fatalf("want a cut wait, got %T %v", err, err)
	}
	e, isAnswer := AsError(err)
	if answer == emulator.GatewayDrops && isAnswer {
		t.Fatalf("want no answer, got %v", err)
	}
	// The page's title, not its HTML: "504 Gateway Time-out".
	if answer != emulator.GatewayDrops && (!isAnswer || e.Status != answer || !strings.HasPrefix(e.Reason, strconv.Itoa(answer)+" ") || strings.Contains(e.Reason, "<")) {
		t.Fatalf("want the title of the gateway's %d page, got %v", answer, err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("want the call sent once, got %d requests", n)
	}
}

var gatewayAnswers = map[string]int{"504": http.StatusGatewayTimeout, "502": http.StatusBadGateway, "503": http.StatusServiceUnavailable, "drop": emulator.GatewayDrops}

// A blocking reset longer than the gateway allows is not sent again: the
// reset it started runs on, and the job names its task.
func TestBlockingResetCutByAGatewayIsNotSentAgain(t *testing.T) {
	for name, answer := range gatewayAnswers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, srv, hold := behindGateway(t, answer)
			err := c.ResetJob(context.Background(), "j", ResetOptions{})
			wantCut(t, err, answer, srv)

			<-hold.Reached()
			job, err := c.GetJob(context.Background(), "j")
			if err != nil {
				t.Fatal(err)
			}
			task, running := job.ResetTask()
			if snap, _ := srv.Job("j"); !running || task == "" || task != snap.BlockedTaskID || snap.ResetCount != 0 {
				t.Fatalf("want the reset still running and named by the job, got %q %v (emulator: %+v)", task, running, snap)
			}
		})
	}
}

// A long poll longer than the gateway allows is not sent again: the
// caller decides how to go on following the task.
func TestLongPollCutByAGatewayIsNotSentAgain(t *testing.T) {
	for name, answer := range gatewayAnswers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, srv, hold := behindGateway(t, answer)
			taskID, err := c.StartReset(context.Background(), "j", ResetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			<-hold.Reached()
			// A poll answered within the gateway's timeout, then one cut,
			// as the caller polls: the second must not be replayed on the
			// connection of the first.
			if _, err := c.WaitForTask(context.Background(), taskID, time.Millisecond); !IsTaskStillRunning(err) {
				t.Fatalf("want a short poll to say the task still runs, got %v", err)
			}
			srv.ClearRequests()
			completed, err := c.WaitForTask(context.Background(), taskID, 30*time.Second)
			if completed {
				t.Fatal("the task is held: it cannot have completed")
			}
			wantCut(t, err, answer, srv)
		})
	}
}

// Calls that do not wait keep the transport's retries: a gateway's 504
// on a close, a read, an open or a start is sent again, 8 times in all.
func TestCallsThatDoNotWaitAreRetriedThroughAGateway(t *testing.T) {
	page := fakeAnswer{http.StatusGatewayTimeout, "<html><head><title>504 Gateway Time-out</title></head></html>"}
	calls := map[string]func(*Client) error{
		"POST /_ml/anomaly_detectors/j/_close": func(c *Client) error { return c.CloseJob(context.Background(), "j", false) },
		"GET /_ml/anomaly_detectors/j":         func(c *Client) error { _, err := c.GetJob(context.Background(), "j"); return err },
		"POST /_ml/anomaly_detectors/j/_open":  func(c *Client) error { _, err := c.OpenJob(context.Background(), "j"); return err },
		"POST /_ml/datafeeds/d/_start":         func(c *Client) error { _, err := c.StartDatafeed(context.Background(), "d", ""); return err },
	}
	for call, send := range calls {
		t.Run(call, func(t *testing.T) {
			c, f := newFakeClient(t, map[string]fakeAnswer{call: page})
			err := send(c)
			if IsWaitCut(err) || !isStatus(err, http.StatusGatewayTimeout) {
				t.Fatalf("want the last 504, not a cut wait; got %v", err)
			}
			if want := "HTTP 504: 504 Gateway Time-out"; err.Error() != want {
				t.Fatalf("want the page's title only, %q; got %q", want, err)
			}
			if n := len(f.sent()); n != MaxAttempts {
				t.Fatalf("want %d attempts, got %d", MaxAttempts, n)
			}
		})
	}
}

// Elasticsearch's own 502/503/504 is an answer, not a gateway giving up:
// a waiting call is sent again, as before.
func TestElasticsearchsOwnUnavailableIsRetriedOnAWait(t *testing.T) {
	c, f := newFakeClient(t, map[string]fakeAnswer{"POST /_ml/anomaly_detectors/j/_reset": {http.StatusServiceUnavailable,
		`{"error":{"root_cause":[{"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"}],"type":"cluster_block_exception","reason":"blocked by: [SERVICE_UNAVAILABLE/2/no master];"},"status":503}`}})
	err := c.ResetJob(context.Background(), "j", ResetOptions{})
	if IsWaitCut(err) || !isType(err, "cluster_block_exception") {
		t.Fatalf("want Elasticsearch's 503, not a cut wait; got %v", err)
	}
	if n := len(f.sent()); n != MaxAttempts {
		t.Fatalf("want %d attempts, got %d", MaxAttempts, n)
	}
}

// A node that refuses the connection got no request: the reset goes to
// the next node. When none takes it, that is no cut wait either.
func TestRefusedConnectionIsSentToTheNextNode(t *testing.T) {
	srv := emulator.New()
	url := srv.Start()
	t.Cleanup(srv.Close)
	srv.PutJob("j")
	c, err := New(Config{Endpoints: []string{closedEndpoint(t), url}})
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = func(int) time.Duration { return time.Millisecond }
	if err := c.ResetJob(context.Background(), "j", ResetOptions{}); err != nil {
		t.Fatalf("want the reset made by the node that listens, got %v", err)
	}
	if job, _ := srv.Job("j"); job.ResetCount != 1 || len(srv.Requests()) != 1 {
		t.Fatalf("want one reset, got %+v after %d requests", job, len(srv.Requests()))
	}

	var mu sync.Mutex
	failed := 0
	logger := func(_ context.Context, msg string, _ map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		if msg == "Elasticsearch request failed" {
			failed++
		}
	}
	down, err := New(Config{Endpoints: []string{closedEndpoint(t)}, Log: logger})
	if err != nil {
		t.Fatal(err)
	}
	down.backoff = func(int) time.Duration { return time.Millisecond }
	err = down.ResetJob(context.Background(), "j", ResetOptions{})
	var noAnswer *TransportError
	if IsWaitCut(err) || !errors.As(err, &noAnswer) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("want the refused connection, not a cut wait; got %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if failed != MaxAttempts {
		t.Fatalf("want %d attempts, got %d", MaxAttempts, failed)
	}
}

// A wait the caller's deadline ends is the deadline, not a cut wait.
func TestDeadlineIsNotACutWait(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	hold := srv.HoldNextReset("j")
	t.Cleanup(hold.Release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := c.ResetJob(ctx, "j", ResetOptions{})
	if IsWaitCut(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the deadline, got %v", err)
	}
}

// closedEndpoint is the URL of a local port nobody listens on.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()
	return url
}

// Waiting calls have a transport of their own: it verifies the cluster
// with the configured CA, as the other calls do.
func TestWaitingCallsTrustTheConfiguredCA(t *testing.T) {
	srv := emulator.New()
	url := srv.StartTLS()
	t.Cleanup(srv.Close)
	srv.PutJob("j")
	c, err := New(Config{Endpoints: []string{url}, CAPEM: srv.CertPEM()})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ResetJob(context.Background(), "j", ResetOptions{}); err != nil {
		t.Fatalf("want the reset made over TLS, got %v", err)
	}
	untrusted, err := New(Config{Endpoints: []string{url}})
	if err != nil {
		t.Fatal(err)
	}
	if err := untrusted.ResetJob(context.Background(), "j", ResetOptions{}); err == nil || IsWaitCut(err) {
		t.Fatalf("want the certificate refused, not a cut wait; got %v", err)
	}
}
