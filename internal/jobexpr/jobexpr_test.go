package jobexpr

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"a":               "a",
		"a, b ,c":         "a,b,c",
		"checkout,,web-*": "checkout,web-*",
		" _all ":          "_all",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidator(t *testing.T) {
	for expr, valid := range map[string]bool{
		"a": true, "web-*,checkout": true, "_all": true, "*": true,
		"": false, " , ": false, "Web": false, "a/b": false, "a b": false, "a?": false,
	} {
		resp := &validator.StringResponse{}
		Validator().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("job_id"), ConfigValue: types.StringValue(expr)}, resp)
		if resp.Diagnostics.HasError() == valid {
			t.Errorf("%q: valid = %v, diagnostics %v", expr, valid, resp.Diagnostics)
		}
	}
}
