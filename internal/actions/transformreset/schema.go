package transformreset

import (
	"context"
	_ "embed"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/esops/terraform-provider-elasticsearch/internal/actions/invocation"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
	resetresource "github.com/esops/terraform-provider-elasticsearch/internal/resources/transformreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/transformid"
)

//go:embed description.md
var description string

// The attributes are the resource's, described in its words; an action
// schema has no defaults, so the descriptions say them.
func (a *transformResetAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: description,
		Attributes: map[string]schema.Attribute{
			"transform_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: resetresource.TransformIDDescription,
				Validators:          []validator.String{transformid.Validator()},
			},
			"force_stop": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: resetresource.ForceStopDescription,
			},
			"after_reset": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: resetresource.AfterResetDescription,
				Validators:          []validator.String{stringvalidator.OneOf(mlreset.TransformModes()...)},
			},
			"timeout": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: invocation.TimeoutDescription("How long the whole reset may take (stop, reset, and what `after_reset` starts)"),
				Validators:          []validator.String{invocation.TimeoutValidator()},
			},
		},
	}
}
