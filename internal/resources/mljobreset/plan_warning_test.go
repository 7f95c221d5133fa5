package mljobreset

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

func TestWhatIsLost(t *testing.T) {
	earliest := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	latest := time.Date(2024, 2, 1, 12, 30, 0, 0, time.UTC)
	cases := map[string]struct {
		stats esclient.JobStats
		want  string
	}{
		"nothing learned": {esclient.JobStats{}, "It has processed no records yet."},
		"everything": {esclient.JobStats{ProcessedRecordCount: 1234567, EarliestRecord: earliest, LatestRecord: latest, ModelBytes: 3 << 20},
			"It has processed 1,234,567 records from 2024-01-01T00:00:00Z to 2024-02-01T12:30:00Z, and its model takes 3.0 MiB."},
		"no model yet": {esclient.JobStats{ProcessedRecordCount: 999, EarliestRecord: earliest, LatestRecord: earliest},
			"It has processed 999 records from 2024-01-01T00:00:00Z to 2024-01-01T00:00:00Z."},
		"small model": {esclient.JobStats{ProcessedRecordCount: 1000, ModelBytes: 512}, "It has processed 1,000 records, and its model takes 512 bytes."},
	}
	for name, tc := range cases {
		if got := whatIsLost(tc.stats); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", name, got, tc.want)
		}
	}
}

func TestStateAfterReset(t *testing.T) {
	cases := []struct {
		state, mode, want string
	}{
		{"opened", "closed", `It is opened now: the reset closes it, and it stays closed (after_reset = "closed").`},
		{"opened", "restore", `It is opened now: the reset closes it, and after_reset = "restore" opens it again.`},
		{"opening", "restore", `It is opening now: the reset closes it, and after_reset = "restore" opens it again.`},
		{"opened", "started", `It is opened now: the reset closes it, and after_reset = "started" opens it again.`},
		{"failed", "restore", `It is failed now: the reset closes it, and it stays closed (after_reset = "restore").`},
		{"closed", "closed", "It is closed now and stays closed."},
		{"closed", "restore", "It is closed now and stays closed."},
		{"closed", "started", `It is closed now; after_reset = "started" opens it after the reset.`},
	}
	for _, tc := range cases {
		plan := model("j", nil)
		plan.AfterReset = types.StringValue(tc.mode)
		if got := stateAfterReset(tc.state, plan); got != tc.want {
			t.Errorf("%s/%s:\n got %q\nwant %q", tc.state, tc.mode, got, tc.want)
		}
	}
	plan := model("j", nil)
	plan.AfterReset = types.StringUnknown()
	if got := stateAfterReset("opened", plan); got != "It is opened now; whether it runs again after the reset depends on after_reset, known after apply." {
		t.Errorf("unknown after_reset: %q", got)
	}
}
