package mljobreset

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// checkVersion fails when the cluster is known to be too old for what m
// asks (mlreset.Gates).
func (r *jobResetResource) checkVersion(ctx context.Context, m resourceModel) diag.Diagnostics {
	warnings, err := r.provider.Engine.CheckVersions(ctx, m.resetRequest())
	diags := r.warningDiagnostics(warnings)
	if err != nil {
		diags.Append(errorDiagnostics(m.JobID.ValueString(), err)...)
	}
	return diags
}

// versionDiagnostics says which attribute the cluster is too old for. The
// attributes are named after the reset parameters they send.
func versionDiagnostics(err error) (diag.Diagnostics, bool) {
	var ve *mlreset.VersionError
	if !errors.As(err, &ve) {
		return nil, false
	}
	var diags diag.Diagnostics
	for _, g := range ve.Unsupported {
		summary := "Elasticsearch version too old"
		detail := fmt.Sprintf("%s needs Elasticsearch %s or later; the cluster runs %s.", g.Feature, g.Minimum, ve.Version)
		if g.Parameter == "" {
			diags.AddError(summary, detail)
		} else {
			diags.AddAttributeError(path.Root(g.Parameter), summary, detail+" Remove the attribute or upgrade the cluster.")
		}
	}
	return diags, true
}
