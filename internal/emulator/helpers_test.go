package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/typedapi/types"
)

// start runs an emulator for one test.
func start(t *testing.T, opts ...Option) (*Server, string) {
	t.Helper()
	s := New(opts...)
	u := s.Start()
	t.Cleanup(s.Close)
	return s, u
}

// clients builds the low-level and typed go-elasticsearch clients, without
// retries so every request is visible once in the log.
func clients(t *testing.T, cfg elasticsearch.Config) (*elasticsearch.Client, *elasticsearch.TypedClient) {
	t.Helper()
	cfg.DisableRetry = true
	es, err := elasticsearch.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tc, err := elasticsearch.NewTypedClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return es, tc
}

func plainClients(t *testing.T, url string) (*elasticsearch.Client, *elasticsearch.TypedClient) {
	return clients(t, elasticsearch.Config{Addresses: []string{url}})
}

type response struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// do sends a raw request through the client's Perform (so the product check
// applies) and decodes the JSON answer.
func do(t *testing.T, es *elasticsearch.Client, method, path, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := es.Perform(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, raw: string(b)}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &r.body); err != nil {
			t.Fatalf("%s %s: body %q is not JSON: %v", method, path, b, err)
		}
	}
	return r
}

// errOf returns error.type and error.reason of an envelope, checking that
// root_cause mirrors them and status matches the HTTP status.
func errOf(t *testing.T, r response) (string, string) {
	t.Helper()
	e, ok := r.body["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object in %s", r.raw)
	}
	if st, _ := r.body["status"].(float64); int(st) != r.status {
		t.Errorf("status field %v != HTTP %d in %s", r.body["status"], r.status, r.raw)
	}
	rc, _ := e["root_cause"].([]any)
	if len(rc) != 1 {
		t.Fatalf("root_cause %v", e["root_cause"])
	}
	typ, _ := e["type"].(string)
	reason, _ := e["reason"].(string)
	if _, nested := e["caused_by"]; !nested {
		r0 := rc[0].(map[string]any)
		if r0["type"] != typ || r0["reason"] != reason {
			t.Errorf("root_cause %v differs from error %s/%s", r0, typ, reason)
		}
	}
	return typ, reason
}

func wantErr(t *testing.T, r response, status int, typ, reason string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.raw)
	}
	gotType, gotReason := errOf(t, r)
	if gotType != typ || gotReason != reason {
		t.Fatalf("got [%s] %q, want [%s] %q", gotType, gotReason, typ, reason)
	}
}

// typedErr unwraps the typed client's error.
func typedErr(t *testing.T, err error) *types.ElasticsearchError {
	t.Helper()
	var ee *types.ElasticsearchError
	if !errors.As(err, &ee) {
		t.Fatalf("want *types.ElasticsearchError, got %T %v", err, err)
	}
	return ee
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// resetEnds collects OnResetEnd notifications.
func resetEnds(s *Server) <-chan string {
	ch := make(chan string, 100)
	s.OnResetEnd(func(jobID, taskID string, end time.Time) { ch <- jobID })
	return ch
}

func waitEnd(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case id := <-ch:
		return id
	case <-time.After(5 * time.Second):
		t.Fatal("reset did not end")
		return ""
	}
}

func mustJob(t *testing.T, s *Server, id string) JobSnapshot {
	t.Helper()
	j, ok := s.Job(id)
	if !ok {
		t.Fatalf("job %s missing", id)
	}
	return j
}

// learnedJob is a closed job with a model snapshot, processed records, one
// user and one generated annotation (plus the snapshot annotation).
func learnedJob(t *testing.T, s *Server, id string) {
	t.Helper()
	s.PutJob(id)
	if err := s.OpenJob(id); err != nil {
		t.Fatal(err)
	}
	if err := s.ProcessRecords(id, 10); err != nil {
		t.Fatal(err)
	}
	s.AddAnnotation(id, "deploy", true)
	s.AddAnnotation(id, "delayed data", false)
}

func decode(r io.ReadCloser, v any) error {
	defer r.Close()
	return json.NewDecoder(r).Decode(v)
}

// reached waits until a held operation has got to its hold.
func reached(t *testing.T, h *Hold) {
	t.Helper()
	select {
	case <-h.Reached():
	case <-time.After(10 * time.Second):
		t.Fatal("the held operation never got to its hold")
	}
}

// waitLogged waits until the emulator has received a request for path, so
// that the test acts only once the request is being handled.
func waitLogged(t *testing.T, s *Server, method, path string) {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		for _, r := range s.Requests() {
			if r.Method == method && r.Path == path {
				return
			}
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s %s never arrived", method, path)
		}
	}
}

// answer is the outcome of a request sent in the background.
type answer struct {
	response
	at time.Time
}

// doAsync sends a request in the background; the channel gets its answer.
// The request goes through its own client call, so t.Fatal is not used
// off the test's goroutine.
func doAsync(es *elasticsearch.Client, method, path string) <-chan answer {
	ch := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(method, path, nil)
		var a answer
		res, err := es.Perform(req)
		if err != nil {
			a.raw = err.Error()
			ch <- a
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		a.status, a.header, a.raw, a.at = res.StatusCode, res.Header, string(b), time.Now()
		_ = json.Unmarshal(b, &a.body)
		ch <- a
	}()
	return ch
}

func await(t *testing.T, ch <-chan answer) answer {
	t.Helper()
	select {
	case a := <-ch:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
		return answer{}
	}
}
