package mlreset

import (
	"slices"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

func TestTransformModes(t *testing.T) {
	if got := TransformModes(); !slices.Equal(got, []string{"stopped", "restore", "started"}) {
		t.Fatalf("modes %q", got)
	}
	if DefaultTransformAfterReset != "stopped" || TransformAfterReset("").OrDefault() != "stopped" || TransformAfterResetStarted.OrDefault() != "started" {
		t.Fatalf("default %q", DefaultTransformAfterReset)
	}
}

// Whether the transform is started after the reset, by mode (rows) and its
// state before the stop (columns, in transformStates' order).
var transformStates = []string{
	esclient.TransformStopped, esclient.TransformStarted, esclient.TransformIndexing, esclient.TransformWaiting,
	esclient.TransformStopping, esclient.TransformAborting, esclient.TransformFailed,
}

func TestPlanTransformAfterReset(t *testing.T) {
	want := map[TransformAfterReset][7]bool{
		"":                         {false, false, false, false, false, false, false},
		TransformAfterResetStopped: {false, false, false, false, false, false, false},
		TransformAfterResetRestore: {false, true, true, true, false, false, false},
		TransformAfterResetStarted: {true, true, true, true, true, true, true},
	}
	for mode, row := range want {
		for i, state := range transformStates {
			plan := PlanTransformAfterReset(mode, state)
			if plan.Start != row[i] || TransformRunsAfterReset(mode, state) != row[i] {
				t.Errorf("%q, transform %s: start %v, want %v", mode, state, plan.Start, row[i])
			}
			// Only restore leaves a failed transform stopped, and says so.
			warns := mode == TransformAfterResetRestore && state == esclient.TransformFailed
			if got := len(plan.Warnings) == 1 && plan.Warnings[0].Kind == WarningFailedTransformLeftStopped; got != warns || len(plan.Warnings) > 1 {
				t.Errorf("%q, transform %s: warnings %+v, want the failed warning %v", mode, state, plan.Warnings, warns)
			}
		}
	}
}
