// Package jobid is Elasticsearch's rule for anomaly-detection job ids,
// shared by everything that takes one, so that a typo fails at plan time
// and costs no request.
package jobid

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Pattern is MlStrings.isValidId: lowercase letters, digits, '-', '_' and
// '.', starting and ending with a letter or digit.
var Pattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_.\-]*[a-z0-9])?$`)

// MaxLength is Elasticsearch's limit for job ids.
const MaxLength = 64

// CharactersRule says Pattern in words, for error messages and docs.
const CharactersRule = "may contain only lowercase letters (a-z), digits (0-9), hyphens, underscores and dots, and must start and end with a letter or digit"

// Validators check a job_id attribute in a schema.
func Validators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, MaxLength),
		stringvalidator.RegexMatches(Pattern, "is not a valid Elasticsearch job id: it "+CharactersRule),
	}
}

// Problem returns why id is not a valid job id, or "" when it is; for ids
// no schema validator sees (import ids, tokens of an id expression).
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
