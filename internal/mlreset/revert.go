package mlreset

import (
	"context"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The revert of an anomaly-detection job to one of its model snapshots
// (DESIGN.md §10), as a flow: close the job, revert it in one synchronous
// call, then bring back what after_revert asks, as after a reset
// (restart.go).

// RevertRequest is one revert and how to do it.
type RevertRequest struct {
	JobID string
	// SnapshotID is an exact snapshot id, or esclient.EmptyModelSnapshot
	// for a model that has learned nothing.
	SnapshotID string
	// DeleteInterveningResults deletes the results after the snapshot and
	// rewinds the job's latest record time to the snapshot's, so that a
	// datafeed started next replays from there.
	DeleteInterveningResults bool
	// ForceClose closes with force, as a job in state failed needs.
	ForceClose bool
	// AfterRevert says what runs once the revert has completed, with the
	// modes and rules of after_reset; the zero value means
	// DefaultAfterReset.
	AfterRevert AfterReset
	// DatafeedStart is the start time given to a datafeed started after
	// the revert, passed as written; empty: none, so the datafeed resumes
	// where the job stands.
	DatafeedStart string
}

// RevertResult is how a revert ended.
type RevertResult struct {
	Result
	// Snapshot is the model snapshot the job now runs, as the revert
	// answered it; zero unless the revert completed.
	Snapshot esclient.ModelSnapshot
}

// RevertModelSnapshot reverts the job to the snapshot and returns once the
// revert, and what after_revert starts, have completed, failed, or run out
// of time (the context's deadline).
func (e *Engine) RevertModelSnapshot(ctx context.Context, req RevertRequest, progress Progress) RevertResult {
	f := &snapshotRevert{req: req, restart: restart{
		jobID: req.JobID, mode: req.AfterRevert, datafeedStart: req.DatafeedStart, revertedTo: req.SnapshotID,
	}}
	res := e.run(ctx, f, progress)
	return RevertResult{Result: res, Snapshot: f.reverted}
}

// snapshotRevert is the flow of one RevertModelSnapshot. Its readBefore
// and bringBack are restart's.
type snapshotRevert struct {
	req RevertRequest
	restart
	reverted esclient.ModelSnapshot
}

func (r *snapshotRevert) object() Object { return Object{Kind: ObjectJob, ID: r.req.JobID} }

func (r *snapshotRevert) checkVersions(ctx context.Context, s *session) error {
	warnings, err := checkRevert(ctx, s.client, s.object, r.req)
	s.warn(warnings...)
	return err
}

// stop closes the job: Elasticsearch reverts only a closed job. Closing a
// closed job does nothing; closing an open one stops its datafeed first.
func (r *snapshotRevert) stop(ctx context.Context, s *session, attempt int) error {
	s.report(Event{Step: StepClosing, Attempt: attempt})
	return s.client.CloseJob(ctx, r.req.JobID, r.req.ForceClose)
}

// notStopped: the job was re-opened between close and revert.
func (r *snapshotRevert) notStopped(err error) bool { return esclient.IsJobNotClosedForRevert(err) }

// operate reverts the job. The call returns when the revert is done,
// results deleted included: there is no task to follow.
func (r *snapshotRevert) operate(ctx context.Context, s *session) error {
	s.report(Event{Step: StepReverting})
	m, err := s.client.RevertModelSnapshot(ctx, r.req.JobID, r.req.SnapshotID, r.req.DeleteInterveningResults)
	if err != nil {
		return err
	}
	r.reverted = m
	return nil
}

func (r *snapshotRevert) wait(context.Context, *session) error { return nil }

// runningTask asks the job which revert task holds it: a revert cut short
// on our side goes on in Elasticsearch, which blocks the job meanwhile.
func (r *snapshotRevert) runningTask(ctx context.Context, s *session) string {
	job, err := s.client.GetJob(ctx, r.req.JobID)
	if err != nil || job.Blocked == nil || job.Blocked.Reason != esclient.BlockedByRevert {
		return ""
	}
	return job.Blocked.TaskID
}
