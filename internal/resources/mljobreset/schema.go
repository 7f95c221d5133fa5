package mljobreset

import (
	"context"
	_ "embed"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
				Validators:    jobIDValidators,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary values that, when changed, reset the job again (the resource is replaced). " +
					"Tie them to what makes the model stale: a data version, the detector configuration, an environment rebuild. " +
					"After an import, the first apply records them without a reset.",
			},
			"delete_user_annotations": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Also delete the annotations users made on the job (by default a reset keeps them and deletes only " +
					"the ones Elasticsearch generated). Needs Elasticsearch 8.7.0 or later. Takes effect at the next reset.",
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "`true`: one blocking reset call. `false`: start the reset as a task and follow the task " +
					"(needs the `monitor` privilege to read tasks; without it the provider waits through the job instead). " +
					"Either way the apply returns only once the reset has finished.",
			},
			"force_close": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Close the job with `force=true` before the reset. Needed for a job in state `failed`.",
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
