package esclient

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeCluster serves fixed answers, keyed "METHOD /path", for shapes the
// emulator does not model; anything else is a 404 without an error
// envelope. It records each request as "METHOD /path?query".
type fakeCluster struct {
	mu       sync.Mutex
	answers  map[string]fakeAnswer
	requests []string
}

type fakeAnswer struct {
	status int
	body   string
}

func newFakeClient(t *testing.T, answers map[string]fakeAnswer) (*Client, *fakeCluster) {
	t.Helper()
	f := &fakeCluster{answers: answers}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
		a, ok := f.answers[r.Method+" "+r.URL.Path]
		f.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoints: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	c.backoff = func(int) time.Duration { return time.Millisecond }
	return c, f
}

func (f *fakeCluster) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func ok(body string) fakeAnswer { return fakeAnswer{http.StatusOK, body} }
