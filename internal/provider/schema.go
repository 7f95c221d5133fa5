package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func (p *elasticsearchProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Connects to one Elasticsearch cluster. Every attribute is optional and falls back to " +
			"the environment variable named in its description; an attribute set in the configuration wins over its variable.",
		Attributes: map[string]schema.Attribute{
			"endpoints": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "URLs of Elasticsearch nodes, e.g. `[\"https://localhost:9200\"]`. " +
					"Falls back to `ELASTICSEARCH_ENDPOINTS` (comma-separated). Required one way or the other.",
				Validators: []validator.List{listvalidator.ValueStringsAre(nonEmpty...)},
			},
			"username": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Username for basic authentication. Falls back to `ELASTICSEARCH_USERNAME`.",
				Validators:          nonEmpty,
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Password for basic authentication. Falls back to `ELASTICSEARCH_PASSWORD`.",
			},
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Encoded API key (the `encoded` value Elasticsearch returns), sent as " +
					"`Authorization: ApiKey <key>`. Falls back to `ELASTICSEARCH_API_KEY`.",
				Validators: nonEmpty,
			},
			"bearer_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Bearer token (OAuth2 access token or service account token), sent as `Authorization: Bearer <token>`. Falls back to `ELASTICSEARCH_BEARER_TOKEN`.",
				Validators:          nonEmpty,
			},
			"ca_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of a PEM file with the certificate authority that signed the cluster's certificate. Falls back to `ELASTICSEARCH_CA_FILE`.",
				Validators:          nonEmpty,
			},
			"ca_data": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM contents of the certificate authority, instead of `ca_file`.",
				Validators:          nonEmpty,
			},
			"cert_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of a PEM client certificate, for clusters that require one. Needs `key_file` or `key_data`.",
				Validators:          nonEmpty,
			},
			"key_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of the PEM private key of the client certificate.",
				Validators:          nonEmpty,
			},
			"cert_data": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "PEM contents of the client certificate, instead of `cert_file`.",
				Validators:          nonEmpty,
			},
			"key_data": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "PEM contents of the client certificate's private key, instead of `key_file`.",
				Validators:          nonEmpty,
			},
			"insecure": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip verification of the cluster's TLS certificate; for throw-away test clusters only. " +
					"Falls back to `ELASTICSEARCH_INSECURE` (`true` or `false`).",
			},
			"headers": schema.MapAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "Extra HTTP headers sent with every request, e.g. for a proxy in front of the cluster.",
			},
		},
	}
}

// ConfigValidators reject contradictory attributes at validate time. Values
// from the environment are checked when the provider is configured.
func (p *elasticsearchProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	root := path.MatchRoot
	return []provider.ConfigValidator{
		providervalidator.Conflicting(root("api_key"), root("username")),
		providervalidator.Conflicting(root("api_key"), root("bearer_token")),
		providervalidator.Conflicting(root("bearer_token"), root("username")),
		providervalidator.Conflicting(root("ca_file"), root("ca_data")),
		providervalidator.Conflicting(root("cert_file"), root("cert_data")),
		providervalidator.Conflicting(root("key_file"), root("key_data")),
	}
}
