// Package emulator is a small in-process model of the Elasticsearch APIs the
// provider uses: ML anomaly-detection jobs (open, close, reset, data,
// model snapshots and revert), datafeeds, transforms (start, stop, reset,
// checkpoints over a source index), the indices and documents they read
// and write, the tasks API, GET / and security. It keeps state and applies
// Elasticsearch's rules to it, and logs every request, so tests can assert
// both what the provider did and what it ended with.
package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

const defaultNodeID = "oTUltX4IQMOUUVeiohTt8A"

// Server is the emulator. All state is guarded by mu, which is never held
// while waiting (for a reset to run, a task to end, or latency).
type Server struct {
	mu            sync.Mutex
	versionNumber string
	serverless    bool
	nodeID        string
	resetDuration time.Duration
	latency       time.Duration
	security      bool
	upgradeMode   bool
	noMLCapacity  bool // see SetMLCapacity

	users   map[string]*user
	apiKeys map[string]*apiKey // by id
	tokens  map[string]string  // bearer token → user
	jobs    map[string]*job
	feeds   map[string]*datafeed
	indices map[string]*index
	aliases map[string]*alias
	// lookbackGate, when set, holds datafeed searches (HoldLookbacks).
	lookbackGate chan struct{}
	transforms   transformState // see transforms.go
	tasks        map[string]*task
	nextTask     int64
	// tasksIndex is true once a task result was stored (the .tasks index exists).
	tasksIndex bool
	// changed is closed and replaced whenever job state changes, waking
	// anybody waiting for a state transition.
	changed chan struct{}
	faults  []*fault
	// pending per-job faults for the next reset / close
	resetFaults      map[string]resetFault
	openFaults       map[string]*esError // see FailNextOpen
	startFaults      map[string]*esError // see FailNextStart
	reopenAfterClose map[string]int
	resetHolds       map[string]*Hold           // see HoldNextReset
	revertHolds      map[string]*Hold           // see HoldNextRevert
	resetJoins       map[string][]chan struct{} // see ResetJoined
	resetWaitTimeout time.Duration              // see WithResetWaitTimeout
	gateway          Gateway                    // see SetGateway

	hookMu     sync.Mutex
	resetHooks []func(jobID, taskID string, end time.Time)

	logMu sync.Mutex
	log   []*Request

	routes []route
	srv    *httptest.Server
	quit   chan struct{}
	once   sync.Once
}

// Option configures a Server built by New.
type Option func(*Server)

// WithVersion sets the version reported by GET / and used for feature gates.
func WithVersion(v string) Option { return func(s *Server) { s.versionNumber = v } }

// WithServerless makes the emulator look like Elastic Cloud Serverless.
func WithServerless() Option { return func(s *Server) { s.serverless = true } }

// WithNodeID sets the node id used in task ids.
func WithNodeID(id string) Option { return func(s *Server) { s.nodeID = id } }

// WithResetDuration sets how long a reset takes for jobs without their own.
func WithResetDuration(d time.Duration) Option { return func(s *Server) { s.resetDuration = d } }

// WithSecurity turns on authentication and authorization.
func WithSecurity() Option { return func(s *Server) { s.security = true } }

