package resetdiag

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// DatafeedStartNeedsAfterReset refuses a datafeed_start that nothing would
// use: only after_reset restore and started start a datafeed.
func DatafeedStartNeedsAfterReset() diag.Diagnostic {
	return DatafeedStartNeeds("after_reset", "reset")
}

// DatafeedStartNeeds refuses a datafeed_start that nothing would use: only
// modeAttribute (after_reset, after_revert) restore and started start a
// datafeed after the operation (a reset, a revert).
func DatafeedStartNeeds(modeAttribute, operation string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("datafeed_start"), "datafeed_start needs "+modeAttribute,
		fmt.Sprintf(`datafeed_start is the start time of a datafeed started after the %[2]s, and only %[1]s = "restore" or "started" starts one; `+
			`with %[1]s = "closed" (the default) the datafeed stays stopped. Set %[1]s, or remove datafeed_start.`, modeAttribute, operation))
}
