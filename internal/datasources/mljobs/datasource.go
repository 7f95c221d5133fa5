// Package mljobs is the elasticsearch_ml_jobs data source: the jobs an
// Elasticsearch id expression matches (ids, groups, wildcards, lists),
// read in exactly two requests however many match.
package mljobs

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
	"github.com/esops/terraform-provider-elasticsearch/internal/tfvalue"
)

// New is the data source's constructor, as the provider lists it.
func New() datasource.DataSource { return &jobsDataSource{} }

type jobsDataSource struct {
	// provider is nil when the provider has no endpoint.
	provider *providerdata.Data
}

var _ datasource.DataSourceWithConfigure = (*jobsDataSource)(nil)

type model struct {
	JobID        types.String `tfsdk:"job_id"`
	AllowNoMatch types.Bool   `tfsdk:"allow_no_match"`
	IDs          types.List   `tfsdk:"ids"`
	Jobs         types.List   `tfsdk:"jobs"`
}

var jobType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"job_id":                 types.StringType,
	"groups":                 types.ListType{ElemType: types.StringType},
	"description":            types.StringType,
	"state":                  types.StringType,
	"processed_record_count": types.Int64Type,
	"blocked_reason":         types.StringType,
}}

//go:embed description.md
var description string

func (d *jobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ml_jobs"
}

func (d *jobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which jobs: a job id, a group name, a wildcard (`web-*`, matched against ids and group names) " +
					"or a comma-separated list of these. Omitted, or `_all` or `*`: every job.",
				Validators: []validator.String{idexpr.Jobs.Validator()},
			},
			"allow_no_match": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "What a wildcard, or `_all`, that matches no job means: `true` (the default) an empty result, " +
					"`false` an error. Exact ids and group names must match either way.",
			},
			"ids": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Ids of the matching jobs, sorted. Use it with `for_each = toset(...)`.",
			},
			"jobs": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching jobs, in the order of `ids`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"job_id":                 schema.StringAttribute{Computed: true, MarkdownDescription: "The job id."},
					"groups":                 schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The job's groups; empty when it has none."},
					"description":            schema.StringAttribute{Computed: true, MarkdownDescription: "The job's description; empty when it has none."},
					"state":                  schema.StringAttribute{Computed: true, MarkdownDescription: "`opening`, `opened`, `closing`, `closed` or `failed`; null for a job whose statistics Elasticsearch left out (one being deleted)."},
					"processed_record_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Records the job has analysed; 0 after a reset; null when `state` is."},
					"blocked_reason":         schema.StringAttribute{Computed: true, MarkdownDescription: "`delete`, `reset` or `revert` while that operation holds the job; null when it is not blocked."},
				}},
			},
		},
	}
}

func (d *jobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.provider = providerdata.From(req.ProviderData, &resp.Diagnostics)
}

func (d *jobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
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
	if !m.JobID.IsNull() {
		expr = idexpr.Normalize(m.JobID.ValueString())
	}
	allowNoMatch := m.AllowNoMatch.IsNull() || m.AllowNoMatch.ValueBool()

	// Both requests carry the same expression and allow_no_match, so they
	// agree on what matches; only a job created or deleted in between can
	// differ, and the job list decides.
	client := d.provider.Client
	jobs, err := client.GetJobs(ctx, expr, allowNoMatch)
	var stats map[string]esclient.JobStats
	if err == nil {
		stats, err = client.JobsStats(ctx, expr, allowNoMatch)
	}
	if esclient.IsJobNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("job_id"), fmt.Sprintf("No ML job matches %q", expr),
			idexpr.Jobs.NoMatchDetail(err))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(diagnostics.ReadJobs(expr).Error(err))
		return
	}

	sort.Slice(jobs, func(a, b int) bool { return jobs[a].ID < jobs[b].ID })
	ids := make([]string, len(jobs))
	objects := make([]attr.Value, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
		obj, diags := jobObject(j, stats)
		resp.Diagnostics.Append(diags...)
		objects[i] = obj
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var diags diag.Diagnostics
	m.IDs, diags = types.ListValueFrom(ctx, types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	m.Jobs, diags = types.ListValue(jobType, objects)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func jobObject(j esclient.JobInfo, stats map[string]esclient.JobStats) (attr.Value, diag.Diagnostics) {
	state, processed := types.StringNull(), types.Int64Null()
	if s, ok := stats[j.ID]; ok {
		state, processed = types.StringValue(s.State), types.Int64Value(s.ProcessedRecordCount)
	}
	blocked := types.StringNull()
	if j.Blocked != nil && j.Blocked.Reason != "" {
		blocked = types.StringValue(j.Blocked.Reason)
	}
	return types.ObjectValue(jobType.AttrTypes, map[string]attr.Value{
		"job_id":                 types.StringValue(j.ID),
		"groups":                 tfvalue.Strings(j.Groups),
		"description":            types.StringValue(j.Description),
		"state":                  state,
		"processed_record_count": processed,
		"blocked_reason":         blocked,
	})
}
