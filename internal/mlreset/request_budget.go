package mlreset

// The most requests one reset sends (design §8), so that a fleet of
// resets stays gentle on a cluster. Not counted: the cluster-version read
// (once per client), retries, and the polls of a reset run as a task.
var requestBudget = map[AfterReset]int{
	AfterResetClosed:  2, // close, reset
	AfterResetStarted: 5, // job read, close, reset, open, start
	AfterResetRestore: 7, // job stats, datafeed id, datafeed stats, close, reset, open, start
}

// MaxRequests is the request budget of a reset in mode m.
func (m AfterReset) MaxRequests() int {
	if n, ok := requestBudget[m]; ok {
		return n
	}
	return requestBudget[AfterResetClosed]
}

// readsBefore is how many reads mode m makes before the close: the
// datafeed's stats only when there is a datafeed.
func (m AfterReset) readsBefore(hasDatafeed bool) int {
	switch m {
	case AfterResetStarted:
		return 1
	case AfterResetRestore:
		if hasDatafeed {
			return 3
		}
		return 2
	default:
		return 0
	}
}

// requests is how many requests a reset in mode m sends that follows plan.
func (m AfterReset) requests(before Before, plan Plan) int {
	n := m.readsBefore(before.DatafeedID != "") + 2 // close, reset
	if plan.OpenJob {
		n++
	}
	if plan.StartDatafeed != "" {
		n++
	}
	return n
}
