package mlreset

import (
	"context"
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Bringing the job and its datafeed back after the operation (DESIGN.md
// §4): read what ran before the close, then open and start what
// PlanAfterReset says. The job reset and the revert to a model snapshot
// both close the job first, so both bring it back the same way (restart).

// AfterResetError is a failure after the operation (a reset, or a revert)
// had completed: only opening the job or starting its datafeed failed.
// It wraps Elasticsearch's error, so esclient's predicates still apply.
type AfterResetError struct {
	JobID string
	// DatafeedID is set when starting the datafeed failed; empty when
	// opening the job did.
	DatafeedID string
	// SnapshotID is the model snapshot the job was reverted to; empty
	// after a reset.
	SnapshotID string
	Err        error
}

func (e *AfterResetError) Error() string {
	done := fmt.Sprintf("the reset of job %q", e.JobID)
	if e.SnapshotID != "" {
		done = fmt.Sprintf("the revert of job %q to model snapshot %q", e.JobID, e.SnapshotID)
	}
	if e.DatafeedID != "" {
		return fmt.Sprintf("%s completed, but starting datafeed %q failed: %v", done, e.DatafeedID, e.Err)
	}
	return fmt.Sprintf("%s completed, but opening it failed: %v", done, e.Err)
}

func (e *AfterResetError) Unwrap() error { return e.Err }

// restart is a flow's readBefore and bringBack for a job it closes.
type restart struct {
	jobID string
	// mode is after_reset (or after_revert), the default when unset.
	mode          AfterReset
	datafeedStart string
	// revertedTo is the snapshot a revert went back to, for
	// AfterResetError; empty for a reset.
	revertedTo string
	// before is what ran before the close.
	before Before
}

// readBefore reads what the mode needs to know before the close: restore
// the job's state, its datafeed and the datafeed's state; started only the
// datafeed's id; closed nothing.
func (r *restart) readBefore(ctx context.Context, s *session) error {
	mode := r.mode.OrDefault()
	if mode == AfterResetClosed {
		return nil
	}
	s.report(Event{Step: StepReadingState})
	if mode == AfterResetRestore {
		stats, err := s.client.JobStats(ctx, r.jobID)
		if err != nil {
			return err
		}
		r.before.JobState = stats.State
	}
	id, err := s.client.JobDatafeedID(ctx, r.jobID)
	if err != nil {
		return err
	}
	r.before.DatafeedID = id
	if mode != AfterResetRestore || id == "" {
		return nil
	}
	df, err := s.client.DatafeedStats(ctx, id)
	switch {
	case esclient.IsDatafeedNotFound(err):
		// Deleted since the job named it: nothing to bring back.
		r.before.DatafeedID = ""
	case err != nil:
		return err
	default:
		r.before.Datafeed = df
	}
	return nil
}

// bringBack opens the job and starts its datafeed as the mode and what ran
// before say. Someone else opening or starting them first is as good.
func (r *restart) bringBack(ctx context.Context, s *session) error {
	plan := PlanAfterReset(r.jobID, r.mode.OrDefault(), r.before)
	s.warn(plan.Warnings...)
	if plan.OpenJob {
		s.report(Event{Step: StepOpening})
		a, err := s.client.OpenJob(ctx, r.jobID)
		switch {
		case esclient.IsAlreadyOpened(err):
		case err != nil:
			return &AfterResetError{JobID: r.jobID, SnapshotID: r.revertedTo, Err: err}
		case a.AwaitingNode:
			s.warn(Warning{Kind: WarningAwaitingNode})
		}
	}
	if plan.StartDatafeed != "" {
		s.report(Event{Step: StepStartingDatafeed, DatafeedID: plan.StartDatafeed})
		_, err := s.client.StartDatafeed(ctx, plan.StartDatafeed, r.datafeedStart)
		if err != nil && !esclient.IsAlreadyStarted(err) {
			return &AfterResetError{JobID: r.jobID, DatafeedID: plan.StartDatafeed, SnapshotID: r.revertedTo, Err: err}
		}
	}
	return nil
}

// The job reset's steps, through restart. jobReset keeps what it read
// before the close (its before field) between the two.

// mode is the request's after_reset, the default when unset.
func (j *jobReset) mode() AfterReset {
	return j.req.AfterReset.OrDefault()
}

func (j *jobReset) restart() *restart {
	return &restart{jobID: j.req.JobID, mode: j.mode(), datafeedStart: j.req.DatafeedStart, before: j.before}
}

func (j *jobReset) readBefore(ctx context.Context, s *session) error {
	r := j.restart()
	err := r.readBefore(ctx, s)
	j.before = r.before
	return err
}

func (j *jobReset) bringBack(ctx context.Context, s *session) error {
	return j.restart().bringBack(ctx, s)
}
