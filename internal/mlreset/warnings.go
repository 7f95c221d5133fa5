package mlreset

// WarningKind is something a user should hear about a reset that still
// went on.
type WarningKind int

const (
	// WarningVersionUnknown: the cluster would not say its version, so no
	// version gate was checked. Detail says why.
	WarningVersionUnknown WarningKind = iota + 1
	// WarningTasksForbidden: the credentials may not read the reset task,
	// so the reset was waited for through the job. Cause is the 403.
	WarningTasksForbidden
	// WarningTaskVanished: Elasticsearch no longer knew the reset task, so
	// the reset was waited for (or re-run) through the job. Cause is the
	// 404.
	WarningTaskVanished
	// WarningLookbackNotRestarted: after_reset = "restore", and the job's
	// datafeed (DatafeedID) was running a lookback with an end, so it was
	// not started again.
	WarningLookbackNotRestarted
	// WarningFailedJobLeftClosed: after_reset = "restore", and the job was
	// failed before the (forced) close, so it was left closed.
	WarningFailedJobLeftClosed
	// WarningDatafeedLeftStopped: after_reset = "restore", and the datafeed
	// (DatafeedID) ran in real time but its job is left closed. Detail is
	// the job's state before the close.
	WarningDatafeedLeftStopped
	// WarningAwaitingNode: the job was opened after the reset, but no ML
	// node has room for it yet; it allows a lazy open, so it waits as
	// opening (and its datafeed as starting).
	WarningAwaitingNode
)

// Warning is one thing to tell the user; the caller words it.
type Warning struct {
	Kind WarningKind
	// Object is what the run worked on; set on every warning a Result
	// or CheckVersions returns.
	Object Object
	// JobID is Object's id when it is a job.
	JobID      string
	TaskID     string
	DatafeedID string
	Detail     string
	Cause      error
}
