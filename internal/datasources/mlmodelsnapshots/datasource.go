// Package mlmodelsnapshots is the elasticsearch_ml_model_snapshots data
// source: the model snapshots of one anomaly-detection job, newest first,
// optionally within a time range, read one request per page.
package mlmodelsnapshots

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/diagnostics"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// New is the data source's constructor, as the provider lists it.
func New() datasource.DataSource { return &snapshotsDataSource{} }

type snapshotsDataSource struct {
	// provider is nil when the provider has no endpoint.
	provider *providerdata.Data
}

var _ datasource.DataSourceWithConfigure = (*snapshotsDataSource)(nil)

type model struct {
	JobID     types.String `tfsdk:"job_id"`
	Start     types.String `tfsdk:"start"`
	End       types.String `tfsdk:"end"`
	Snapshots types.List   `tfsdk:"snapshots"`
}

var snapshotType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"snapshot_id":        types.StringType,
	"timestamp":          types.StringType,
	"description":        types.StringType,
	"latest_record_time": types.StringType,
	"latest_result_time": types.StringType,
	"retain":             types.BoolType,
	"model_bytes":        types.Int64Type,
	"min_version":        types.StringType,
}}

//go:embed description.md
var description string

func (d *snapshotsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_model_snapshots"
}

func (d *snapshotsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the anomaly-detection job: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters. An exact id, not a group or a wildcard.",
				Validators: jobid.Validators(),
			},
			"start": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only snapshots whose `timestamp` is at or after this time (inclusive). Sent to Elasticsearch " +
					"as written, which reads it as a date: RFC 3339 (`2025-03-01T09:00:00Z`), epoch milliseconds or date math " +
					"(`now-7d`). Omitted or empty: no lower bound.",
			},
			"end": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only snapshots whose `timestamp` is before this time (exclusive), written as `start` is. " +
					"Set to the start of an incident, `snapshots[0]` is the last model from before it. Omitted or empty: no upper bound.",
			},
			"snapshots": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching snapshots, newest first; empty when there are none.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"snapshot_id":        computed("The snapshot id, what a revert names."),
					"timestamp":          computed("When the snapshot was stored (RFC 3339, UTC)."),
					"description":        computed("The snapshot's description (Elasticsearch says why it stored it); empty when it has none."),
					"latest_record_time": computed("Time of the latest record the model had seen (RFC 3339, UTC); null when it had seen none."),
					"latest_result_time": computed("Time of the latest result the job had written (RFC 3339, UTC); null when there was none."),
					"retain":             schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the snapshot is kept from the job's snapshot retention clean-up."},
					"model_bytes":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Size of the model in the snapshot, in bytes."},
					"min_version":        computed("The oldest Elasticsearch version that can load the snapshot."),
				}},
			},
		},
	}
}

func (d *snapshotsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *snapshotsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m model
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.provider == nil {
		resp.Diagnostics.Append(diagnostics.MissingEndpoint())
		return
	}
	jobID := m.JobID.ValueString()
	// Elasticsearch answers newest first, a page at a time; the client
	// reads every page. A null start or end is "", no bound.
	snapshots, err := d.provider.Client.ModelSnapshots(ctx, jobID, m.Start.ValueString(), m.End.ValueString())
	switch {
	case esclient.IsJobNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("job_id"), fmt.Sprintf("ML job %q not found", jobID),
			fmt.Sprintf("Elasticsearch has no anomaly-detection job %q to list model snapshots of: %v", jobID, err))
		return
	case esclient.IsUnavailableOnServerless(err):
		resp.Diagnostics.AddError("Model snapshots are not available on serverless",
			fmt.Sprintf("Reading model snapshots of job %q: Elasticsearch serverless does not make the model snapshot API public, "+
				"so snapshots can be listed only on a cluster that is not serverless. Elasticsearch said: %v", jobID, err))
		return
	case err != nil:
		resp.Diagnostics.Append(diagnostics.ReadModelSnapshots(jobID).Error(err))
		return
	}

	objects := make([]attr.Value, len(snapshots))
	for i, s := range snapshots {
		obj, diags := snapshotObject(s)
		resp.Diagnostics.Append(diags...)
		objects[i] = obj
	}
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := types.ListValue(snapshotType, objects)
	resp.Diagnostics.Append(diags...)
	m.Snapshots = list
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func snapshotObject(s esclient.ModelSnapshot) (attr.Value, diag.Diagnostics) {
	return types.ObjectValue(snapshotType.AttrTypes, map[string]attr.Value{
		"snapshot_id":        types.StringValue(s.ID),
		"timestamp":          timestamp(s.Timestamp),
		"description":        types.StringValue(s.Description),
		"latest_record_time": timestamp(s.LatestRecordTime),
		"latest_result_time": timestamp(s.LatestResultTime),
		"retain":             types.BoolValue(s.Retain),
		"model_bytes":        types.Int64Value(s.ModelBytes),
		"min_version":        types.StringValue(s.MinVersion),
	})
}

// timestamp renders a time as RFC 3339 in UTC, with the milliseconds
// Elasticsearch keeps when there are any; null for the zero time (absent).
func timestamp(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}
