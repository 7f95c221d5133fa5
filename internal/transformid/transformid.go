// Package transformid is Elasticsearch's rule for transform ids, shared by
// everything that takes one, so that a typo fails at plan time and costs
// no request.
package transformid

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

// Validators check a transform_id attribute in a schema.
func Validators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, MaxLength),
		stringvalidator.RegexMatches(Pattern, "is not a valid Elasticsearch transform id: it "+CharactersRule),
	}
}

// Problem returns why id is not a valid transform id, or "" when it is;
// for ids no schema validator sees (import ids).
func Problem(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case len(id) > MaxLength:
		return fmt.Sprintf("it is %d characters long; the limit is %d", len(id), MaxLength)
	case !Pattern.MatchString(id):
		return "it " + CharactersRule
	}
	return ""
}
