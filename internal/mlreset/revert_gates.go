package mlreset

import (
	"context"

	"github.com/hashicorp/go-version"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// What a revert needs of the cluster (DESIGN.md §10): the model snapshot
// APIs are not public on serverless, and the empty snapshot came in 7.11.

var emptySnapshotGate = Gate{
	Feature:   `snapshot_id = "empty"`,
	Parameter: "snapshot_id",
	Minimum:   version.Must(version.NewVersion("7.11.0")),
	Instead:   "Revert to a stored snapshot, reset the job instead (elasticsearch_ml_job_reset), or upgrade the cluster.",
}

// RevertGates are the version requirements of a revert.
var RevertGates = []Gate{emptySnapshotGate}

func (req RevertRequest) gates() []Gate {
	if req.SnapshotID == esclient.EmptyModelSnapshot {
		return []Gate{emptySnapshotGate}
	}
	return nil
}

// ServerlessError is an operation that serverless does not offer: its APIs
// exist there but are kept internal.
type ServerlessError struct {
	// Feature names the operation, to start a sentence.
	Feature string
}

func (e *ServerlessError) Error() string {
	return e.Feature + " is not available on Elasticsearch Serverless"
}

// revertFeature names the revert in a ServerlessError.
const revertFeature = "Reverting a job to a model snapshot"

// CheckRevert fails, before anything is sent, when the cluster cannot take
// req: serverless (*ServerlessError) or a version known to be too old
// (*VersionError). The version is read once per client; an unknown version
// passes with a warning, as for CheckVersions.
func (e *Engine) CheckRevert(ctx context.Context, req RevertRequest) ([]Warning, error) {
	return checkRevert(ctx, e.client, Object{Kind: ObjectJob, ID: req.JobID}, req)
}

func checkRevert(ctx context.Context, client *esclient.Client, object Object, req RevertRequest) ([]Warning, error) {
	warnings, err := checkGates(ctx, client, object, req.gates())
	if err != nil {
		return warnings, err
	}
	// Info is cached by now: checkGates read it.
	if info, err := client.Info(ctx); err == nil && info.Serverless {
		return warnings, &ServerlessError{Feature: revertFeature}
	}
	return warnings, nil
}
