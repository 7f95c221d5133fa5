package resetdiag

import (
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
)

// Subject is what a run did, and to what, for the words that name it: the
// reset of a job (the words every reset diagnostic has always had), its
// revert to a model snapshot, or the reset of a transform.
type Subject struct {
	JobID string
	// SnapshotID is the snapshot a revert goes back to; empty for a reset.
	SnapshotID string
	// TransformID is the transform a transform reset resets; empty for a
	// job.
	TransformID string
}

// ResetOf is the reset of a job.
func ResetOf(jobID string) Subject { return Subject{JobID: jobID} }

// RevertOf is the revert of a job to a model snapshot.
func RevertOf(jobID, snapshotID string) Subject {
	return Subject{JobID: jobID, SnapshotID: snapshotID}
}

// TransformResetOf is the reset of a transform.
func TransformResetOf(transformID string) Subject { return Subject{TransformID: transformID} }

func (s Subject) revert() bool { return s.SnapshotID != "" }

func (s Subject) transform() bool { return s.TransformID != "" }

// noun is "reset" or "revert", as in "the reset could not start".
func (s Subject) noun() string {
	if s.revert() {
		return "revert"
	}
	return "reset"
}

// gerund is "resetting" or "reverting".
func (s Subject) gerund() string {
	if s.revert() {
		return "reverting"
	}
	return "resetting"
}

// pastParticiple is "reset" or "reverted", as in "cannot be reset".
func (s Subject) pastParticiple() string {
	if s.revert() {
		return "reverted"
	}
	return "reset"
}

// modeAttribute is the attribute that says what runs afterwards.
func (s Subject) modeAttribute() string {
	if s.revert() {
		return "after_revert"
	}
	return "after_reset"
}

// job names the job, with the snapshot for a revert: `ML job "j"`, `ML
// job "j" to model snapshot "s"`.
func (s Subject) job() string {
	if s.revert() {
		return fmt.Sprintf("ML job %q to model snapshot %q", s.JobID, s.SnapshotID)
	}
	return fmt.Sprintf("ML job %q", s.JobID)
}

// failed is the summary of a failure with no words of its own.
func (s Subject) failed() string {
	if s.revert() {
		return fmt.Sprintf("Revert of %s failed", s.job())
	}
	return fmt.Sprintf("Reset of %s failed", s.job())
}

// operation is the run as every operation's diagnostics name it.
func (s Subject) operation() diagnostics.Operation {
	if s.revert() {
		return diagnostics.Revert(s.JobID, s.SnapshotID)
	}
	return diagnostics.Reset(s.JobID)
}
