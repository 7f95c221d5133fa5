package mlreset

import (
	"context"
	"strings"
	"testing"
)

// The most requests one transform reset sends (DESIGN.md §11): stopped:
// stop, reset; started: stop, reset, start; restore: stats, stop, reset,
// start. Not counted: the version read (once per client).
var transformRequestBudget = map[TransformAfterReset]int{
	"": 2, TransformAfterResetStopped: 2, TransformAfterResetStarted: 3, TransformAfterResetRestore: 4,
}

// What runs before the reset, as the emulator is set up for it.
var transformBudgetCases = []string{"never run", "batch done", "started", "waiting", "failed"}

// The requests each mode sends in each case, counted in the emulator's
// log. The fullest case of each mode fills its budget exactly.
var wantTransformRequests = map[TransformAfterReset]map[string]int{
	"":                         {"never run": 2, "batch done": 2, "started": 2, "waiting": 2, "failed": 2},
	TransformAfterResetStopped: {"never run": 2, "batch done": 2, "started": 2, "waiting": 2, "failed": 2},
	TransformAfterResetStarted: {"never run": 3, "batch done": 3, "started": 3, "waiting": 3, "failed": 3},
	TransformAfterResetRestore: {"never run": 3, "batch done": 3, "started": 4, "waiting": 4, "failed": 3},
}

func TestTransformRequestBudget(t *testing.T) {
	for _, mode := range []TransformAfterReset{"", TransformAfterResetStopped, TransformAfterResetStarted, TransformAfterResetRestore} {
		for _, before := range transformBudgetCases {
			t.Run(string(mode)+"/"+before, func(t *testing.T) {
				e, srv, client := transformEngine(t, "8.19.0")
				putTransform(t, client, "tf", before != "batch done")
				switch before {
				case "batch done", "started":
					runTransform(t, srv, client, "tf")
				case "waiting":
					must(t, srv.SetTransformState("tf", "waiting"))
				case "failed":
					runTransform(t, srv, client, "tf")
					must(t, srv.FailTransform("tf", "boom"))
				}
				srv.ClearRequests()
				res := e.ResetTransform(context.Background(), TransformResetRequest{TransformID: "tf", ForceStop: before == "failed", AfterReset: mode}, nil)
				if res.Err != nil {
					t.Fatal(res.Err)
				}
				sent := work(srv)
				if want, ok := wantTransformRequests[mode][before]; !ok || len(sent) != want {
					t.Fatalf("sent %d requests, want %d:\n%s", len(sent), want, strings.Join(sent, "\n"))
				}
				if len(sent) > transformRequestBudget[mode] {
					t.Fatalf("sent %d requests, over the budget of %d", len(sent), transformRequestBudget[mode])
				}
			})
		}
	}
}
