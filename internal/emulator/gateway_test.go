package emulator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// gatewayReply is what a client behind the gateway got, and when.
type gatewayReply struct {
	status int
	header http.Header
	body   string
	err    error // no answer
	after  time.Duration
}

// send makes one request with a plain HTTP client (no retries, no product
// check), as a gateway's client sees it; it gives up after 10 seconds.
func send(method, url string) gatewayReply {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, method, url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return gatewayReply{err: err, after: time.Since(start)}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return gatewayReply{status: res.StatusCode, header: res.Header, body: string(b), after: time.Since(start)}
}

// waitStatus waits until Elasticsearch's answer to the n-th logged request
// is in the log, and returns that entry.
func waitStatus(t *testing.T, s *Server, n int) Request {
	t.Helper()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		if log := s.Requests(); len(log) > n && log[n].Status != 0 {
			return log[n]
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("request %d never got Elasticsearch's answer", n)
		}
	}
}

// A blocking reset that outlasts the gateway: the client gets the
// gateway's answer at the gateway's timeout, and the reset goes on to its
// end in Elasticsearch, once.
func TestGatewayCutsTheAnswerNotTheReset(t *testing.T) {
	const timeout = 200 * time.Millisecond
	for _, tc := range []struct {
		name   string
		answer int
		title  string
	}{
		{"504", http.StatusGatewayTimeout, "<title>504 Gateway Time-out</title>"},
		{"502", http.StatusBadGateway, "<title>502 Bad Gateway</title>"},
		{"drop", GatewayDrops, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, u := start(t)
			learnedJob(t, s, "j1")
			if err := s.CloseJob("j1"); err != nil {
				t.Fatal(err)
			}
			if err := s.SetGateway(Gateway{Timeout: timeout, Answer: tc.answer}); err != nil {
				t.Fatal(err)
			}
			hold := s.HoldNextReset("j1")
			t.Cleanup(hold.Release)
			ended := resetEnds(s)

			got := send(http.MethodPost, u+"/_ml/anomaly_detectors/j1/_reset?delete_user_annotations=true")
			if got.after < timeout || got.after > timeout+3*time.Second {
				t.Fatalf("want the gateway's answer at its timeout (%s), got it after %s", timeout, got.after)
			}
			if tc.answer == GatewayDrops {
				if got.err == nil {
					t.Fatalf("want the connection dropped, got %d %q", got.status, got.body)
				}
			} else {
				if got.err != nil || got.status != tc.answer || !strings.Contains(got.body, tc.title) {
					t.Fatalf("want the gateway's %d page, got %d %q %v", tc.answer, got.status, got.body, got.err)
				}
				if got.header.Get("X-Elastic-Product") != "" || !strings.HasPrefix(got.header.Get("Content-Type"), "text/html") {
					t.Fatalf("want the gateway's own headers, got %v", got.header)
				}
			}
			// The answer was cut while the reset still holds the job.
			reached(t, hold)
			if j := mustJob(t, s, "j1"); j.BlockedReason != "reset" || j.ResetCount != 0 {
				t.Fatalf("want the reset still running, got %+v", j)
			}

			hold.Release()
			if id := waitEnd(t, ended); id != "j1" {
				t.Fatalf("reset of %q ended", id)
			}
			j := mustJob(t, s, "j1")
			if j.BlockedReason != "" || j.ResetCount != 1 || j.ProcessedRecords != 0 || j.ModelSnapshotID != "" || j.UserAnnotations != 0 {
				t.Fatalf("want the job reset once and unblocked, got %+v", j)
			}
			// The log holds the request as Elasticsearch received and
			// answered it, and what the gateway told the client instead.
			r := waitStatus(t, s, 0)
			if len(s.Requests()) != 1 || r.Method != http.MethodPost || r.Path != "/_ml/anomaly_detectors/j1/_reset" ||
				r.Query.Get("delete_user_annotations") != "true" || r.Status != http.StatusOK || r.GatewayAnswer != tc.answer {
				t.Fatalf("want one reset answered 200 and cut with %d, got %+v", tc.answer, s.Requests())
			}
		})
	}
}

