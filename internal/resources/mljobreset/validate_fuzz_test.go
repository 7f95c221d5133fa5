package mljobreset

import (
	"regexp"
	"strings"
	"testing"
)

func TestValidJobID(t *testing.T) {
	for id, valid := range map[string]bool{
		"a": true, "web-latency_v2.1": true, "0": true, strings.Repeat("a", 64): true,
		"": false, strings.Repeat("a", 65): false, "Upper": false, "-x": false, "x-": false,
		"x_": false, ".x": false, "a b": false, "a/b": false, "é": false, "a*": false, "_all": false,
	} {
		if got := validJobID(id) == ""; got != valid {
			t.Errorf("validJobID(%q) valid = %v, want %v", id, got, valid)
		}
	}
}

// The validator agrees with a plain reading of Elasticsearch's rule on any
// input, and never panics.
func FuzzValidJobID(f *testing.F) {
	for _, seed := range []string{"a", "web-latency", "Upper", "-x", "x.", "", strings.Repeat("z", 70), "a\x00b", "日本"} {
		f.Add(seed)
	}
	rule := regexp.MustCompile(`^[a-z0-9]([a-z0-9_.-]*[a-z0-9])?$`)
	f.Fuzz(func(t *testing.T, id string) {
		want := len(id) <= 64 && rule.MatchString(id)
		if got := validJobID(id) == ""; got != want {
			t.Fatalf("validJobID(%q) valid = %v, want %v", id, got, want)
		}
	})
}
