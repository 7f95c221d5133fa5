package transformreset

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/identity"
	"github.com/esops/terraform-provider-elasticsearch/internal/idexpr"
)

// The list resource elasticsearch_transform_reset (Terraform 1.14 and
// later): `terraform query` finds the transforms an id expression
// matches, and -generate-config-out writes a resource block and an import
// block (by identity) for each, which adopt the transforms without a
// reset.

// NewList is the list resource's constructor, as the provider lists it.
func NewList() list.ListResource { return &transformResetResource{} }

var _ list.ListResourceWithConfigure = (*transformResetResource)(nil)

type listConfig struct {
	TransformID  types.String `tfsdk:"transform_id"`
	AllowNoMatch types.Bool   `tfsdk:"allow_no_match"`
}

func (r *transformResetResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds transforms, to adopt them with `terraform query -generate-config-out`. " +
			"Takes the id expression of the `elasticsearch_transforms` data source.",
		Attributes: map[string]listschema.Attribute{
			"transform_id": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which transforms: a transform id, a wildcard (`orders-*`) or a comma-separated list of these. " +
					"Omitted, or `_all` or `*`: every transform.",
				Validators: []validator.String{idexpr.Transforms.Validator()},
			},
			"allow_no_match": listschema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "What a wildcard, or `_all`, that matches no transform means: `true` (the default) no result, " +
					"`false` an error. Exact ids must match either way.",
			},
		},
	}
}

// List reads every page of the transforms of the expression, and returns
// each transform's identity and, when asked, the state of its adoption.
func (r *transformResetResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config listConfig
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &config)...)
	if !diags.HasError() {
		r.requireClient(&diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	expr := idexpr.All
	if !config.TransformID.IsNull() {
		expr = idexpr.Normalize(config.TransformID.ValueString())
	}
	allowNoMatch := config.AllowNoMatch.IsNull() || config.AllowNoMatch.ValueBool()
	transforms, err := r.provider.Client.Transforms(ctx, expr, allowNoMatch)
	switch {
	case esclient.IsTransformNotFound(err):
		diags.AddAttributeError(path.Root("transform_id"), fmt.Sprintf("No transform matches %q", expr), idexpr.Transforms.NoMatchDetail(err))
	case err != nil:
		diags.Append(diagnostics.ListTransforms(expr).Error(err))
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ids := make([]string, len(transforms))
	for i, t := range transforms {
		ids[i] = t.ID
	}
	stream.Results = identity.ListResults(ctx, req, identityAttribute, ids, func(id string) any {
		state := adoptedState(id)
		return &state
	})
}
