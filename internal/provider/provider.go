// Package provider is the elasticsearch provider: its configuration and the
// resources, data sources and actions it serves.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	mljobresetaction "github.com/esops/terraform-provider-elasticsearch/internal/actions/mljobreset"
	mlsnapshotrevertaction "github.com/esops/terraform-provider-elasticsearch/internal/actions/mlsnapshotrevert"
	transformresetaction "github.com/esops/terraform-provider-elasticsearch/internal/actions/transformreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/datasources/mljob"
	"github.com/esops/terraform-provider-elasticsearch/internal/datasources/mljobs"
	"github.com/esops/terraform-provider-elasticsearch/internal/datasources/mlmodelsnapshots"
	"github.com/esops/terraform-provider-elasticsearch/internal/datasources/transform"
	"github.com/esops/terraform-provider-elasticsearch/internal/datasources/transforms"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mljobreset"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mlsnapshotrevert"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/transformreset"
)

// New returns a constructor for the provider at the given build version.
func New(version string) func() provider.Provider {
	return NewWithEnv(version, os.Getenv)
}

// NewWithEnv is New with the environment read through getenv, so that tests
// running side by side can each point the provider at their own cluster.
func NewWithEnv(version string, getenv func(string) string) func() provider.Provider {
	return NewWithClock(version, getenv, providerdata.RealClock{})
}

// NewWithClock is NewWithEnv with the clock the provider hands what it
// serves (providerdata.Data.Clock), so that a test decides when time
// passes for its own provider alone.
func NewWithClock(version string, getenv func(string) string, clock providerdata.Clock) func() provider.Provider {
	return func() provider.Provider {
		return &elasticsearchProvider{version: version, getenv: getenv, clock: clock}
	}
}

type elasticsearchProvider struct {
	version string
	getenv  func(string) string
	clock   providerdata.Clock
}

var (
	_ provider.ProviderWithConfigValidators = (*elasticsearchProvider)(nil)
	_ provider.ProviderWithListResources    = (*elasticsearchProvider)(nil)
	_ provider.ProviderWithActions          = (*elasticsearchProvider)(nil)
)

func (p *elasticsearchProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "elasticsearch"
	resp.Version = p.version
}

func (p *elasticsearchProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var model providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if model.hasUnknown() {
		// Values from resources not yet created: planning goes on without
		// a client, and apply configures the provider again once they are
		// known.
		return
	}
	cfg, diags := resolveConfig(model, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.Insecure {
		resp.Diagnostics.AddAttributeWarning(path.Root("insecure"), "TLS certificate verification is disabled",
			"The provider does not verify the certificate of Elasticsearch (insecure = true or ELASTICSEARCH_INSECURE). "+
				"Anyone between Terraform and the cluster can read the credentials. Configure ca_file or ca_data instead.")
	}
	if len(cfg.Endpoints) == 0 {
		// Nothing may need the cluster (validate, an empty plan); a
		// resource that does says what is missing.
		return
	}
	cfg.UserAgent = "terraform-provider-elasticsearch/" + p.version
	cfg.Log = logToTerraform
	client, err := esclient.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Elasticsearch connection settings", err.Error())
		return
	}
	data := providerdata.New(client)
	data.Clock = p.clock
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// logToTerraform writes the client's lines, secrets already masked, to the
// provider's log at debug level.
func logToTerraform(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (p *elasticsearchProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{mljobreset.New, mlsnapshotrevert.New, transformreset.New}
}

// ListResources are what `terraform query` (Terraform 1.14 and later) lists.
func (p *elasticsearchProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{mljobreset.NewList, transformreset.NewList}
}

func (p *elasticsearchProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{mljob.New, mljobs.New, mlmodelsnapshots.New, transform.New, transforms.New}
}

// Actions need Terraform 1.14 or later; older Terraform and OpenTofu never
// ask for them.
func (p *elasticsearchProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{mljobresetaction.New, mlsnapshotrevertaction.New, transformresetaction.New}
}