// An answer within the gateway's timeout reaches the client untouched.
func TestGatewayRelaysATimelyAnswer(t *testing.T) {
	t.Parallel()
	s, u := start(t)
	if err := s.SetGateway(Gateway{Timeout: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	got := send(http.MethodGet, u+"/")
	if got.err != nil || got.status != http.StatusOK || got.header.Get("X-Elastic-Product") != "Elasticsearch" || !strings.Contains(got.body, `"cluster_name"`) {
		t.Fatalf("want Elasticsearch's answer, got %d %v %q %v", got.status, got.header, got.body, got.err)
	}
	if r := s.Requests()[0]; r.Status != http.StatusOK || r.GatewayAnswer != 0 {
		t.Fatalf("logged %+v", r)
	}
}

// A connection Elasticsearch drops is, behind a gateway, the gateway's
// 502: it has nothing to relay.
func TestGatewayAnswers502ForADroppedConnection(t *testing.T) {
	t.Parallel()
	s, u := start(t)
	if err := s.SetGateway(Gateway{Timeout: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	s.InjectDrop("GET", "/", 1)
	got := send(http.MethodGet, u+"/")
	if got.err != nil || got.status != http.StatusBadGateway || !strings.Contains(got.body, "502 Bad Gateway") {
		t.Fatalf("want the gateway's 502, got %d %q %v", got.status, got.body, got.err)
	}
	if r := s.Requests()[0]; r.Status != 0 || r.GatewayAnswer != http.StatusBadGateway {
		t.Fatalf("logged %+v", r)
	}
}

// A long poll cut by the gateway does not stop the task it waited for.
func TestGatewayCutsALongPoll(t *testing.T) {
	t.Parallel()
	s, u := start(t)
	s.PutJob("j1")
	hold := s.HoldNextReset("j1")
	t.Cleanup(hold.Release)
	started := send(http.MethodPost, u+"/_ml/anomaly_detectors/j1/_reset?wait_for_completion=false")
	var task struct{ Task string }
	if err := json.Unmarshal([]byte(started.body), &task); err != nil || task.Task == "" {
		t.Fatalf("no task id in %q: %v", started.body, err)
	}
	taskID := task.Task
	reached(t, hold)
	if err := s.SetGateway(Gateway{Timeout: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	got := send(http.MethodGet, u+"/_tasks/"+taskID+"?wait_for_completion=true&timeout=30s")
	if got.status != http.StatusGatewayTimeout {
		t.Fatalf("want the gateway's 504, got %d %q %v", got.status, got.body, got.err)
	}
	if err := s.SetGateway(Gateway{}); err != nil {
		t.Fatal(err)
	}
	ended := resetEnds(s)
	hold.Release()
	waitEnd(t, ended)
	done := send(http.MethodGet, u+"/_tasks/"+taskID)
	if done.status != http.StatusOK || !strings.Contains(done.body, `"completed":true`) || !strings.Contains(done.body, `"acknowledged":true`) {
		t.Fatalf("want the task done, got %d %q", done.status, done.body)
	}
}

func TestGatewayAnswersAreChecked(t *testing.T) {
	s := New()
	for _, answer := range []int{http.StatusInternalServerError, http.StatusOK, -2} {
		if err := s.SetGateway(Gateway{Timeout: time.Second, Answer: answer}); err == nil {
			t.Fatalf("answer %d: want an error", answer)
		}
	}
	if err := s.SetGateway(Gateway{Timeout: time.Second}); err != nil || s.currentGateway().Answer != http.StatusGatewayTimeout {
		t.Fatalf("want 504 by default, got %+v %v", s.currentGateway(), err)
	}
	if err := s.SetGateway(Gateway{}); err != nil || s.currentGateway().Timeout != 0 {
		t.Fatalf("want the gateway taken away, got %+v %v", s.currentGateway(), err)
	}
}
