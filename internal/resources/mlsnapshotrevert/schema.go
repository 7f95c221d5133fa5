package mlsnapshotrevert

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
	"github.com/esops/terraform-provider-elasticsearch/internal/snapshotid"
)

//go:embed description.md
var description string

func (r *revertResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<job_id>/<snapshot_id>`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the anomaly-detection job to revert: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters. Changing it reverts the new job.",
				Validators:    jobid.Validators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"snapshot_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the model snapshot to revert to, exactly (no `*` or `,`: Elasticsearch would read those as several snapshots), " +
					"or `empty` (Elasticsearch 7.11 and later) for a model that has learned nothing. Changing it reverts again.",
				Validators:    snapshotid.Validators(),
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary values; a change of any of them reverts the job again " +
					"(the resource is replaced). Only values that are not null count: no triggers, `{}` and null values are the same.",
			},
			"delete_intervening_results": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Also delete the results after the snapshot (and the delayed-data and model-change annotations Elasticsearch made), " +
					"and rewind the job's latest record time to the snapshot's, so that a datafeed started next replays the data from there. " +
					"Defaults to `false`: results are kept, and a datafeed resumes after the job's latest record.",
			},
			"force_close": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Close the job with `force=true` before the revert, as a job in state `failed` needs. Defaults to `false`.",
			},
			"after_revert": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(mlreset.DefaultAfterReset)),
				MarkdownDescription: "What runs once the revert has completed. `closed` (the default): the job stays closed and its datafeed stopped. " +
					"`restore`: what ran before the revert runs again: an opened job is opened, a datafeed that ran in real time is started. " +
					"`started`: the job is opened and its datafeed, if any, started in real time. Changing it reverts nothing.",
				Validators: []validator.String{stringvalidator.OneOf(mlreset.Modes()...)},
			},
			"datafeed_start": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The `start` given to the datafeed when it is started after the revert, passed to Elasticsearch as written " +
					"(an ISO 8601 date, epoch milliseconds, or date math such as `now-1h`); a start later than where the job stands skips the data before it. " +
					"Unset: the datafeed resumes where the job stands. Only with `after_revert` `restore` or `started`. Changing it reverts nothing.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), bringback.DatafeedStartNeedsMode("after_revert", "revert")},
			},
			"latest_record_time": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The reverted snapshot's latest record time (RFC 3339): where the reverted model's data ends. " +
					"Null for `empty` and after an import.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			// Only create: an in-place update stores values and calls
			// nothing, so it has nothing to bound.
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}
