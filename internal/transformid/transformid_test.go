package transformid

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Valid or not, as Elasticsearch's TransformStrings decides.
var cases = map[string]bool{
	"a": true, "ecommerce-by-customer_v2.1": true, "0": true, strings.Repeat("a", 64): true, "all": true,
	"": false, strings.Repeat("a", 65): false, "Upper": false, "-x": false, "x-": false, "x_": false,
	".x": false, "a b": false, "a/b": false, "é": false, "a*": false, "a,b": false, "_all": false,
}

func TestProblem(t *testing.T) {
	for id, valid := range cases {
		if got := Problem(id) == ""; got != valid {
			t.Errorf("Problem(%q) valid = %v, want %v", id, got, valid)
		}
	}
	if got := Problem("_all"); !strings.Contains(got, "every transform") {
		t.Errorf("_all: %q", got)
	}
	if got := Problem(strings.Repeat("a", 65)); got != "it is 65 characters long; the limit is 64" {
		t.Errorf("too long: %q", got)
	}
}

// The schema validators and Problem agree on every case, and the error
// names the attribute, the id and why.
func TestValidators(t *testing.T) {
	for id, valid := range cases {
		resp := &validator.StringResponse{}
		for _, v := range Validators() {
			v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("transform_id"), ConfigValue: types.StringValue(id)}, resp)
		}
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid %v, diagnostics %v", id, valid, resp.Diagnostics)
			continue
		}
		if !valid {
			d := resp.Diagnostics.Errors()[0]
			if d.Summary() != "Invalid transform id" || !strings.HasPrefix(d.Detail(), "transform_id is not a valid Elasticsearch transform id") ||
				!strings.Contains(d.Detail(), Problem(id)) {
				t.Errorf("%q: %s: %s", id, d.Summary(), d.Detail())
			}
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		resp := &validator.StringResponse{}
		Validator().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("transform_id"), ConfigValue: v}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%s: %v", v, resp.Diagnostics)
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
