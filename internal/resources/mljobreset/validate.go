package mljobreset

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Elasticsearch's rule for job ids (MlStrings.isValidId plus the length
// limit of job ids), checked at plan time so a typo costs no request.
var jobIDPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_.\-]*[a-z0-9])?$`)

const maxJobIDLength = 64

const jobIDCharactersRule = "may contain only lowercase letters (a-z), digits (0-9), hyphens, underscores and dots, and must start and end with a letter or digit"

// jobIDValidators check job_id in the schema.
var jobIDValidators = []validator.String{
	stringvalidator.LengthBetween(1, maxJobIDLength),
	stringvalidator.RegexMatches(jobIDPattern, "is not a valid Elasticsearch job id: it "+jobIDCharactersRule),
}

// validJobID returns why id is not a valid job id, or "" when it is; for
// import ids, which no schema validator sees.
func validJobID(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case len(id) > maxJobIDLength:
		return fmt.Sprintf("it is %d characters long; the limit is %d", len(id), maxJobIDLength)
	case !jobIDPattern.MatchString(id):
		return "it " + jobIDCharactersRule
	}
	return ""
}
