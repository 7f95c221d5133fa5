package mlreset

import (
	"context"
	"strings"
	"testing"
)

// The most requests one revert sends (DESIGN.md §10): closed: close,
// revert; started: job read, close, revert, open, start; restore: job
// stats, datafeed id, datafeed stats, close, revert, open, start. Not
// counted: the version read (once per client).
var revertBudget = map[AfterReset]int{AfterResetClosed: 2, AfterResetStarted: 5, AfterResetRestore: 7}

// The requests each after_revert sends in each case of budgetCases,
// counted in the emulator's log. The fullest case of each fills its
// budget exactly.
var wantRevertRequests = map[AfterReset]map[string]int{
	AfterResetClosed: {
		"closed job, no datafeed": 2, "closed job, stopped datafeed": 2,
		"opened job, no datafeed": 2, "opened job, stopped datafeed": 2, "opened job, real-time datafeed": 2, "opened job, lookback": 2,
		"failed job, no datafeed": 2, "failed job, real-time datafeed": 2,
	},
	AfterResetStarted: {
		"closed job, no datafeed": 4, "closed job, stopped datafeed": 5,
		"opened job, no datafeed": 4, "opened job, stopped datafeed": 5, "opened job, real-time datafeed": 5, "opened job, lookback": 5,
		"failed job, no datafeed": 4, "failed job, real-time datafeed": 5,
	},
	AfterResetRestore: {
		"closed job, no datafeed": 4, "closed job, stopped datafeed": 5,
		"opened job, no datafeed": 5, "opened job, stopped datafeed": 6, "opened job, real-time datafeed": 7, "opened job, lookback": 6,
		"failed job, no datafeed": 4, "failed job, real-time datafeed": 5,
	},
}

func TestRevertRequestBudget(t *testing.T) {
	for _, mode := range []AfterReset{AfterResetClosed, AfterResetStarted, AfterResetRestore} {
		for _, tc := range budgetCases {
			t.Run(string(mode)+"/"+tc.name, func(t *testing.T) {
				e, srv, ids := newRevertEngine(t, "8.19.0", 1)
				setUp(t, srv, tc)
				srv.ClearRequests()
				res := e.RevertModelSnapshot(context.Background(),
					RevertRequest{JobID: "j", SnapshotID: ids[0], ForceClose: tc.job == "failed", AfterRevert: mode}, nil)
				if res.Err != nil {
					t.Fatal(res.Err)
				}
				sent := work(srv)
				if want, ok := wantRevertRequests[mode][tc.name]; !ok || len(sent) != want {
					t.Fatalf("sent %d requests, want %d:\n%s", len(sent), want, strings.Join(sent, "\n"))
				}
				if len(sent) > revertBudget[mode] {
					t.Fatalf("sent %d requests, over the budget of %d", len(sent), revertBudget[mode])
				}
			})
		}
	}
}
