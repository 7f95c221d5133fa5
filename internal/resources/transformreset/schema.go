package transformreset

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

	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/transformid"
)

//go:embed description.md
var description string

// Descriptions of the attributes the action shares.
const (
	// TransformIDDescription describes transform_id.
	TransformIDDescription = "Id of the transform to reset: lowercase letters, digits, `-`, `_` and `.`, " +
		"starting and ending with a letter or digit, at most 64 characters."
	// ForceStopDescription describes force_stop.
	ForceStopDescription = "Stop the transform with `force=true` before the reset, as a transform in state `failed` needs. Defaults to `false`."
	// AfterResetDescription describes after_reset.
	AfterResetDescription = "What runs once the reset has completed. `stopped` (the default): the transform stays stopped. " +
		"`restore`: it is started again if it ran before the reset (`started`, `indexing` or `waiting`); a `failed` one stays stopped, with a warning. " +
		"`started`: it is started whatever its state before. A start rebuilds the destination from all the source data."
)

func (r *transformResetResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The transform id.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"transform_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: TransformIDDescription + " Changing it resets the new transform.",
				Validators:          []validator.String{transformid.Validator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Arbitrary values; a change of any of them resets the transform again " +
					"(the resource is replaced). Only values that are not null count: no triggers, `{}` and null values are the same.",
			},
			"force_stop": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: ForceStopDescription + " Changing it resets nothing.",
			},
			"after_reset": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(string(mlreset.DefaultTransformAfterReset)),
				MarkdownDescription: AfterResetDescription + " Changing it resets nothing.",
				Validators:          []validator.String{stringvalidator.OneOf(mlreset.TransformModes()...)},
			},
		},
		Blocks: map[string]schema.Block{
			// Only create: an in-place update stores values and calls
			// nothing, so it has nothing to bound.
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}
