package esclient

import (
	"context"
	"net/http"

	"github.com/elastic/elastic-transport-go/v8/elastictransport"
)

// OpaqueIDHeader is Elasticsearch's header for telling requests apart: it
// shows up in the task list, slow logs and deprecation logs.
const OpaqueIDHeader = "X-Opaque-Id"

type opaqueIDKey struct{}

// WithOpaqueID marks the requests sent with ctx with an X-Opaque-Id, so an
// operator (and a request count) can tell them from the rest (DESIGN.md §8).
func WithOpaqueID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, opaqueIDKey{}, id)
}

// opaqueID adds the context's X-Opaque-Id to a request that has none.
func opaqueID(next elastictransport.RoundTripFunc) elastictransport.RoundTripFunc {
	return func(req *http.Request) (*http.Response, error) {
		if id, ok := req.Context().Value(opaqueIDKey{}).(string); ok && req.Header.Get(OpaqueIDHeader) == "" {
			req.Header.Set(OpaqueIDHeader, id)
		}
		return next(req)
	}
}
