package mlsnapshotrevert

import (
	"context"
	_ "embed"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/bringback"
	"github.com/esops/terraform-provider-elasticsearch/internal/jobid"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/snapshotid"
)

//go:embed description.md
var description string

// The descriptions say the defaults: an action schema has no defaults of
// its own, so the docs cannot show them otherwise.
func (a *revertAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the anomaly-detection job to revert: lowercase letters, digits, `-`, `_` and `.`, " +
					"starting and ending with a letter or digit, at most 64 characters.",
				Validators: jobid.Validators(),
			},
			"snapshot_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Id of the model snapshot to revert to, exactly (no `*` or `,`), " +
					"or `empty` (Elasticsearch 7.11 and later) for a model that has learned nothing.",
				Validators: snapshotid.Validators(),
			},
			"delete_intervening_results": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Also delete the results after the snapshot, and rewind the job's latest record time to the snapshot's, " +
					"so that a datafeed started next replays the data from there. Defaults to `false`.",
			},
			"force_close": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Close the job with `force=true` before the revert, as a job in state `failed` needs. Defaults to `false`.",
			},
			"after_revert": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What runs once the revert has completed. `closed` (the default): the job stays closed and its datafeed stopped. " +
					"`restore`: what ran before the revert runs again. `started`: the job is opened and its datafeed, if any, started in real time.",
				Validators: []validator.String{stringvalidator.OneOf(mlreset.Modes()...)},
			},
			"datafeed_start": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The `start` given to the datafeed when it is started after the revert, passed to Elasticsearch as written. " +
					"Unset: the datafeed resumes where the job stands. Only with `after_revert` `restore` or `started`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), bringback.DatafeedStartNeedsMode("after_revert", "revert")},
			},
			"timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: invocation.TimeoutDescription("How long the whole revert may take (close, revert, and what `after_revert` starts)"),
				Validators:          []validator.String{invocation.TimeoutValidator()},
			},
		},
	}
}
