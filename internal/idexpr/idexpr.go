// Package idexpr is Elasticsearch's id expression (ids, wildcards, comma
// lists, "_all"), as the data sources and the list resource take it: one
// rule for anomaly-detection jobs (whose expressions also name groups) and
// transforms, each kind in its own words.
package idexpr

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Kind is what an expression names, as its diagnostics word it.
type Kind struct {
	// Noun is one thing the expression matches: "job".
	Noun string
	// Tokens lists what a token may be, in the plural: "job ids, group
	// names and wildcards"; Token in the singular, after "a".
	Tokens, Token string
	// Attribute is the attribute that holds the expression.
	Attribute string
	// MustMatch names the tokens that must match even with
	// allow_no_match: "Exact ids and group names".
	MustMatch string
}

// Jobs are anomaly-detection jobs: by id, group name or wildcard over both.
var Jobs = Kind{
	Noun: "job", Tokens: "job ids, group names and wildcards", Token: "job id, group name or wildcard",
	Attribute: "job_id", MustMatch: "Exact ids and group names",
}

// Transforms are transforms: by id or wildcard.
var Transforms = Kind{
	Noun: "transform", Tokens: "transform ids and wildcards", Token: "transform id or wildcard",
	Attribute: "transform_id", MustMatch: "Exact ids",
}

// tokenPattern is what one token of an id expression may hold: the
// characters of job and transform ids and of group names, plus the
// wildcard "*". Anything else (a space inside, '/', '?') matches nothing
// and would change the request's URL.
var tokenPattern = regexp.MustCompile(`^[a-z0-9_.*\-]+$`)

// tokens splits an expression as Elasticsearch does: on commas, each token
// trimmed, empty ones dropped.
func tokens(expr string) []string {
	var out []string
	for _, t := range strings.Split(expr, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// All is the expression of everything, what an omitted expression means.
const All = "_all"

// Normalize is the expression as sent: the same tokens, without the
// spaces a configuration may put after its commas.
func Normalize(expr string) string { return strings.Join(tokens(expr), ",") }

// Validator rejects at plan time an expression that could match nothing
// of the kind, so that a typo costs no request.
func (k Kind) Validator() validator.String { return expressionValidator{k} }

type expressionValidator struct{ kind Kind }

func (v expressionValidator) Description(context.Context) string {
	return "a comma-separated list of " + v.kind.Tokens
}

func (v expressionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v expressionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	k := v.kind
	summary := "Invalid " + k.Noun + " id expression"
	expr := req.ConfigValue.ValueString()
	toks := tokens(expr)
	if len(toks) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, summary,
			fmt.Sprintf("%q names no %s: leave %s out, or set it to \"_all\", to read every %s.", expr, k.Noun, k.Attribute, k.Noun))
		return
	}
	for _, t := range toks {
		if !tokenPattern.MatchString(t) {
			resp.Diagnostics.AddAttributeError(req.Path, summary,
				fmt.Sprintf("%q in %q is not a %s: these hold only lowercase letters (a-z), digits (0-9), "+
					"hyphens, underscores, dots and \"*\", and are separated by commas.", t, expr, k.Token))
		}
	}
}

// NoMatchDetail explains Elasticsearch's "no such job" or "no such
// transform" for an expression: exact tokens must match even with
// allow_no_match.
func (k Kind) NoMatchDetail(err error) string {
	return fmt.Sprintf("%v\n\n%s must match a %s even with allow_no_match = true; "+
		"a wildcard such as %q matches nothing without an error unless allow_no_match = false.", err, k.MustMatch, k.Noun, "web-*")
}
