package mlreset

import (
	"context"

	"github.com/hashicorp/go-version"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The reset of a transform (DESIGN.md §11), as a flow of the skeleton:
// read its state when after_reset restores it, stop it, reset it, start it
// when after_reset asks. The reset call returns when the reset is done:
// there is no task to follow.

// ObjectTransform is a transform: what a transform reset works on.
const ObjectTransform ObjectKind = "transform"

// TransformResetRequest is one reset of a transform and how to do it.
type TransformResetRequest struct {
	TransformID string
	// ForceStop stops with force, as a transform in state failed needs.
	ForceStop bool
	// AfterReset says what runs once the reset has completed; the zero
	// value means DefaultTransformAfterReset.
	AfterReset TransformAfterReset
}

func (req TransformResetRequest) object() Object {
	return Object{Kind: ObjectTransform, ID: req.TransformID}
}

// TransformGates are the version requirements of a transform reset: the
// API came with 8.1.0, and takes no parameter the provider sends.
var TransformGates = []Gate{{
	Feature: "The transform reset API",
	Minimum: version.Must(version.NewVersion("8.1.0")),
}}

// The steps a transform reset reports are the skeleton's, named for a
// transform; StepReadingState, StepResetting and StepDone keep their names.
const (
	StepStopping     = StepClosing  // stopping the transform (Attempt counts from 1)
	StepStartedAgain = StepReopened // started again before the reset: stop it again
	StepStarting     = StepOpening  // starting the transform after the reset
)

// Warnings of a transform reset, numbered apart from the job reset's so
// that each flow adds kinds without renumbering the others'.
const (
	// WarningFailedTransformLeftStopped: after_reset = "restore", and the
	// transform was failed before the (forced) stop, so it was left
	// stopped.
	WarningFailedTransformLeftStopped WarningKind = iota + 100
)

// ResetTransform resets the transform and returns once the reset, and
// what after_reset asks after it, have completed, failed, or run out of
// time (the context's deadline). Err after ResetCompleted is a failure to
// start the transform again.
func (e *Engine) ResetTransform(ctx context.Context, req TransformResetRequest, progress Progress) Result {
	return e.run(ctx, &transformReset{req: req}, progress)
}

// CheckTransformVersions fails with *VersionError when the cluster is
// known to be too old for a transform reset; serverless and an unknown
// version pass, the latter with a warning.
func (e *Engine) CheckTransformVersions(ctx context.Context, req TransformResetRequest) ([]Warning, error) {
	return checkGates(ctx, e.client, req.object(), TransformGates)
}

// transformReset is the flow of one ResetTransform.
type transformReset struct {
	req TransformResetRequest
	// stateBefore is the transform's state before the stop, read for
	// after_reset = "restore" only.
	stateBefore string
}

func (t *transformReset) object() Object { return t.req.object() }

func (t *transformReset) mode() TransformAfterReset { return t.req.AfterReset.OrDefault() }

func (t *transformReset) checkVersions(ctx context.Context, s *session) error {
	return s.checkGates(ctx, TransformGates)
}

// readBefore reads the transform's state when the mode brings back what
// ran; the other modes need nothing.
func (t *transformReset) readBefore(ctx context.Context, s *session) error {
	if t.mode() != TransformAfterResetRestore {
		return nil
	}
	s.report(Event{Step: StepReadingState})
	stats, err := s.client.TransformStats(ctx, t.req.TransformID)
	if err != nil {
		return err
	}
	t.stateBefore = stats.State
	return nil
}

// stop stops the transform and waits until it has: reset refuses a
// transform with a task. Stopping a stopped transform does nothing, and
// reading its state first would cost a request and still race, so the
// stop is always sent.
func (t *transformReset) stop(ctx context.Context, s *session, attempt int) error {
	s.report(Event{Step: StepStopping, Attempt: attempt})
	return s.client.StopTransform(ctx, t.req.TransformID, t.req.ForceStop)
}

// operate resets the stopped transform, without force: a transform that
// runs again was started by someone since the stop, and is stopped again
// (notStopped) rather than stopped inside the reset.
func (t *transformReset) operate(ctx context.Context, s *session) error {
	s.report(Event{Step: StepResetting})
	return s.client.ResetTransform(ctx, t.req.TransformID)
}

// wait: the reset call returned when the reset was done.
func (t *transformReset) wait(context.Context, *session) error { return nil }

// notStopped: the transform was started between stop and reset.
func (t *transformReset) notStopped(err error) bool { return esclient.IsTransformRunning(err) }

// bringBack starts the transform when the mode and its state before say
// so. Someone else starting it first is as good.
func (t *transformReset) bringBack(ctx context.Context, s *session) error {
	plan := PlanTransformAfterReset(t.mode(), t.stateBefore)
	s.warn(plan.Warnings...)
	if !plan.Start {
		return nil
	}
	s.report(Event{Step: StepStarting})
	err := s.client.StartTransform(ctx, t.req.TransformID)
	if esclient.IsTransformAlreadyStarted(err) {
		return nil
	}
	return err
}

// runningTask: a transform reset runs as no task the user could follow.
func (t *transformReset) runningTask(context.Context, *session) string { return "" }

// transformMessage says what a step of a transform reset is.
func (e Event) transformMessage() string {
	switch e.Step {
	case StepReadingState:
		return "Reading the transform's state, to bring it back after the reset"
	case StepStopping:
		return "Stopping the transform"
	case StepStartedAgain:
		return "The transform was started again before the reset; stopping it again"
	case StepResetting:
		return "Resetting the transform"
	case StepStarting:
		return "Starting the transform again"
	case StepDone:
		return "Reset ended"
	}
	return "Reset step"
}