// WithLatency adds d before every response (benchmarks).
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// New builds an emulator with no jobs.
func New(opts ...Option) *Server {
	s := &Server{
		versionNumber:    "8.19.0",
		nodeID:           defaultNodeID,
		users:            map[string]*user{},
		apiKeys:          map[string]*apiKey{},
		tokens:           map[string]string{},
		jobs:             map[string]*job{},
		feeds:            map[string]*datafeed{},
		indices:          map[string]*index{},
		aliases:          map[string]*alias{},
		tasks:            map[string]*task{},
		nextTask:         1000,
		resetFaults:      map[string]resetFault{},
		openFaults:       map[string]*esError{},
		startFaults:      map[string]*esError{},
		reopenAfterClose: map[string]int{},
		changed:          make(chan struct{}),
		quit:             make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	s.routes = s.routeTable()
	return s
}

// Start serves the emulator over plain HTTP on a random local port.
func (s *Server) Start() string {
	s.srv = httptest.NewServer(s)
	return s.srv.URL
}

// StartTLS serves the emulator over HTTPS with a self-signed certificate.
func (s *Server) StartTLS() string {
	s.srv = httptest.NewTLSServer(s)
	return s.srv.URL
}

// CertPEM is the server certificate (its own CA) after StartTLS.
func (s *Server) CertPEM() []byte {
	if s.srv == nil || s.srv.Certificate() == nil {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// URL is the base URL once started, else "".
func (s *Server) URL() string {
	if s.srv == nil {
		return ""
	}
	return s.srv.URL
}

// Close ends every wait in progress (long polls, running resets) and stops
// the server.
func (s *Server) Close() {
	s.once.Do(func() { close(s.quit) })
	if s.srv != nil {
		s.srv.Close()
	}
}

// reply is a response computed before it is written, so latency and logging
// are applied in one place.
type reply struct {
	status int
	body   any // nil → no body
	header http.Header
}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

func fail(e *esError) reply { return reply{status: e.status, body: e.envelope()} }

// ServeHTTP handles one request: log, then Elasticsearch's answer (faults,
// authentication, routing, the handler), which every reply carries with
// X-Elastic-Product; behind a gateway (SetGateway) the gateway may answer
// in its place.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	entry := &Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Body: string(body), Header: r.Header.Clone(), Time: time.Now(),
	}
	s.logMu.Lock()
	s.log = append(s.log, entry)
	s.logMu.Unlock()

	if g := s.currentGateway(); g.Timeout > 0 {
		s.serveBehindGateway(w, r, body, entry, g)
		return
	}
	a := s.answer(r, body, entry)
	if a.dropped {
		s.drop(w)
		return
	}
	s.write(w, r, a.rep)
}

// outcome is Elasticsearch's answer to one request, or none at all.
type outcome struct {
	rep     reply
	dropped bool // the connection closed without an answer
}

// answer computes Elasticsearch's answer to r and logs its status.
func (s *Server) answer(r *http.Request, body []byte, entry *Request) outcome {
	f := s.takeFault(r.Method, r.URL.Path)
	if f != nil && f.drop {
		return outcome{dropped: true}
	}
	var rep reply
	if f != nil {
		rep = fail(f.err(s.currentVersion()))
	} else {
		rep = s.handle(r, body)
	}
	s.sleep(r.Context(), s.latency)
	s.logMu.Lock()
	entry.Status = rep.status
	s.logMu.Unlock()
	return outcome{rep: rep}
}

// write sends Elasticsearch's reply.
func (s *Server) write(w http.ResponseWriter, r *http.Request, rep reply) {
	h := w.Header()
	for k, vs := range rep.header {
		h[k] = vs
	}
	h.Set("X-Elastic-Product", "Elasticsearch")
	h.Set("Content-Type", responseMediaType(r))
	w.WriteHeader(rep.status)
	if rep.body == nil || r.Method == http.MethodHead {
		return
	}
	out, _ := marshal(rep.body)
	if p, present := r.URL.Query()["pretty"]; present && (len(p) == 0 || p[0] != "false") {
		var buf bytes.Buffer
		if err := json.Indent(&buf, out, "", "  "); err == nil {
			out = buf.Bytes()
		}
	}
	_, _ = w.Write(append(out, '\n'))
}

func (s *Server) handle(r *http.Request, body []byte) reply {
	if e := checkContentType(r, body); e != nil {
		return *e
	}
	// Newer versions authenticate while validating HTTP headers, before
	// routing, so even an unknown route needs credentials.
	who, err := s.authenticate(r)
	if err != nil {
		return s.authFailure(err)
	}
	rt, vars, rep := s.match(r)
	if rt == nil {
		return rep
	}
	c := &call{
		s: s, r: r, v: s.currentVersion(), vars: vars, query: r.URL.Query(),
		asked: map[string]bool{}, body: body, who: who,
	}
	// Same order as BaseRestHandler: prepare (which may already start work),
	// then reject unconsumed parameters, then an unconsumed body.
	run, err := rt.h(c)
	if err != nil {
		return fail(err)
	}
	if err := c.unrecognized(); err != nil {
		return fail(err)
	}
	if len(bytes.TrimSpace(body)) > 0 && !c.bodyUsed {
		return fail(badRequest("request [%s %s] does not support having a body", r.Method, r.URL.Path))
	}
	if rt.action != "" && !rt.ownAuthz {
		if err := s.authorize(who, rt.action); err != nil {
			return fail(err)
		}
	}
	return run()
}

// checkContentType rejects bodies in a media type Elasticsearch cannot parse.
func checkContentType(r *http.Request, body []byte) *reply {
	ct := r.Header.Get("Content-Type")
	if len(body) == 0 || ct == "" {
		return nil
	}
	mt, _, _ := strings.Cut(strings.ToLower(ct), ";")
	switch strings.TrimSpace(mt) {
	case "application/json", "application/x-ndjson", "application/vnd.elasticsearch+json",
		"application/vnd.elasticsearch+x-ndjson":
		return nil
	}
	return &reply{status: http.StatusNotAcceptable,
		body: obj{{"error", "Content-Type header [" + ct + "] is not supported"}, {"status", http.StatusNotAcceptable}}}
}

// responseMediaType answers in the compatible-with media type when asked
// for it (the typed Go client does), else plain JSON.
func responseMediaType(r *http.Request) string {
	accept := strings.ToLower(r.Header.Get("Accept"))
	if strings.Contains(accept, "vnd.elasticsearch+json") {
		if i := strings.Index(accept, "compatible-with="); i >= 0 {
			v := strings.TrimSpace(accept[i+len("compatible-with="):])
			if len(v) > 0 {
				return "application/vnd.elasticsearch+json;compatible-with=" + v[:1]
			}
		}
	}
	return "application/json"
}

// drop closes the TCP connection without an answer.
func (s *Server) drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// sleep waits d unless the client goes away or the server closes.
func (s *Server) sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	case <-s.quit:
	}
}

