package acctest

import (
	"os"
	"testing"
)

// Go reports a test whose subtests all skipped as passed. A test that runs
// acceptance subtests calls one of these first, so that it skips itself,
// with the same reason, when none of its subtests can run here.

// ParentOfAcceptance is for a test whose subtests are acceptance tests.
func ParentOfAcceptance(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance subtests: set TF_ACC=1 (make test does)")
	}
}

// ParentOfEmulated is for a test whose subtests all need the emulator's
// knobs (NewEmulated).
func ParentOfEmulated(t *testing.T) {
	t.Helper()
	ParentOfAcceptance(t)
	if RealClusterConfigured() {
		t.Skip("every subtest needs the emulator's knobs; skipped against a real cluster")
	}
}
