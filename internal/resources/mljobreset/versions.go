package mljobreset

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/resetdiag"
)

// checkVersion fails when the cluster is known to be too old for what m
// asks (mlreset.Gates).
func (r *jobResetResource) checkVersion(ctx context.Context, m resourceModel) diag.Diagnostics {
	warnings, err := r.provider.Engine.CheckVersions(ctx, m.resetRequest())
	diags := resetdiag.WarningDiagnostics(warnings, r.provider.FirstVersionWarning)
	if err != nil {
		diags.Append(resetdiag.ErrorDiagnostics(m.JobID.ValueString(), err)...)
	}
	return diags
}
