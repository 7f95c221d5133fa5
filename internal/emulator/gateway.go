package emulator

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Gateway is a proxy in front of the emulator, as many clusters sit behind
// one (a load balancer, an ingress): once a request has gone unanswered for
// Timeout it answers the client itself, while Elasticsearch goes on with the
// request to its end. Only the client's answer is cut.
type Gateway struct {
	// Timeout is how long the gateway waits for Elasticsearch; 0: no gateway.
	Timeout time.Duration
	// Answer is what the client gets once Timeout has passed: 502, 503 or
	// 504 (also when 0) with the gateway's HTML page, or GatewayDrops.
	Answer int
}

// GatewayDrops is the Answer of a gateway that closes the client's
// connection without an answer.
const GatewayDrops = -1

// gatewayPages are the titles of the gateway's error pages, as nginx
// words them.
var gatewayPages = map[int]string{
	http.StatusBadGateway:         "502 Bad Gateway",
	http.StatusServiceUnavailable: "503 Service Temporarily Unavailable",
	http.StatusGatewayTimeout:     "504 Gateway Time-out",
}

// SetGateway puts the emulator behind g; SetGateway(Gateway{}) takes the
// gateway away.
func (s *Server) SetGateway(g Gateway) error {
	if g.Answer == 0 {
		g.Answer = http.StatusGatewayTimeout
	}
	if _, known := gatewayPages[g.Answer]; !known && g.Answer != GatewayDrops {
		return fmt.Errorf("emulator: a gateway answers 502, 503, 504 or drops the connection, not %d", g.Answer)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gateway = g
	return nil
}

func (s *Server) currentGateway() Gateway {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gateway
}

// serveBehindGateway forwards r to Elasticsearch and relays its answer if
// it comes within the gateway's timeout. Elasticsearch handles the request
// on a context of its own, so a gateway giving up, or a client leaving,
// stops no work (a reset, a long poll) that has begun.
func (s *Server) serveBehindGateway(w http.ResponseWriter, r *http.Request, body []byte, entry *Request, g Gateway) {
	upstream := r.Clone(context.WithoutCancel(r.Context()))
	answered := make(chan outcome, 1)
	go func() { answered <- s.answer(upstream, body, entry) }()
	timer := time.NewTimer(g.Timeout)
	defer timer.Stop()
	select {
	case a := <-answered:
		if a.dropped {
			// Elasticsearch closed the connection: the gateway has
			// nothing to relay and says so.
			s.gatewayAnswers(w, entry, http.StatusBadGateway)
			return
		}
		s.write(w, r, a.rep)
	case <-timer.C:
		s.gatewayAnswers(w, entry, g.Answer)
	case <-r.Context().Done():
	}
}

// gatewayAnswers answers the client in Elasticsearch's place, as a gateway
// does: its own HTML page and no X-Elastic-Product, or no answer at all.
func (s *Server) gatewayAnswers(w http.ResponseWriter, entry *Request, answer int) {
	s.logMu.Lock()
	entry.GatewayAnswer = answer
	s.logMu.Unlock()
	if answer == GatewayDrops {
		s.drop(w)
		return
	}
	title := gatewayPages[answer]
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(answer)
	_, _ = fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", title, title)
}
