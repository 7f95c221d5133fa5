package mlreset

import "github.com/esops/terraform-provider-elasticsearch/internal/esclient"

// What a transform reset leaves running (DESIGN.md §11). The reset itself
// leaves the transform stopped: it was stopped for the reset.

// TransformAfterReset says what runs once a transform's reset has
// completed.
type TransformAfterReset string

const (
	// TransformAfterResetStopped does nothing more: the transform stays
	// stopped, as the reset leaves it. The default; the zero value means
	// it too.
	TransformAfterResetStopped TransformAfterReset = "stopped"
	// TransformAfterResetRestore starts the transform again if it was
	// running before the stop.
	TransformAfterResetRestore TransformAfterReset = "restore"
	// TransformAfterResetStarted starts it whatever its state before.
	TransformAfterResetStarted TransformAfterReset = "started"
)

// DefaultTransformAfterReset is after_reset when nothing is said.
const DefaultTransformAfterReset = TransformAfterResetStopped

// transformModes are the values a transform reset's after_reset takes.
var transformModes = modeSet[TransformAfterReset]{DefaultTransformAfterReset, TransformAfterResetRestore, TransformAfterResetStarted}

// TransformModes are the values a transform reset's after_reset takes, the
// default first.
func TransformModes() []string { return transformModes.strings() }

// OrDefault is m, or DefaultTransformAfterReset when m is unset.
func (m TransformAfterReset) OrDefault() TransformAfterReset { return transformModes.orDefault(m) }

// TransformPlan is what to do once a transform's reset has completed.
type TransformPlan struct {
	Start    bool
	Warnings []Warning
}

// PlanTransformAfterReset decides, from the mode and the transform's state
// before the stop (read only for restore), whether to start the transform
// again. It reads nothing and sends nothing, so every combination is
// tested.
func PlanTransformAfterReset(mode TransformAfterReset, stateBefore string) TransformPlan {
	switch mode.OrDefault() {
	case TransformAfterResetStarted:
		return TransformPlan{Start: true}
	case TransformAfterResetRestore:
		if (esclient.TransformStats{State: stateBefore}).Running() {
			// started, indexing, or waiting for a node: it ran.
			return TransformPlan{Start: true}
		}
		if stateBefore == esclient.TransformFailed {
			// Stopped by force; starting it again would hide why it
			// failed.
			return TransformPlan{Warnings: []Warning{{Kind: WarningFailedTransformLeftStopped}}}
		}
		// stopped: nothing ran. stopping, aborting: someone was stopping
		// it, and stopped is what they wanted.
	}
	return TransformPlan{}
}

// TransformRunsAfterReset says whether a transform in state before the
// reset runs after it under mode: what PlanTransformAfterReset decides,
// for the plan to say.
func TransformRunsAfterReset(mode TransformAfterReset, state string) bool {
	return PlanTransformAfterReset(mode, state).Start
}
