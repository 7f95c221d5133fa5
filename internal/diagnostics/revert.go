package diagnostics

import "fmt"

// The revert of a job to a model snapshot, and the reads around it.

// Revert is the revert of a job to a model snapshot, by the resource or
// the action: it closes the job and reverts it.
func Revert(jobID, snapshotID string) Operation {
	return Operation{Doing: "Reverting", Object: fmt.Sprintf("%s to model snapshot %q", job(jobID), snapshotID),
		Privilege: ManageML, Requests: "close and revert to a model snapshot"}
}

// ReadSnapshot is what the revert's plan reads: the snapshot, and the
// job's statistics.
func ReadSnapshot(jobID, snapshotID string) Operation {
	return Operation{Doing: "Reading", Object: fmt.Sprintf("model snapshot %q of %s", snapshotID, job(jobID)),
		Privilege: MonitorML, Requests: "get model snapshots and job statistics"}
}
