package esclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/hashicorp/go-version"
)

// ClusterInfo is what GET / says about the cluster, read once per client
// (DESIGN.md §5).
type ClusterInfo struct {
	// Version is nil when the cluster would not say (see UnknownReason).
	Version    *version.Version
	Serverless bool
	// UnknownReason explains a nil Version on a cluster that is not
	// serverless, for a warning. Every call of Info returns it again: the
	// caller decides how often to say it.
	UnknownReason string
}

// Supports reports whether the cluster is known to be at least min.
// Serverless clusters and clusters of unknown version pass: serverless
// reports a fixed placeholder version, and an unknown version is checked by
// Elasticsearch itself.
func (i ClusterInfo) Supports(minimum *version.Version) bool {
	if i.Serverless || i.Version == nil {
		return true
	}
	return i.Version.GreaterThanOrEqual(minimum)
}

// Info returns the cluster's version and flavour, asking the cluster only
// the first time. A transient failure is not remembered, so a later call
// asks again.
func (c *Client) Info(ctx context.Context) (ClusterInfo, error) {
	c.infoMu.Lock()
	defer c.infoMu.Unlock()
	if c.info != nil {
		return *c.info, nil
	}
	info, err := c.fetchInfo(ctx)
	if err != nil {
		return ClusterInfo{}, err
	}
	c.info = &info
	return info, nil
}

func (c *Client) fetchInfo(ctx context.Context) (ClusterInfo, error) {
	body, err := c.perform(ctx, esapi.InfoRequest{})
	if isStatus(err, http.StatusForbidden) {
		// GET / needs the monitor privilege; a manage_ml-only user can
		// still reset jobs, so carry on without version checks.
		e, _ := AsError(err)
		return ClusterInfo{UnknownReason: "the credentials may not read the cluster version (GET / needs the monitor privilege): " + e.Reason}, nil
	}
	if err != nil {
		return ClusterInfo{}, err
	}
	return parseInfo(body)
}

func parseInfo(body []byte) (ClusterInfo, error) {
	var doc struct {
		Version struct {
			Number      string `json:"number"`
			BuildFlavor string `json:"build_flavor"`
		} `json:"version"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return ClusterInfo{}, fmt.Errorf("reading the cluster information from GET /: %w", err)
	}
	if doc.Version.BuildFlavor == "serverless" {
		return ClusterInfo{Serverless: true}, nil
	}
	v, err := version.NewVersion(doc.Version.Number)
	if err != nil {
		return ClusterInfo{}, fmt.Errorf("reading the cluster version %q from GET /: %w", doc.Version.Number, err)
	}
	// Snapshot and pre-release builds ("8.7.0-SNAPSHOT") carry the features
	// of their release.
	return ClusterInfo{Version: v.Core()}, nil
}
