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
	"a": true, "web-latency_v2.1": true, "0": true, strings.Repeat("a", 64): true, "all": true,
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

// The schema validator and Problem agree on every case, and the error
// names the id and why.
func TestValidator(t *testing.T) {
	for id, valid := range cases {
		resp := &validator.StringResponse{}
		Validator().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("transform_id"), ConfigValue: types.StringValue(id)}, resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid %v, diagnostics %v", id, valid, resp.Diagnostics)
			continue
		}
		if !valid {
			d := resp.Diagnostics.Errors()[0]
			if d.Summary() != "Invalid transform id" || !strings.Contains(d.Detail(), Problem(id)) {
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
