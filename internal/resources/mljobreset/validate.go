package mljobreset

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
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

// afterResetModes are the values of after_reset.
var afterResetModes = []string{string(mlreset.AfterResetClosed), string(mlreset.AfterResetRestore), string(mlreset.AfterResetStarted)}

// ValidateConfig refuses a datafeed_start that nothing would use: only
// restore and started start a datafeed.
func (r *jobResetResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var start, mode types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("datafeed_start"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("after_reset"), &mode)...)
	if resp.Diagnostics.HasError() || start.IsNull() || mode.IsUnknown() {
		return
	}
	if mode.IsNull() || mode.ValueString() == string(mlreset.AfterResetClosed) {
		resp.Diagnostics.AddAttributeError(path.Root("datafeed_start"), "datafeed_start needs after_reset",
			`datafeed_start is the start time of a datafeed started after the reset, and only after_reset = "restore" or "started" starts one; `+
				`with after_reset = "closed" (the default) the datafeed stays stopped. Set after_reset, or remove datafeed_start.`)
	}
}
