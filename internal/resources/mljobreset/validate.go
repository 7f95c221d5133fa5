package mljobreset

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Elasticsearch's rule for job ids (MlStrings.isValidId plus the length
// limit of job ids), checked at plan time so a typo costs no request.
var jobIDPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_.\-]*[a-z0-9])?$`)

const maxJobIDLength = 64

// validJobID returns why id is not a valid job id, or "" when it is.
func validJobID(id string) string {
	switch {
	case id == "":
		return "it is empty"
	case len(id) > maxJobIDLength:
		return fmt.Sprintf("it is %d characters long; the limit is %d", len(id), maxJobIDLength)
	case !jobIDPattern.MatchString(id):
		return "it may contain only lowercase letters (a-z), digits (0-9), hyphens, underscores and dots, and must start and end with a letter or digit"
	}
	return ""
}

type jobIDValidator struct{}

func (jobIDValidator) Description(context.Context) string {
	return "must be a valid Elasticsearch job id"
}

func (v jobIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (jobIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if why := validJobID(req.ConfigValue.ValueString()); why != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid job id",
			fmt.Sprintf("%q is not a valid Elasticsearch job id: %s.", req.ConfigValue.ValueString(), why))
	}
}
