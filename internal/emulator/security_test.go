package emulator

import (
	"strings"
	"testing"

	"github.com/elastic/go-elasticsearch/v8"
)

func secured(t *testing.T, opts ...Option) (*Server, string) {
	s, u := start(t, append(opts, WithSecurity())...)
	s.AddUser("admin", "admin-pw", "all")
	s.AddUser("ml", "ml-pw", "manage_ml")
	s.AddUser("viewer", "viewer-pw", "monitor")
	s.PutJob("j1")
	return s, u
}

func basic(t *testing.T, u, name, pw string) (*elasticsearch.Client, *elasticsearch.TypedClient) {
	return clients(t, elasticsearch.Config{Addresses: []string{u}, Username: name, Password: pw})
}

func TestMissingCredentials(t *testing.T) {
	_, u := secured(t)
	es, _ := plainClients(t, u)
	r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", "")
	const reason = "missing authentication credentials for REST request [/_ml/anomaly_detectors/j1/_reset]"
	want := `{"error":{"root_cause":[{"type":"security_exception","reason":"` + reason + `",` +
		`"header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],` +
		`"type":"security_exception","reason":"` + reason + `",` +
		`"header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401}` + "\n"
	if r.status != 401 || r.raw != want {
		t.Fatalf("got %d\n%s\nwant\n%s", r.status, r.raw, want)
	}
	if got := r.header.Values("WWW-Authenticate"); len(got) != 3 || r.header.Get("X-Elastic-Product") != "Elasticsearch" {
		t.Fatalf("headers %v", r.header)
	}
}

func TestOldVersionSingleChallenge(t *testing.T) {
	_, u := secured(t, WithVersion("7.17.0"))
	es, _ := plainClients(t, u)
	r := do(t, es, "GET", "/", "")
	if r.status != 401 || !strings.Contains(r.raw, `"header":{"WWW-Authenticate":"Basic realm=\"security\" charset=\"UTF-8\""}`) {
		t.Fatalf("%s", r.raw)
	}
}

func TestWrongPassword(t *testing.T) {
	_, u := secured(t)
	es, _ := basic(t, u, "admin", "nope")
	wantErr(t, do(t, es, "GET", "/?pretty", ""), 401, "security_exception",
		"unable to authenticate user [admin] for REST request [/?pretty]")
}

func TestAuthModesAndPrivileges(t *testing.T) {
	s, u := secured(t)

	// Basic, full rights.
	_, admin := basic(t, u, "admin", "admin-pw")
	if _, err := admin.Info().Do(ctx(t)); err != nil {
		t.Fatal(err)
	}

	// manage_ml alone: ML APIs yes, GET / and tasks no (DESIGN.md §3 and §5 rely on it).
	mlRaw, ml := basic(t, u, "ml", "ml-pw")
	if _, err := ml.Ml.CloseJob("j1").Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := ml.Ml.ResetJob("j1").Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	_, err := ml.Info().Do(ctx(t))
	ee := typedErr(t, err)
	if ee.Status != 403 || *ee.ErrorCause.Reason != "action [cluster:monitor/main] is unauthorized for user [ml] with effective roles [ml_role], this action is granted by the cluster privileges [monitor,manage,all]" {
		t.Fatalf("GET / as manage_ml: %v", ee)
	}
	wantErr(t, do(t, mlRaw, "GET", "/_tasks/"+defaultNodeID+":1", ""), 403, "security_exception",
		"action [cluster:monitor/task/get] is unauthorized for user [ml] with effective roles [ml_role], this action is granted by the cluster privileges [monitor,manage,all]")

	// API key acting as the ml user.
	encoded := s.AddAPIKey("key-1", "s3cret", "ml")
	keyRaw, key := clients(t, elasticsearch.Config{Addresses: []string{u}, APIKey: encoded})
	if r, err := key.Ml.ResetJob("j1").Do(ctx(t)); err != nil || !r.Acknowledged {
		t.Fatalf("api key reset: %v", err)
	}
	wantErr(t, do(t, keyRaw, "GET", "/", ""), 403, "security_exception",
		"action [cluster:monitor/main] is unauthorized for API key id [key-1] of user [ml], this action is granted by the cluster privileges [monitor,manage,all]")
	badKey, _ := clients(t, elasticsearch.Config{Addresses: []string{u}, APIKey: s.AddAPIKey("key-2", "x", "ghost")})
	if r := do(t, badKey, "GET", "/", ""); r.status != 401 {
		t.Fatalf("key of unknown user: %s", r.raw)
	}

	// Bearer token.
	s.AddBearerToken("tok-123", "admin")
	_, bearer := clients(t, elasticsearch.Config{Addresses: []string{u}, ServiceToken: "tok-123"})
	if _, err := bearer.Info().Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
	wrongBearer, _ := clients(t, elasticsearch.Config{Addresses: []string{u}, ServiceToken: "tok-999"})
	if r := do(t, wrongBearer, "GET", "/", ""); r.status != 401 {
		t.Fatalf("bad bearer: %s", r.raw)
	}
	if got := s.Requests()[len(s.Requests())-1].Header.Get("Authorization"); got != "Bearer tok-999" {
		t.Fatalf("log should keep headers: %q", got)
	}
}

func TestMonitorUserCannotReset(t *testing.T) {
	s, u := secured(t)
	viewerRaw, viewer := basic(t, u, "viewer", "viewer-pw")
	if _, err := viewer.Ml.GetJobStats().JobId("j1").Do(ctx(t)); err != nil {
		t.Fatalf("monitor covers job stats: %v", err)
	}
	_, err := viewer.Ml.ResetJob("j1").Do(ctx(t))
	ee := typedErr(t, err)
	if ee.Status != 403 || !strings.HasPrefix(*ee.ErrorCause.Reason, "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [viewer]") ||
		!strings.HasSuffix(*ee.ErrorCause.Reason, "granted by the cluster privileges [manage_ml,manage,all]") {
		t.Fatalf("sync reset: %v", ee)
	}
	// Async: 200 and a task id; the 403 ends up in the task result.
	r := do(t, viewerRaw, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completion=false", "")
	if r.status != 200 || r.body["task"] == nil {
		t.Fatalf("async reset: %s", r.raw)
	}
	done := do(t, viewerRaw, "GET", "/_tasks/"+r.body["task"].(string)+"?wait_for_completion=true", "")
	e, _ := done.body["error"].(map[string]any)
	if done.body["completed"] != true || e["type"] != "security_exception" ||
		!strings.HasPrefix(e["reason"].(string), "action [cluster:admin/xpack/ml/job/reset] is unauthorized for") {
		t.Fatalf("stored 403: %s", done.raw)
	}
	if j := mustJob(t, s, "j1"); j.ResetCount != 0 {
		t.Fatalf("unauthorized reset ran: %+v", j)
	}
}

func TestSecurityOffAcceptsAnyCredentials(t *testing.T) {
	_, u := start(t)
	_, tc := basic(t, u, "whoever", "whatever")
	if _, err := tc.Info().Do(ctx(t)); err != nil {
		t.Fatal(err)
	}
}
