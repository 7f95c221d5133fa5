// Package mljob is the elasticsearch_ml_job data source: one
// anomaly-detection job by its exact id, with its state, counts and
// datafeed, read in at most three requests.
package mljob

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
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
	"github.com/esops/terraform-provider-elasticsearch/internal/tfvalue"
)

// New is the data source's constructor, as the provider lists it.
func New() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct {
	// provider is nil when the provider has no endpoint.
	provider *providerdata.Data
}

var _ datasource.DataSourceWithConfigure = (*jobDataSource)(nil)

type model struct {
	ID                      types.String `tfsdk:"id"`
	JobID                   types.String `tfsdk:"job_id"`
	State                   types.String `tfsdk:"state"`
	Groups                  types.List   `tfsdk:"groups"`
	Description             types.String `tfsdk:"description"`
	DatafeedID              types.String `tfsdk:"datafeed_id"`
	DatafeedState           types.String `tfsdk:"datafeed_state"`
	ProcessedRecordCount    types.Int64  `tfsdk:"processed_record_count"`
	EarliestRecordTimestamp types.String `tfsdk:"earliest_record_timestamp"`
	LatestRecordTimestamp   types.String `tfsdk:"latest_record_timestamp"`
	ModelBytes              types.Int64  `tfsdk:"model_bytes"`
	ModelSnapshotID         types.String `tfsdk:"model_snapshot_id"`
	BlockedReason           types.String `tfsdk:"blocked_reason"`
	BlockedTaskID           types.String `tfsdk:"blocked_task_id"`
	CreateTime              types.String `tfsdk:"create_time"`
}

var pathJobID = path.Root("job_id")

//go:embed description.md
var description string

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_job"
}

func (d *jobDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"id": computed("The job id."),
			"job_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the anomaly-detection job: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters. An exact id: group names and wildcards are for `elasticsearch_ml_jobs`.",
				Validators: jobid.Validators(),
			},
			"state":                     computed("`opening`, `opened`, `closing`, `closed` or `failed`."),
			"groups":                    schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The job's groups; empty when it has none."},
			"description":               computed("The job's description; empty when it has none."),
			"datafeed_id":               computed("Id of the job's datafeed; null when the job has none."),
			"datafeed_state":            computed("`starting`, `started`, `stopping` or `stopped`; null when the job has no datafeed."),
			"processed_record_count":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Records the job has analysed; 0 after a reset."},
			"earliest_record_timestamp": computed("Time of the earliest record analysed (RFC 3339, UTC); null when there is none."),
			"latest_record_timestamp":   computed("Time of the latest record analysed (RFC 3339, UTC); null when there is none."),
			"model_bytes":               schema.Int64Attribute{Computed: true, MarkdownDescription: "Memory the model uses, in bytes; 0 before the job learns anything and after a reset."},
			"model_snapshot_id":         computed("The job's current model snapshot; null when it has none (a new or reset job)."),
			"blocked_reason":            computed("`delete`, `reset` or `revert` while that operation holds the job; null when it is not blocked."),
			"blocked_task_id":           computed("The task of the operation that blocks the job; null when none is named."),
			"create_time":               computed("When the job was created (RFC 3339, UTC)."),
		},
	}
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
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
	r, err := d.provider.Client.JobReport(ctx, jobID)
	if esclient.IsJobNotFound(err) {
		resp.Diagnostics.AddAttributeError(pathJobID, fmt.Sprintf("ML job %q not found", jobID),
			fmt.Sprintf("Elasticsearch has no anomaly-detection job %q: %v", jobID, err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.ReadJob(jobID).Error(err))
		return
	}
	m.ID = types.StringValue(r.ID)
	m.Groups = tfvalue.Strings(r.Groups)
	m.State = types.StringValue(r.Stats.State)
	m.Description = types.StringValue(r.Description)
	m.DatafeedID, m.DatafeedState = types.StringNull(), types.StringNull()
	if r.Datafeed != nil {
		m.DatafeedID, m.DatafeedState = types.StringValue(r.Datafeed.ID), types.StringValue(r.Datafeed.State)
	}
	m.ProcessedRecordCount = types.Int64Value(r.Stats.ProcessedRecordCount)
	m.EarliestRecordTimestamp = tfvalue.Timestamp(r.Stats.EarliestRecord)
	m.LatestRecordTimestamp = tfvalue.Timestamp(r.Stats.LatestRecord)
	m.ModelBytes = types.Int64Value(r.Stats.ModelBytes)
	m.ModelSnapshotID = tfvalue.StringOrNull(r.ModelSnapshotID)
	m.BlockedReason, m.BlockedTaskID = types.StringNull(), types.StringNull()
	if r.Blocked != nil {
		m.BlockedReason, m.BlockedTaskID = tfvalue.StringOrNull(r.Blocked.Reason), tfvalue.StringOrNull(r.Blocked.TaskID)
	}
	m.CreateTime = tfvalue.Timestamp(r.CreateTime)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