// waitClosed waits until ch is closed (true), or timeout (-1: none), the
// client leaves or the server closes (false).
func (s *Server) waitClosed(ctx context.Context, ch <-chan struct{}, timeout time.Duration) bool {
	var tc <-chan time.Time
	if timeout >= 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		tc = t.C
	}
	select {
	case <-ch:
		return true
	case <-tc:
	case <-ctx.Done():
	case <-s.quit:
	}
	return false
}

// notifyLocked wakes everybody waiting for a state change. Caller holds mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) currentVersion() version {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.versionLocked()
}

func (s *Server) versionLocked() version {
	v := parseVersion(s.versionNumber)
	v.serverless = s.serverless
	return v
}

// SetVersion changes the reported version and the feature gates.
func (s *Server) SetVersion(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.versionNumber = v
}

// SetUpgradeMode turns ML upgrade mode on or off.
func (s *Server) SetUpgradeMode(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.upgradeMode = on
}

// Request is one logged HTTP request.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   string
	Header http.Header
	Status int // Elasticsearch's answer; 0 until it answers, or when it dropped the connection
	Time   time.Time
	// GatewayAnswer is what the gateway (SetGateway) answered the client
	// in Elasticsearch's place: a status, or GatewayDrops; 0 when the
	// client got Elasticsearch's answer.
	GatewayAnswer int
}

// Requests returns a copy of the request log in arrival order.
func (s *Server) Requests() []Request {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = *r
	}
	return out
}

// ClearRequests empties the request log.
func (s *Server) ClearRequests() {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	s.log = nil
}

// SetSecurity turns authentication and authorization on or off.
func (s *Server) SetSecurity(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.security = on
}
