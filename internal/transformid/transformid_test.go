package transformid

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var cases = map[string]bool{
	"a": true, "ecommerce-by-customer_v2.1": true, "0": true, strings.Repeat("a", 64): true,
	"": false, strings.Repeat("a", 65): false, "Upper": false, "-x": false, "x-": false,
	"x_": false, ".x": false, "a b": false, "a/b": false, "é": false, "a*": false, "a,b": false, "_all": false,
}

func TestProblem(t *testing.T) {
	for id, valid := range cases {
		if got := Problem(id) == ""; got != valid {
			t.Errorf("Problem(%q) valid = %v, want %v", id, got, valid)
		}
	}
}

// The schema validators and Problem agree on every case.
func TestValidators(t *testing.T) {
	for id, valid := range cases {
		var failed bool
		for _, v := range Validators() {
			resp := &validator.StringResponse{}
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("transform_id"), ConfigValue: types.StringValue(id)}, resp)
			failed = failed || resp.Diagnostics.HasError()
		}
		if failed == valid {
			t.Errorf("validators on %q: failed = %v, want valid = %v", id, failed, valid)
		}
	}
}

// Problem agrees, on any input, with the rule written out by hand,
// character by character; and never panics.
func FuzzProblem(f *testing.F) {
	for _, seed := range []string{"a", "tf-1", "Upper", "-x", "x.", "", "_all", strings.Repeat("z", 70), "a\x00b", "日本", "a.b_c-d", "a\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if got, want := Problem(id) == "", followsRule(id); got != want {
			t.Fatalf("Problem(%q) valid = %v, want %v", id, got, want)
		}
	})
}

func followsRule(id string) bool {
	if id == "" || len(id) > MaxLength || id == "_all" {
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
