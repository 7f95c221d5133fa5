package mljobreset

import (
	"context"
	_ "embed"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/bringback"
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

//go:embed description.md
var description string

func (r *jobResetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The job id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the anomaly-detection job to reset: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters. Changing it resets the new job.",
				Validators:    jobid.Validators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary values; a change of any of them resets the job again " +
					"(the resource is replaced). Only values that are not null count: no triggers, `{}` and null values are the same.",
			},
			"delete_user_annotations": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Also delete the annotations people made on the job. Defaults to `false`.",
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "`true` (the default): wait in one blocking reset call. `false`: run the reset as an " +
					"Elasticsearch task, store its id in `task_id` and follow the task.",
			},
			"force_close": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Close the job with `force=true` before the reset, as a job in state `failed` needs. Defaults to `false`.",
			},
			"after_reset": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(mlreset.DefaultAfterReset)),
				MarkdownDescription: "What runs once the reset has completed. `closed` (the default): the job stays closed and its datafeed stopped. " +
					"`restore`: what ran before the reset runs again: an opened job is opened, a datafeed that ran in real time is started. " +
					"`started`: the job is opened and its datafeed, if any, started in real time. Changing it resets nothing.",
				Validators: []validator.String{stringvalidator.OneOf(mlreset.Modes()...)},
			},
			"datafeed_start": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The `start` given to the datafeed when it is started after the reset, passed to Elasticsearch as written " +
					"(an ISO 8601 date, epoch milliseconds, or date math such as `now-7d`). Unset: the datafeed reads its source from the earliest data. " +
					"Only with `after_reset` `restore` or `started`. Changing it resets nothing.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), bringback.DatafeedStartNeedsMode("after_reset", "reset")},
			},
			"task_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Id of the last reset's task when `wait_for_completion = false`; null otherwise.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			// Only create: an in-place update stores values and calls
			// nothing, so it has nothing to bound.
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}
