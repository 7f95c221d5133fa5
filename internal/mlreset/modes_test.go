package mlreset

import (
	"errors"
	"slices"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

func TestModes(t *testing.T) {
	if got := Modes(); !slices.Equal(got, []string{"closed", "restore", "started"}) {
		t.Fatalf("modes %q", got)
	}
	if DefaultAfterReset != "closed" || AfterReset("").OrDefault() != "closed" || AfterResetStarted.OrDefault() != "started" {
		t.Fatalf("default %q", DefaultAfterReset)
	}
}

func TestCheckDatafeedStart(t *testing.T) {
	for mode, refused := range map[AfterReset]bool{"": true, "closed": true, "restore": false, "started": false} {
		if err := CheckDatafeedStart(mode); errors.Is(err, ErrDatafeedStartUnused) != refused {
			t.Errorf("%q: got %v, want refused %v", mode, err, refused)
		}
	}
}

// Which jobs run again after the reset, by mode (rows) and the job's state
// before it: opened, opening, closed, closing, failed.
func TestJobRunsAfterReset(t *testing.T) {
	states := []string{esclient.JobOpened, esclient.JobOpening, esclient.JobClosed, esclient.JobClosing, esclient.JobFailed}
	want := map[AfterReset][5]bool{
		"":                {false, false, false, false, false},
		AfterResetClosed:  {false, false, false, false, false},
		AfterResetRestore: {true, true, false, false, false},
		AfterResetStarted: {true, true, true, true, true},
	}
	for mode, row := range want {
		for i, state := range states {
			if got := JobRunsAfterReset(mode, state); got != row[i] {
				t.Errorf("%q, job %s: got %v, want %v", mode, state, got, row[i])
			}
		}
	}
}
