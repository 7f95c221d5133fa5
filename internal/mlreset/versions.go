package mlreset

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/go-version"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Gate is a feature's minimum Elasticsearch version. A cluster that does
// not know a parameter rejects it, and an asynchronous reset even starts
// before rejecting it, so a parameter is never sent to a cluster known to
// be too old.
type Gate struct {
	Feature string
	// Parameter is the request parameter the gate guards; empty when the
	// API itself needs the version.
	Parameter string
	Minimum   *version.Version
	// Instead says what to do on an older cluster; empty: leave the
	// parameter out.
	Instead string
}

var (
	resetAPIGate = Gate{
		Feature: "The reset API",
		Minimum: version.Must(version.NewVersion("7.14.0")),
	}
	deleteUserAnnotationsGate = Gate{
		Feature:   "delete_user_annotations",
		Parameter: "delete_user_annotations",
		Minimum:   version.Must(version.NewVersion("8.7.0")),
	}
)

// Gates are the version requirements of a job reset.
var Gates = []Gate{resetAPIGate, deleteUserAnnotationsGate}

// gates are the Gates that req needs.
func (req Request) gates() []Gate {
	gates := []Gate{resetAPIGate}
	if req.DeleteUserAnnotations {
		gates = append(gates, deleteUserAnnotationsGate)
	}
	return gates
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
	return checkGates(ctx, e.client, Object{Kind: ObjectJob, ID: req.JobID}, req.gates())
}

// checkGates is a flow's checkVersions: the run goes on only when the
// cluster may support every gate.
func (s *session) checkGates(ctx context.Context, gates []Gate) error {
	warnings, err := checkGates(ctx, s.client, s.object, gates)
	s.warn(warnings...)
	return err
}

// checkGates fails with *VersionError when the cluster is known to be too
// old for any of gates, on object.
func checkGates(ctx context.Context, client *esclient.Client, object Object, gates []Gate) ([]Warning, error) {
	info, err := client.Info(ctx)
	if err != nil {
		return nil, err
	}
	var warnings []Warning
	if info.UnknownReason != "" {
		warnings = append(warnings, object.stamp(Warning{Kind: WarningVersionUnknown, Detail: info.UnknownReason}))
	}
	var unsupported []Gate
	for _, g := range gates {
		if !info.Supports(g.Minimum) {
			unsupported = append(unsupported, g)
		}
	}
	if len(unsupported) > 0 {
		return warnings, &VersionError{Version: info.Version, Unsupported: unsupported}
	}
	return warnings, nil
}
