package mlreset

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/go-version"
)

// Gate is a feature's minimum Elasticsearch version. A cluster that does
// not know a parameter rejects it, and an asynchronous reset even starts
// before rejecting it, so a parameter is never sent to a cluster known to
// be too old.
type Gate struct {
	Feature string
	// Parameter is the reset parameter the gate guards; empty when the
	// reset API itself needs the version.
	Parameter string
	Minimum   *version.Version
	used      func(Request) bool
}

// Gates are the version requirements of a reset.
var Gates = []Gate{
	{
		Feature: "The reset API",
		Minimum: version.Must(version.NewVersion("7.14.0")),
		used:    func(Request) bool { return true },
	},
	{
		Feature:   "delete_user_annotations",
		Parameter: "delete_user_annotations",
		Minimum:   version.Must(version.NewVersion("8.7.0")),
		used:      func(r Request) bool { return r.DeleteUserAnnotations },
	},
}

// VersionError is a cluster known to be too old for what a request asks.
type VersionError struct {
	Version     *version.Version
	Unsupported []Gate
}

func (e *VersionError) Error() string {
	var parts []string
	for _, g := range e.Unsupported {
		parts = append(parts, fmt.Sprintf("%s needs Elasticsearch %s or later", g.Feature, g.Minimum))
	}
	return fmt.Sprintf("%s; the cluster runs %s", strings.Join(parts, "; "), e.Version)
}

// CheckVersions fails with *VersionError when the cluster is known to be
// too old for req. The version is read once per client; serverless and an
// unknown version pass, the latter with a warning (every time: the caller
// decides how often to say it).
func (e *Engine) CheckVersions(ctx context.Context, req Request) ([]Warning, error) {
	info, err := e.client.Info(ctx)
	if err != nil {
		return nil, err
	}
	var warnings []Warning
	if info.UnknownReason != "" {
		warnings = append(warnings, Warning{Kind: WarningVersionUnknown, JobID: req.JobID, Detail: info.UnknownReason})
	}
	var unsupported []Gate
	for _, g := range Gates {
		if g.used(req) && !info.Supports(g.Minimum) {
			unsupported = append(unsupported, g)
		}
	}
	if len(unsupported) > 0 {
		return warnings, &VersionError{Version: info.Version, Unsupported: unsupported}
	}
	return warnings, nil
}
