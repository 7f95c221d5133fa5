// Package snapshotid is the rule for the model snapshot id a revert takes
// (DESIGN.md §10), shared by the resource, the action and import, so that
// an id Elasticsearch would read as something else fails at plan time and
// costs no request.
package snapshotid

import (
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// forbidden are what makes an id something else: "*" and "," make it an
// expression of several snapshots, "/" another path, and white space is in
// no snapshot id.
const forbidden = "*,/ \t\n"

// Rule says the rule in words, for error messages and docs.
const Rule = `must be one exact snapshot id (no *, comma, slash or white space), or "empty"`

// Validators check a snapshot_id attribute in a schema.
func Validators() []validator.String {
	return []validator.String{
		stringvalidator.LengthAtLeast(1),
		stringvalidator.NoneOf("_all"),
		stringvalidator.RegexMatches(pattern, "is not a model snapshot id: it "+Rule),
	}
}

// Problem returns why id is not a snapshot id a revert takes, or "" when
// it is; for ids no schema validator sees (import ids).
func Problem(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case id == "_all" || strings.ContainsAny(id, forbidden):
		return "it " + Rule
	}
	return ""
}

// pattern is Problem's rule for the schema: no forbidden character.
var pattern = regexp.MustCompile(`^[^*,/\s]+$`)
