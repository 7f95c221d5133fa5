package resetdiag

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// WarningDiagnostics words what a reset wants the user to know.
// firstVersionWarning says whether this is the first time the provider
// instance tells that the cluster's version is unknown
// (providerdata.Data.FirstVersionWarning): that is said once.
func WarningDiagnostics(warnings []mlreset.Warning, firstVersionWarning func() bool) diag.Diagnostics {
	return WarningDiagnosticsOf(Subject{}, warnings, firstVersionWarning)
}

// WarningDiagnosticsOf words what a run of the kind of s (a reset, or a
// revert) wants the user to know; each warning names its own job.
func WarningDiagnosticsOf(s Subject, warnings []mlreset.Warning, firstVersionWarning func() bool) diag.Diagnostics {
	noun, mode := s.noun(), s.modeAttribute()
	var diags diag.Diagnostics
	for _, w := range warnings {
		switch w.Kind {
		case mlreset.WarningVersionUnknown:
			if firstVersionWarning() {
				diags.AddWarning("Elasticsearch version unknown",
					"The provider cannot check which features the cluster supports, so Elasticsearch itself will reject what it does not support: "+w.Detail)
			}
		case mlreset.WarningTasksForbidden:
			diags.AddWarning("Cannot follow the reset task; waiting through the job instead",
				"Reading task "+w.TaskID+" needs the monitor cluster privilege, which these credentials lack: "+elasticsearchReason(w.Cause)+
					". The provider waits for the reset of job \""+w.JobID+"\" with a blocking reset call instead. "+
					"Grant monitor, or set wait_for_completion = true, to silence this warning.")
		case mlreset.WarningTaskVanished:
			diags.AddWarning("Reset task lost; waiting through the job instead",
				"Elasticsearch no longer knows task "+w.TaskID+": "+elasticsearchReason(w.Cause)+
					". The provider waits for the reset of job \""+w.JobID+"\" with a blocking reset call, which re-runs the reset if it was abandoned (Elasticsearch 8.13 and later).")
		case mlreset.WarningLookbackNotRestarted:
			diags.AddWarning(fmt.Sprintf("Datafeed %q not started again", w.DatafeedID),
				fmt.Sprintf("Datafeed %q of job %q was running a lookback with an end, which stops by itself; %s = \"restore\" starts only datafeeds that ran in real time. "+
					"Start the lookback again yourself if it should run over the data once more.", w.DatafeedID, w.JobID, mode))
		case mlreset.WarningFailedJobLeftClosed:
			diags.AddWarning(fmt.Sprintf("ML job %q left closed", w.JobID),
				fmt.Sprintf("Job %q was failed before the %s, so %s = \"restore\" leaves it closed rather than open it again. "+
					"Find why it failed (its messages in the job stats and the ML notifications), then open it, or use %s = \"started\".", w.JobID, noun, mode, mode))
		case mlreset.WarningDatafeedLeftStopped:
			diags.AddWarning(fmt.Sprintf("Datafeed %q left stopped", w.DatafeedID),
				fmt.Sprintf("Datafeed %q ran in real time, but job %q was %s before the %s and %s = \"restore\" leaves it closed; a datafeed runs only with its job open. "+
					"Use %s = \"started\" to open the job and start the datafeed.", w.DatafeedID, w.JobID, w.Detail, noun, mode, mode))
		case mlreset.WarningFailedTransformLeftStopped:
			diags.AddWarning(fmt.Sprintf("Transform %q left stopped", w.Object.ID),
				fmt.Sprintf("Transform %q was failed before the %s, so %s = \"restore\" leaves it stopped rather than start it again. "+
					"Find why it failed (the reason in its statistics, and its audit messages), then start it, or use %s = \"started\".", w.Object.ID, noun, mode, mode))
		case mlreset.WarningAwaitingNode:
			diags.AddWarning(fmt.Sprintf("ML job %q waits for an ML node", w.JobID),
				fmt.Sprintf("Job %q was opened after the %s, but no ML node has room for it yet. It allows a lazy open, so it waits as opening (and its datafeed as starting) "+
					"until a node has room, then runs.", w.JobID, noun))
		}
	}
	return diags
}

// elasticsearchReason is Elasticsearch's own words when err carries them.
func elasticsearchReason(err error) string {
	if e, ok := esclient.AsError(err); ok {
		return e.Reason
	}
	return err.Error()
}
