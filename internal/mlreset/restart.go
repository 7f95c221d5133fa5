package mlreset

import (
	"context"
	"fmt"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Bringing the job and its datafeed back after the reset (design §8): read
// what ran before the close, then open and start what PlanAfterReset says.

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
func (r *run) mode() AfterReset {
	return r.req.AfterReset.OrDefault()
}

// readBefore reads what the mode needs to know before the close: restore
// the job's state, its datafeed and the datafeed's state; started only the
// datafeed's id; closed nothing.
func (r *run) readBefore(ctx context.Context) (Before, error) {
	var before Before
	mode := r.mode()
	if mode == AfterResetClosed {
		return before, nil
	}
	r.report(Event{Step: StepReadingState})
	if mode == AfterResetRestore {
		stats, err := r.client.JobStats(ctx, r.req.JobID)
		if err != nil {
			return before, err
		}
		before.JobState = stats.State
	}
	id, err := r.client.JobDatafeedID(ctx, r.req.JobID)
	if err != nil {
		return before, err
	}
	before.DatafeedID = id
	if mode != AfterResetRestore || id == "" {
		return before, nil
	}
	df, err := r.client.DatafeedStats(ctx, id)
	switch {
	case esclient.IsDatafeedNotFound(err):
		// Deleted since the job named it: nothing to bring back.
		before.DatafeedID = ""
	case err != nil:
		return before, err
	default:
		before.Datafeed = df
	}
	return before, nil
}

// afterReset opens the job and starts its datafeed as the mode and what ran
// before say. Someone else opening or starting them first is as good.
func (r *run) afterReset(ctx context.Context, before Before) error {
	plan := PlanAfterReset(r.req.JobID, r.mode(), before)
	r.warnings = append(r.warnings, plan.Warnings...)
	if plan.OpenJob {
		r.report(Event{Step: StepOpening})
		a, err := r.client.OpenJob(ctx, r.req.JobID)
		switch {
		case esclient.IsAlreadyOpened(err):
		case err != nil:
			return &AfterResetError{JobID: r.req.JobID, Err: err}
		case a.AwaitingNode:
			r.warnings = append(r.warnings, Warning{Kind: WarningAwaitingNode, JobID: r.req.JobID})
		}
	}
	if plan.StartDatafeed != "" {
		r.report(Event{Step: StepStartingDatafeed, DatafeedID: plan.StartDatafeed})
		_, err := r.client.StartDatafeed(ctx, plan.StartDatafeed, r.req.DatafeedStart)
		if err != nil && !esclient.IsAlreadyStarted(err) {
			return &AfterResetError{JobID: r.req.JobID, DatafeedID: plan.StartDatafeed, Err: err}
		}
	}
	return nil
}
