package main

import (
	"os"
	"testing"
)

func TestQuietUnlessAsked(t *testing.T) {
	names := []string{"TF_LOG", "TF_LOG_PATH", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ELASTICSEARCH", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}
	reset := func() {
		for _, n := range names {
			t.Setenv(n, "") // restored when the test ends
			_ = os.Unsetenv(n)
		}
	}

	reset()
	quietUnlessAsked()
	// The provider's own logger reads TF_LOG_PROVIDER_ELASTICSEARCH (after
	// the last part of the address it is served under), and logs
	// everything when that is unset.
	for _, n := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ELASTICSEARCH"} {
		if got := os.Getenv(n); got != "off" {
			t.Errorf("with no TF_LOG*, %s = %q, want off", n, got)
		}
	}

	reset()
	t.Setenv("TF_LOG", "debug")
	quietUnlessAsked()
	if got := os.Getenv("TF_LOG_SDK"); got != "" {
		t.Errorf("with TF_LOG set, TF_LOG_SDK = %q, want it left unset", got)
	}
}
