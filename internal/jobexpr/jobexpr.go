// Package jobexpr is Elasticsearch's id expression for anomaly-detection
// jobs (ids, group names, wildcards, comma lists), as the jobs data source
// and the list resource take it: one rule, one wording.
package jobexpr

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// tokenPattern is what one token of an id expression may hold: the
// characters of job ids and group names, plus the wildcard "*". Anything
// else (a space inside, '/', '?') matches no job and would change the
// request's URL.
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

// All is the expression of every job, what an omitted job_id means.
const All = "_all"

// Normalize is the expression as sent: the same tokens, without the
// spaces a configuration may put after its commas.
func Normalize(expr string) string { return strings.Join(tokens(expr), ",") }

// Validator rejects at plan time an expression that could match no job,
// so that a typo costs no request.
func Validator() validator.String { return expressionValidator{} }

type expressionValidator struct{}

func (expressionValidator) Description(context.Context) string {
	return "a comma-separated list of job ids, group names and wildcards"
}

func (v expressionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (expressionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	expr := req.ConfigValue.ValueString()
	toks := tokens(expr)
	if len(toks) == 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid job id expression",
			fmt.Sprintf("%q names no job: leave job_id out, or set it to \"_all\", to read every job.", expr))
		return
	}
	for _, t := range toks {
		if !tokenPattern.MatchString(t) {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid job id expression",
				fmt.Sprintf("%q in %q is not a job id, group name or wildcard: these hold only lowercase letters (a-z), digits (0-9), "+
					"hyphens, underscores, dots and \"*\", and are separated by commas.", t, expr))
		}
	}
}

// NoMatchDetail explains Elasticsearch's "no such job" for an expression:
// exact ids and group names must match even with allow_no_match.
func NoMatchDetail(err error) string {
	return fmt.Sprintf("%v\n\nExact ids and group names must match a job even with allow_no_match = true; "+
		"a wildcard such as %q matches nothing without an error unless allow_no_match = false.", err, "web-*")
}
