package resetdiag

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// DatafeedStartNeedsAfterReset refuses a datafeed_start that nothing would
// use: only after_reset restore and started start a datafeed.
func DatafeedStartNeedsAfterReset() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("datafeed_start"), "datafeed_start needs after_reset",
		`datafeed_start is the start time of a datafeed started after the reset, and only after_reset = "restore" or "started" starts one; `+
			`with after_reset = "closed" (the default) the datafeed stays stopped. Set after_reset, or remove datafeed_start.`)
}
