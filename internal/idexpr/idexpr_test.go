package idexpr

import (
	"context"
	"errors"
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

func validate(k Kind, expr string) []string {
	resp := &validator.StringResponse{}
	k.Validator().ValidateString(context.Background(), validator.StringRequest{Path: path.Root(k.Attribute), ConfigValue: types.StringValue(expr)}, resp)
	var details []string
	for _, d := range resp.Diagnostics.Errors() {
		details = append(details, d.Summary()+": "+d.Detail())
	}
	return details
}

// Jobs and transforms take the same tokens.
func TestValidator(t *testing.T) {
	for expr, valid := range map[string]bool{
		"a": true, "web-*,checkout": true, "_all": true, "*": true,
		"": false, " , ": false, "Web": false, "a/b": false, "a b": false, "a?": false,
	} {
		for _, k := range []Kind{Jobs, Transforms} {
			if details := validate(k, expr); (len(details) == 0) != valid {
				t.Errorf("%s %q: valid = %v, diagnostics %q", k.Noun, expr, valid, details)
			}
		}
	}
}

// Each kind words its diagnostics in its own terms.
func TestWording(t *testing.T) {
	cases := []struct {
		kind          Kind
		empty, badTok string
		noMatch       string
	}{
		{
			Jobs,
			`Invalid job id expression: " , " names no job: leave job_id out, or set it to "_all", to read every job.`,
			`Invalid job id expression: "a/b" in "x,a/b" is not a job id, group name or wildcard: these hold only lowercase letters (a-z), digits (0-9), hyphens, underscores, dots and "*", and are separated by commas.`,
			"no such thing\n\nExact ids and group names must match a job even with allow_no_match = true; a wildcard such as \"web-*\" matches nothing without an error unless allow_no_match = false.",
		},
		{
			Transforms,
			`Invalid transform id expression: " , " names no transform: leave transform_id out, or set it to "_all", to read every transform.`,
			`Invalid transform id expression: "a/b" in "x,a/b" is not a transform id or wildcard: these hold only lowercase letters (a-z), digits (0-9), hyphens, underscores, dots and "*", and are separated by commas.`,
			"no such thing\n\nExact ids must match a transform even with allow_no_match = true; a wildcard such as \"web-*\" matches nothing without an error unless allow_no_match = false.",
		},
	}
	for _, tc := range cases {
		if got := validate(tc.kind, " , "); len(got) != 1 || got[0] != tc.empty {
			t.Errorf("%s, empty: got %q, want %q", tc.kind.Noun, got, tc.empty)
		}
		if got := validate(tc.kind, "x,a/b"); len(got) != 1 || got[0] != tc.badTok {
			t.Errorf("%s, bad token: got %q, want %q", tc.kind.Noun, got, tc.badTok)
		}
		if got := tc.kind.NoMatchDetail(errors.New("no such thing")); got != tc.noMatch {
			t.Errorf("%s, no match: got %q, want %q", tc.kind.Noun, got, tc.noMatch)
		}
	}
}
