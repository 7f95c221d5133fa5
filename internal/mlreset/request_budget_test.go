package mlreset

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// The most requests one reset sends (DESIGN.md §8), so that a fleet of
// resets stays gentle on a cluster: closed: close, reset; started: job
// read, close, reset, open, start; restore: job stats, datafeed id,
// datafeed stats, close, reset, open, start. Not counted: the version read
// (once per client).
var requestBudget = map[AfterReset]int{"": 2, AfterResetClosed: 2, AfterResetStarted: 5, AfterResetRestore: 7}

// What runs before the reset, as the emulator is set up for it.
type runningBefore struct {
	name     string
	job      string // the job's state
	datafeed string // "", "stopped", "real time" or "lookback"
}

var budgetCases = []runningBefore{
	{"closed job, no datafeed", "closed", ""},
	{"closed job, stopped datafeed", "closed", "stopped"},
	{"opened job, no datafeed", "opened", ""},
	{"opened job, stopped datafeed", "opened", "stopped"},
	{"opened job, real-time datafeed", "opened", "real time"},
	{"opened job, lookback", "opened", "lookback"},
	{"failed job, no datafeed", "failed", ""},
	{"failed job, real-time datafeed", "failed", "real time"},
}

// The requests each mode sends in each case, counted in the emulator's
// log. The fullest case of each mode fills its budget exactly.
var wantRequests = map[AfterReset]map[string]int{
	"": {
		"closed job, no datafeed": 2, "closed job, stopped datafeed": 2,
		"opened job, no datafeed": 2, "opened job, stopped datafeed": 2, "opened job, real-time datafeed": 2, "opened job, lookback": 2,
		"failed job, no datafeed": 2, "failed job, real-time datafeed": 2,
	},
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

func TestRequestBudget(t *testing.T) {
	for _, mode := range []AfterReset{"", AfterResetClosed, AfterResetStarted, AfterResetRestore} {
		for _, tc := range budgetCases {
			t.Run(string(mode)+"/"+tc.name, func(t *testing.T) {
				e, srv := newEngine(t, "8.19.0", 0)
				setUp(t, srv, tc)
				srv.ClearRequests()
				res := e.Reset(context.Background(), Request{JobID: "j", WaitForCompletion: true, ForceClose: tc.job == "failed", AfterReset: mode}, nil)
				if res.Err != nil {
					t.Fatal(res.Err)
				}
				sent := work(srv)
				if want, ok := wantRequests[mode][tc.name]; !ok || len(sent) != want {
					t.Fatalf("sent %d requests, want %d:\n%s", len(sent), want, strings.Join(sent, "\n"))
				}
				if len(sent) > requestBudget[mode] {
					t.Fatalf("sent %d requests, over the budget of %d", len(sent), requestBudget[mode])
				}
			})
		}
	}
}

// setUp makes job "j" (and its datafeed "j-df") run as tc says.
func setUp(t *testing.T, srv *emulator.Server, tc runningBefore) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if tc.datafeed != "" {
		must(srv.PutDatafeed("j-df", "j"))
	}
	if tc.job == "closed" {
		return
	}
	must(srv.OpenJob("j"))
	switch tc.datafeed {
	case "real time":
		must(srv.StartDatafeed("j-df"))
	case "lookback":
		// Held, the lookback is still running when the reset begins.
		t.Cleanup(srv.HoldLookbacks())
		resp, err := http.Post(srv.URL()+"/_ml/datafeeds/j-df/_start?end=now", "application/json", nil)
		must(err)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("starting the lookback: %s", resp.Status)
		}
	}
	if tc.job == "failed" {
		must(srv.SetJobState("j", "failed"))
	}
}
