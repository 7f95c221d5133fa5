package mlreset

import (
	"context"
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Bringing the job and its datafeed back after the reset (DESIGN.md §4):
// the job reset's readBefore and bringBack. Read what ran before the
// close, then open and start what PlanAfterReset says.

// AfterResetError is a failure after the reset had completed: the job
// starts over either way, only opening it or starting its datafeed failed.
// It wraps Elasticsearch's error, so esclient's predicates still apply.
type AfterResetError struct {
	JobID string
	// DatafeedID is set when starting the datafeed failed; empty when
	// opening the job did.
	DatafeedID string
	Err        error
}

func (e *AfterResetError) Error() string {
	if e.DatafeedID != "" {
		return fmt.Sprintf("the reset of job %q completed, but starting datafeed %q failed: %v", e.JobID, e.DatafeedID, e.Err)
	}
	return fmt.Sprintf("the reset of job %q completed, but opening it failed: %v", e.JobID, e.Err)
}

func (e *AfterResetError) Unwrap() error { return e.Err }

// mode is the request's after_reset, the default when unset.
func (j *jobReset) mode() AfterReset {
	return j.req.AfterReset.OrDefault()
}

// readBefore reads what the mode needs to know before the close: restore
// the job's state, its datafeed and the datafeed's state; started only the
// datafeed's id; closed nothing.
func (j *jobReset) readBefore(ctx context.Context, s *session) error {
	mode := j.mode()
	if mode == AfterResetClosed {
		return nil
	}
	s.report(Event{Step: StepReadingState})
	if mode == AfterResetRestore {
		stats, err := s.client.JobStats(ctx, j.req.JobID)
		if err != nil {
			return err
		}
		j.before.JobState = stats.State
	}
	id, err := s.client.JobDatafeedID(ctx, j.req.JobID)
	if err != nil {
		return err
	}
	j.before.DatafeedID = id
	if mode != AfterResetRestore || id == "" {
		return nil
	}
	df, err := s.client.DatafeedStats(ctx, id)
	switch {
	case esclient.IsDatafeedNotFound(err):
		// Deleted since the job named it: nothing to bring back.
		j.before.DatafeedID = ""
	case err != nil:
		return err
	default:
		j.before.Datafeed = df
	}
	return nil
}

// bringBack opens the job and starts its datafeed as the mode and what ran
// before say. Someone else opening or starting them first is as good.
func (j *jobReset) bringBack(ctx context.Context, s *session) error {
	plan := PlanAfterReset(j.req.JobID, j.mode(), j.before)
	s.warn(plan.Warnings...)
	if plan.OpenJob {
		s.report(Event{Step: StepOpening})
		a, err := s.client.OpenJob(ctx, j.req.JobID)
		switch {
		case esclient.IsAlreadyOpened(err):
		case err != nil:
			return &AfterResetError{JobID: j.req.JobID, Err: err}
		case a.AwaitingNode:
			s.warn(Warning{Kind: WarningAwaitingNode})
		}
	}
	if plan.StartDatafeed != "" {
		s.report(Event{Step: StepStartingDatafeed, DatafeedID: plan.StartDatafeed})
		_, err := s.client.StartDatafeed(ctx, plan.StartDatafeed, j.req.DatafeedStart)
		if err != nil && !esclient.IsAlreadyStarted(err) {
			return &AfterResetError{JobID: j.req.JobID, DatafeedID: plan.StartDatafeed, Err: err}
		}
	}
	return nil
}
