// Package mlreset runs operations that stop an Elasticsearch object, do
// something destructive to it, and bring back what ran: the reset of an
// anomaly-detection job (Engine.Reset) and of a transform
// (Engine.ResetTransform). One skeleton (Engine.run,
// skeleton.go) runs every such operation, each a flow of its own steps.
// The package knows Elasticsearch through esclient and nothing of
// Terraform: it reports progress through a callback and returns warnings
// as values.
package mlreset

import (
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Engine runs operations on one cluster. It is safe for concurrent use.
type Engine struct {
	client *esclient.Client
	// pollWindow is the longest single long poll of a task.
	pollWindow time.Duration
}

// New returns an engine that works through client.
func New(client *esclient.Client) *Engine {
	return &Engine{client: client, pollWindow: maxPollWindow}
}
