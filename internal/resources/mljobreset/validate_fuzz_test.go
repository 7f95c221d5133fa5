package mljobreset

import (
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

// The validator agrees, on any input, with the design's rule written out
// by hand, character by character; and never panics.
func FuzzValidJobID(f *testing.F) {
	for _, seed := range []string{"a", "web-latency", "Upper", "-x", "x.", "", strings.Repeat("z", 70), "a\x00b", "日本", "a.b_c-d", "a\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		want := followsJobIDRule(id)
		if got := validJobID(id) == ""; got != want {
			t.Fatalf("validJobID(%q) valid = %v, want %v", id, got, want)
		}
	})
}

// followsJobIDRule is the rule as the design states it: lowercase letters,
// digits, '-', '_' and '.'; starts and ends with a letter or digit; at most
// 64 characters.
func followsJobIDRule(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	alnum := func(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
	for i := 0; i < len(id); i++ {
		if c := id[i]; !alnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return alnum(id[0]) && alnum(id[len(id)-1])
}
