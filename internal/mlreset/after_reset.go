package mlreset

import "github.com/esops/terraform-provider-elasticsearch/internal/esclient"

// AfterReset says what a reset leaves running (DESIGN.md §4). A reset itself
// leaves the job closed and its datafeed stopped: closing the job stopped
// the datafeed.
type AfterReset string

const (
	// AfterResetClosed does nothing more. The default; the zero value
	// means it too, so a Request that does not ask keeps today's two calls.
	AfterResetClosed AfterReset = "closed"
	// AfterResetRestore brings back what ran before the close: the job if
	// it was open, its datafeed if it ran in real time.
	AfterResetRestore AfterReset = "restore"
	// AfterResetStarted opens the job and starts its datafeed in real
	// time, whatever ran before.
	AfterResetStarted AfterReset = "started"
)

// Before is what was read before the close. AfterResetRestore reads all of
// it; AfterResetStarted only the datafeed's id; AfterResetClosed nothing.
type Before struct {
	JobState string
	// DatafeedID is the job's datafeed; empty when it has none.
	DatafeedID string
	Datafeed   esclient.DatafeedStats
}

// Plan is what to do once the reset has completed.
type Plan struct {
	OpenJob bool
	// StartDatafeed is the datafeed to start in real time (no end) after
	// the open; empty: none.
	StartDatafeed string
	Warnings      []Warning
}

// PlanAfterReset decides what to bring back after the reset of jobID. It
// reads nothing and sends nothing, so every combination is tested.
func PlanAfterReset(jobID string, mode AfterReset, before Before) Plan {
	switch mode {
	case AfterResetStarted:
		return Plan{OpenJob: true, StartDatafeed: before.DatafeedID}
	case AfterResetRestore:
		return planRestore(jobID, before)
	default:
		return Plan{}
	}
}

func planRestore(jobID string, before Before) Plan {
	var plan Plan
	switch before.JobState {
	case esclient.JobOpened, esclient.JobOpening:
		plan.OpenJob = true
	case esclient.JobFailed:
		// A failed job was closed with force; opening it again would hide
		// why it failed.
		plan.Warnings = append(plan.Warnings, Warning{Kind: WarningFailedJobLeftClosed, JobID: jobID})
	}
	// closed: nothing ran. closing: someone was closing it, and closed is
	// what they wanted.

	df := before.Datafeed
	ran := before.DatafeedID != "" && (df.State == esclient.DatafeedStarted || df.State == esclient.DatafeedStarting)
	switch {
	case !ran:
	case !df.RunsInRealTime():
		// Started with an end, it would have stopped (and closed its job)
		// by itself; restarting it in real time is not bringing it back.
		plan.Warnings = append(plan.Warnings, Warning{Kind: WarningLookbackNotRestarted, JobID: jobID, DatafeedID: before.DatafeedID})
	case plan.OpenJob:
		plan.StartDatafeed = before.DatafeedID
	default:
		// A datafeed runs only with its job open.
		plan.Warnings = append(plan.Warnings, Warning{Kind: WarningDatafeedLeftStopped, JobID: jobID, DatafeedID: before.DatafeedID, Detail: before.JobState})
	}
	return plan
}
