package mljobreset

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

// The list resource elasticsearch_ml_job_reset (Terraform 1.14 and later):
// `terraform query` finds the jobs an id expression matches, and
// -generate-config-out writes a resource block and an import block (by
// identity) for each, which adopt the jobs without a reset.

// NewList is the list resource's constructor, as the provider lists it.
func NewList() list.ListResource { return &jobResetResource{} }

var _ list.ListResourceWithConfigure = (*jobResetResource)(nil)

type listConfig struct {
	JobID        types.String `tfsdk:"job_id"`
	AllowNoMatch types.Bool   `tfsdk:"allow_no_match"`
}

func (r *jobResetResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds anomaly-detection jobs, to adopt them with `terraform query -generate-config-out`. " +
			"Takes the id expression of the `elasticsearch_ml_jobs` data source.",
		Attributes: map[string]listschema.Attribute{
			"job_id": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which jobs: a job id, a group name, a wildcard (`web-*`, matched against ids and group names) " +
					"or a comma-separated list of these. Omitted, or `_all` or `*`: every job.",
				Validators: []validator.String{idexpr.Jobs.Validator()},
			},
			"allow_no_match": listschema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "What a wildcard, or `_all`, that matches no job means: `true` (the default) no result, " +
					"`false` an error. Exact ids and group names must match either way.",
			},
		},
	}
}

// List sends one request, GET the jobs of the expression, and returns each
// job's identity and, when asked, the state of its adoption.
func (r *jobResetResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
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
	if !config.JobID.IsNull() {
		expr = idexpr.Normalize(config.JobID.ValueString())
	}
	allowNoMatch := config.AllowNoMatch.IsNull() || config.AllowNoMatch.ValueBool()
	jobs, err := r.provider.Client.GetJobs(ctx, expr, allowNoMatch)
	switch {
	case esclient.IsJobNotFound(err):
		diags.AddAttributeError(path.Root("job_id"), fmt.Sprintf("No ML job matches %q", expr), idexpr.Jobs.NoMatchDetail(err))
	case err != nil:
		diags.Append(diagnostics.List(expr).Error(err))
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ids := make([]string, len(jobs))
	for i, job := range jobs {
		ids[i] = job.ID
	}
	stream.Results = identity.ListResults(ctx, req, "job_id", ids, func(id string) any {
		state := adoptedState(id)
		return &state
	})
}
