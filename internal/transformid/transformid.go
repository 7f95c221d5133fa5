// Package transformid is Elasticsearch's rule for transform ids, shared by
// everything that takes one (the transform data sources, the transform
// reset resource and action), so that a typo fails at plan time and costs
// no request.
package transformid

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Pattern is TransformStrings.isValidId: lowercase letters, digits, '-',
// '_' and '.', starting and ending with a letter or digit. "_all", which
// Elasticsearch also refuses, cannot match it.
var Pattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_.\-]*[a-z0-9])?$`)

// MaxLength is Elasticsearch's limit for transform ids.
const MaxLength = 64

// CharactersRule says Pattern in words, for error messages and docs.
const CharactersRule = "may contain only lowercase letters (a-z), digits (0-9), hyphens, underscores and dots, and must start and end with a letter or digit"

// all names every transform in Elasticsearch's APIs, never one.
const all = "_all"

// Problem returns why id is not a valid transform id, or "" when it is;
// the schema validator says it, and so does an import, whose id no
// validator sees.
func Problem(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case id == all:
		return `"_all" names every transform, not one`
	case len(id) > MaxLength:
		return fmt.Sprintf("it is %d characters long; the limit is %d", len(id), MaxLength)
	case !Pattern.MatchString(id):
		return "it " + CharactersRule
	}
	return ""
}

// Validators check a transform_id attribute in a schema.
func Validators() []validator.String { return []validator.String{Validator()} }

// Validator checks a transform_id attribute in a schema, with Problem's
// words.
func Validator() validator.String { return idValidator{} }

type idValidator struct{}

func (idValidator) Description(context.Context) string {
	return fmt.Sprintf("a transform id: %s; at most %d characters; not %s", CharactersRule, MaxLength, all)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (idValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	if why := Problem(id); why != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid transform id",
			fmt.Sprintf("%s is not a valid Elasticsearch transform id (%q): %s.", req.Path, id, why))
	}
}
