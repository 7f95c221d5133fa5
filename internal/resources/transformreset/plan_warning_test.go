package transformreset

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

func TestWhatIsLost(t *testing.T) {
	at := time.Date(2026, 2, 1, 12, 30, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		stats esclient.TransformStats
		want  string
	}{
		"nothing yet":          {esclient.TransformStats{}, "It has reached no checkpoint yet."},
		"working on the first": {esclient.TransformStats{DocumentsProcessed: 1500, DocumentsIndexed: 2}, "It has reached no checkpoint yet, and has processed 1,500 documents and indexed 2."},
		"a checkpoint":         {esclient.TransformStats{Checkpoint: 7, CheckpointTime: at, DocumentsProcessed: 1234567, DocumentsIndexed: 1000}, "It has reached checkpoint 7 at 2026-02-01T12:30:00Z, and has processed 1,234,567 documents and indexed 1,000."},
		"no checkpoint time":   {esclient.TransformStats{Checkpoint: 1, DocumentsProcessed: 10, DocumentsIndexed: 3}, "It has reached checkpoint 1, and has processed 10 documents and indexed 3."},
	} {
		if got := whatIsLost(tc.stats); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", name, got, tc.want)
		}
	}
}

func TestStateAfterReset(t *testing.T) {
	plan := func(mode string, force bool) resourceModel {
		return resourceModel{AfterReset: types.StringValue(mode), ForceStop: types.BoolValue(force)}
	}
	for _, tc := range []struct {
		state, mode string
		force       bool
		want        string
	}{
		{"started", "stopped", false, `It is started now: the reset stops it, and it stays stopped (after_reset = "stopped").`},
		{"indexing", "restore", false, `It is indexing now: the reset stops it, and after_reset = "restore" starts it again.`},
		{"waiting", "restore", false, `It is waiting now: the reset stops it, and after_reset = "restore" starts it again.`},
		{"stopping", "restore", false, `It is stopping now: the reset stops it, and it stays stopped (after_reset = "restore").`},
		{"started", "started", false, `It is started now: the reset stops it, and after_reset = "started" starts it again.`},
		{"stopped", "stopped", false, "It is stopped now and stays stopped."},
		{"stopped", "restore", false, "It is stopped now and stays stopped."},
		{"stopped", "started", false, `It is stopped now; after_reset = "started" starts it after the reset.`},
		{"failed", "restore", false, "It is failed now, and stops only by force: the apply fails unless force_stop = true."},
		{"failed", "restore", true, `It is failed now: the reset stops it, and it stays stopped (after_reset = "restore").`},
		{"failed", "started", true, `It is failed now: the reset stops it, and after_reset = "started" starts it again.`},
	} {
		if got := stateAfterReset(tc.state, plan(tc.mode, tc.force)); got != tc.want {
			t.Errorf("%s/%s/%v:\n got %q\nwant %q", tc.state, tc.mode, tc.force, got, tc.want)
		}
	}
	unknown := resourceModel{AfterReset: types.StringUnknown(), ForceStop: types.BoolValue(false)}
	if got := stateAfterReset("started", unknown); got != "It is started now; whether it runs again after the reset depends on after_reset, known after apply." {
		t.Errorf("unknown after_reset: %q", got)
	}
}
