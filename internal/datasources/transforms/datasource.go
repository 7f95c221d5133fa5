// Package transforms is the elasticsearch_transforms data source: the
// transforms an Elasticsearch id expression matches (ids, wildcards,
// lists), every page of them, in two requests a page.
package transforms

import (
	"context"
	_ "embed"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/idexpr"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the data source's constructor, as the provider lists it.
func New() datasource.DataSource { return &transformsDataSource{} }

type transformsDataSource struct {
	// provider is nil when the provider has no endpoint.
	provider *providerdata.Data
}

var _ datasource.DataSourceWithConfigure = (*transformsDataSource)(nil)

type model struct {
	TransformID  types.String `tfsdk:"transform_id"`
	AllowNoMatch types.Bool   `tfsdk:"allow_no_match"`
	IDs          types.List   `tfsdk:"ids"`
	Transforms   types.List   `tfsdk:"transforms"`
}

var transformType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"transform_id": types.StringType,
	"state":        types.StringType,
	"dest_index":   types.StringType,
	"continuous":   types.BoolType,
}}

//go:embed description.md
var description string

func (d *transformsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_transforms"
}

func (d *transformsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"transform_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which transforms: a transform id, a wildcard (`orders-*`) or a comma-separated list of these. " +
					"Omitted, or `_all` or `*`: every transform.",
				Validators: []validator.String{idexpr.Transforms.Validator()},
			},
			"allow_no_match": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "What a wildcard, or `_all`, that matches no transform means: `true` (the default) an empty result, " +
					"`false` an error. Exact ids must match either way.",
			},
			"ids": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Ids of the matching transforms, sorted. Use it with `for_each = toset(...)`.",
			},
			"transforms": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching transforms, in the order of `ids`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"transform_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The transform id."},
					"state": schema.StringAttribute{Computed: true, MarkdownDescription: "`stopped`, `started`, `indexing`, `stopping`, `aborting`, `failed` or `waiting`; " +
						"null for a transform whose statistics Elasticsearch left out (one created or deleted during the read)."},
					"dest_index": schema.StringAttribute{Computed: true, MarkdownDescription: "The index the transform writes to."},
					"continuous": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the transform is continuous (has a `sync` section); false for a batch transform."},
				}},
			},
		},
	}
}

func (d *transformsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *transformsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m model
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.provider == nil {
		resp.Diagnostics.Append(diagnostics.MissingEndpoint())
		return
	}
	expr := idexpr.All
	if !m.TransformID.IsNull() {
		expr = idexpr.Normalize(m.TransformID.ValueString())
	}
	allowNoMatch := m.AllowNoMatch.IsNull() || m.AllowNoMatch.ValueBool()

	// Both listings page through the same expression with the same
	// allow_no_match, so they agree on what matches; only a transform
	// created or deleted in between can differ, and the configurations
	// decide.
	client := d.provider.Client
	transforms, err := client.Transforms(ctx, expr, allowNoMatch)
	var stats []esclient.TransformStats
	if err == nil {
		stats, err = client.TransformsStats(ctx, expr, allowNoMatch)
	}
	if esclient.IsTransformNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("transform_id"), fmt.Sprintf("No transform matches %q", expr),
			idexpr.Transforms.NoMatchDetail(err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.ReadTransforms(expr).Error(err))
		return
	}

	states := make(map[string]string, len(stats))
	for _, s := range stats {
		states[s.ID] = s.State
	}
	transforms = sortedOnce(transforms)
	ids := make([]string, len(transforms))
	objects := make([]attr.Value, len(transforms))
	for i, t := range transforms {
		ids[i] = t.ID
		obj, diags := transformObject(t, states)
		resp.Diagnostics.Append(diags...)
		objects[i] = obj
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var diags diag.Diagnostics
	m.IDs, diags = types.ListValueFrom(ctx, types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	m.Transforms, diags = types.ListValue(transformType, objects)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// sortedOnce sorts the transforms by id and keeps one of each: a
// transform created while the pages are read can push one already listed
// onto the next page.
func sortedOnce(ts []esclient.Transform) []esclient.Transform {
	sort.Slice(ts, func(a, b int) bool { return ts[a].ID < ts[b].ID })
	out := ts[:0]
	for i, t := range ts {
		if i == 0 || t.ID != ts[i-1].ID {
			out = append(out, t)
		}
	}
	return out
}

func transformObject(t esclient.Transform, states map[string]string) (attr.Value, diag.Diagnostics) {
	state := types.StringNull()
	if s, ok := states[t.ID]; ok {
		state = types.StringValue(s)
	}
	return types.ObjectValue(transformType.AttrTypes, map[string]attr.Value{
		"transform_id": types.StringValue(t.ID),
		"state":        state,
		"dest_index":   types.StringValue(t.DestIndex),
		"continuous":   types.BoolValue(t.Continuous),
	})
}
