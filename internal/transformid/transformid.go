// Package transformid is Elasticsearch's rule for transform ids, shared by
// everything that takes one, so that a typo fails at plan time and costs
// no request.
package transformid

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
)

// MaxLength is Elasticsearch's limit for transform ids.
const MaxLength = 64

// all names every transform in Elasticsearch's APIs, never one.
const all = "_all"

// Problem returns why id is not a valid transform id, or "" when it is.
// Elasticsearch allows the characters it allows in ML ids (jobid.Pattern).
func Problem(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case id == all:
		return `"_all" names every transform, not one`
	case len(id) > MaxLength:
		return fmt.Sprintf("it is %d characters long; the limit is %d", len(id), MaxLength)
	case !jobid.Pattern.MatchString(id):
		return "it " + jobid.CharactersRule
	}
	return ""
}

// Validator checks a transform_id attribute in a schema, with Problem's
// words.
func Validator() validator.String { return idValidator{} }

type idValidator struct{}

func (idValidator) Description(context.Context) string {
	return fmt.Sprintf("a transform id: %s; at most %d characters; not %s", jobid.CharactersRule, MaxLength, all)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	if why := Problem(id); why != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid transform id",
			fmt.Sprintf("%q is not a valid Elasticsearch transform id: %s.", id, why))
	}
}
