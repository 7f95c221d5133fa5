// Package transform is the elasticsearch_transform data source: one
// transform by its exact id, with its state, checkpoint and counters, read
// in two requests.
package transform

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
	"github.com/esops/terraform-provider-elasticsearch/internal/tfvalue"
	"github.com/esops/terraform-provider-elasticsearch/internal/transformid"
)

// New is the data source's constructor, as the provider lists it.
func New() datasource.DataSource { return &transformDataSource{} }

type transformDataSource struct {
	// provider is nil when the provider has no endpoint.
	provider *providerdata.Data
}

var _ datasource.DataSourceWithConfigure = (*transformDataSource)(nil)

type model struct {
	TransformID        types.String `tfsdk:"transform_id"`
	State              types.String `tfsdk:"state"`
	SourceIndices      types.List   `tfsdk:"source_indices"`
	DestIndex          types.String `tfsdk:"dest_index"`
	Continuous         types.Bool   `tfsdk:"continuous"`
	Checkpoint         types.Int64  `tfsdk:"checkpoint"`
	CheckpointTime     types.String `tfsdk:"checkpoint_time"`
	DocumentsProcessed types.Int64  `tfsdk:"documents_processed"`
	DocumentsIndexed   types.Int64  `tfsdk:"documents_indexed"`
	Health             types.String `tfsdk:"health"`
	Reason             types.String `tfsdk:"reason"`
}

var pathTransformID = path.Root("transform_id")

//go:embed description.md
var description string

func (d *transformDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_transform"
}

func (d *transformDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"transform_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the transform: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters. An exact id: wildcards and lists are for `elasticsearch_transforms`.",
				Validators: transformid.Validators(),
			},
			"state": computed("`stopped`, `started` (idle between checkpoints), `indexing`, `stopping`, `aborting`, `failed` or `waiting` (for a node to run on)."),
			"source_indices": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The indices (or patterns, aliases) the transform reads, as configured."},
			"dest_index":          computed("The index the transform writes to."),
			"continuous":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the transform is continuous (has a `sync` section): it keeps running and makes a checkpoint whenever its source changes. A batch transform stops after checkpoint 1."},
			"checkpoint":          schema.Int64Attribute{Computed: true, MarkdownDescription: "The last checkpoint completed; 0 before the first run and after a reset."},
			"checkpoint_time":     computed("When the last checkpoint was made (RFC 3339, UTC); null when there is none."),
			"documents_processed": schema.Int64Attribute{Computed: true, MarkdownDescription: "Source documents read since the transform was created or reset."},
			"documents_indexed":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Destination documents written since the transform was created or reset."},
			"health":              computed("`green`, `yellow`, `red` or `unknown`; null when the cluster does not report it (before 8.6)."),
			"reason":              computed("Elasticsearch's reason: why a `failed` transform failed, or why a `stopping` one stops; null otherwise."),
		},
	}
}

func (d *transformDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *transformDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m model
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.provider == nil {
		resp.Diagnostics.Append(diagnostics.MissingEndpoint())
		return
	}
	id := m.TransformID.ValueString()
	client := d.provider.Client
	cfg, err := client.GetTransform(ctx, id)
	var stats esclient.TransformStats
	if err == nil {
		// A transform deleted between the two requests is not found by
		// the second, like one that never existed.
		stats, err = client.TransformStats(ctx, id)
	}
	if esclient.IsTransformNotFound(err) {
		resp.Diagnostics.AddAttributeError(pathTransformID, fmt.Sprintf("Transform %q not found", id),
			fmt.Sprintf("Elasticsearch has no transform %q: %v", id, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.ReadTransform(id).Error(err))
		return
	}
	m.SourceIndices = tfvalue.Strings(cfg.SourceIndices)
	m.DestIndex = types.StringValue(cfg.DestIndex)
	m.Continuous = types.BoolValue(cfg.Continuous)
	m.State = types.StringValue(stats.State)
	m.Checkpoint = types.Int64Value(stats.Checkpoint)
	m.CheckpointTime = tfvalue.Timestamp(stats.CheckpointTime)
	m.DocumentsProcessed = types.Int64Value(stats.DocumentsProcessed)
	m.DocumentsIndexed = types.Int64Value(stats.DocumentsIndexed)
	m.Health = tfvalue.StringOrNull(stats.Health)
	m.Reason = tfvalue.StringOrNull(stats.Reason)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
