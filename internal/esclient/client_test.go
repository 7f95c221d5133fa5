package esclient

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

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

func TestTransientFailuresAreRetried(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			c, srv := newTestClient(t)
			srv.PutJob("j")
			srv.InjectStatus("POST", "/_ml/anomaly_detectors/j/_reset", status, 3)
			ok, err := c.ResetJob(context.Background(), "j", ResetOptions{})
			if err != nil || !ok {
				t.Fatalf("want the reset to succeed after the burst, got %v, %v", ok, err)
			}
			if n := len(srv.Requests()); n != 4 {
				t.Fatalf("want 3 failed attempts and 1 success, got %d requests", n)
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
}

func TestVersionConflictIsRetriedOtherConflictsAreNot(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	srv.InjectError("POST", "/_ml/anomaly_detectors/j/_reset", 409, "version_conflict_engine_exception", "[j]: version conflict", 1)
	if _, err := c.ResetJob(context.Background(), "j", ResetOptions{}); err != nil {
		t.Fatalf("a version conflict is a race to retry, got %v", err)
	}
	if err := srv.OpenJob("j"); err != nil {
		t.Fatal(err)
	}
	_, err := c.ResetJob(context.Background(), "j", ResetOptions{})
	if e, ok := AsError(err); !ok || e.Status != 409 || e.Reason != "Can only reset a job when it is closed." {
		t.Fatalf("want the not-closed 409 at once, got %v", err)
	}
}

func TestRetriesStopAtTheDeadline(t *testing.T) {
	c, srv := newTestClient(t)
	c.backoff = func(int) time.Duration { return time.Second }
	srv.InjectStatus("GET", "/", http.StatusServiceUnavailable, 100)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := c.Info(ctx)
	if !IsStatus(err, http.StatusServiceUnavailable) {
		t.Fatalf("want the last 503 once waiting would pass the deadline, got %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("want no retry that cannot finish in time, got %d requests", n)
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
	info, err := c2.Info(context.Background())
	if err != nil || info.Version != nil || info.UnknownReason == "" {
		t.Fatalf("want an unknown version with a reason, got %+v, %v", info, err)
	}
	if reason, first := c2.TakeVersionWarning(); !first || reason == "" {
		t.Fatal("want one warning")
	}
	if _, again := c2.TakeVersionWarning(); again {
		t.Fatal("want the warning only once")
	}
}

func TestStartResetReturnsTheTaskID(t *testing.T) {
	c, srv := newTestClient(t, emulator.WithNodeID("node-a"))
	srv.PutJob("j")
	taskID, err := c.StartReset(context.Background(), "j", ResetOptions{DeleteUserAnnotations: true})
	if err != nil || taskID == "" {
		t.Fatalf("got %q, %v", taskID, err)
	}
	task, err := c.WaitForTask(context.Background(), taskID, 5*time.Second)
	if err != nil || !task.Completed || task.Error != nil {
		t.Fatalf("got %+v, %v", task, err)
	}
	q := srv.Requests()[0].Query
	if q.Get("wait_for_completion") != "false" || q.Get("delete_user_annotations") != "true" {
		t.Fatalf("sent %v", q)
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
