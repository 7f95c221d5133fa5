package mljobreset

import (
	"context"
	"fmt"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// versionGate is a feature's minimum Elasticsearch version, next to the
// attribute that asks for it. A cluster that does not know a parameter
// rejects it, and an asynchronous reset even starts before rejecting it.
type versionGate struct {
	feature   string
	attribute path.Path // empty when the resource itself needs the version
	minimum   *version.Version
	used      func(resourceModel) bool
}

var versionGates = []versionGate{
	{
		feature: "The reset API",
		minimum: version.Must(version.NewVersion("7.14.0")),
		used:    func(resourceModel) bool { return true },
	},
	{
		feature:   "delete_user_annotations",
		attribute: path.Root("delete_user_annotations"),
		minimum:   version.Must(version.NewVersion("8.7.0")),
		used:      func(m resourceModel) bool { return m.DeleteUserAnnotations.ValueBool() },
	},
}

// checkVersion fails when the cluster is known to be too old for what m
// asks. It reads the version once per provider instance; serverless and an
// unknown version pass.
func checkVersion(ctx context.Context, client *esclient.Client, m resourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	info, err := client.Info(ctx)
	if err != nil {
		ex := describeError(m.JobID.ValueString(), err)
		diags.AddError(ex.summary, ex.detail)
		return diags
	}
	if reason, first := client.TakeVersionWarning(); first {
		diags.AddWarning("Elasticsearch version unknown",
			"The provider cannot check which features the cluster supports, so Elasticsearch itself will reject what it does not support: "+reason)
	}
	for _, g := range versionGates {
		if !g.used(m) || info.Supports(g.minimum) {
			continue
		}
		summary := "Elasticsearch version too old"
		detail := fmt.Sprintf("%s needs Elasticsearch %s or later; the cluster runs %s.", g.feature, g.minimum, info.Version)
		if g.attribute.Equal(path.Empty()) {
			diags.AddError(summary, detail)
		} else {
			diags.AddAttributeError(g.attribute, summary, detail+" Remove the attribute or upgrade the cluster.")
		}
	}
	return diags
}
