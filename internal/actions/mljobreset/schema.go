package mljobreset

import (
	"context"
	_ "embed"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

//go:embed description.md
var description string

// The descriptions say the defaults: an action schema has no defaults of
// its own, so the docs cannot show them otherwise.
func (a *jobResetAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the anomaly-detection job to reset: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters.",
				Validators: jobid.Validators(),
			},
			"delete_user_annotations": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Also delete the annotations people made on the job. Defaults to `false`.",
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "`true` (the default): wait in one blocking reset call. `false`: run the reset as an " +
					"Elasticsearch task and follow the task; the progress messages name it.",
			},
			"force_close": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Close the job with `force=true` before the reset, as a job in state `failed` needs. Defaults to `false`.",
			},
			"after_reset": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What runs once the reset has completed. `closed` (the default): the job stays closed and its datafeed stopped. " +
					"`restore`: what ran before the reset runs again: an opened job is opened, a datafeed that ran in real time is started. " +
					"`started`: the job is opened and its datafeed, if any, started in real time.",
				Validators: []validator.String{stringvalidator.OneOf(mlreset.Modes()...)},
			},
			"datafeed_start": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The `start` given to the datafeed when it is started after the reset, passed to Elasticsearch as written " +
					"(an ISO 8601 date, epoch milliseconds, or date math such as `now-7d`). Unset: the datafeed reads its source from the earliest data. " +
					"Only with `after_reset` `restore` or `started`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: invocation.TimeoutDescription("How long the whole reset may take (close, reset, wait, and what `after_reset` starts)"),
				Validators:          []validator.String{invocation.TimeoutValidator()},
			},
		},
	}
}
