package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

type providerModel struct {
	Endpoints   types.List   `tfsdk:"endpoints"`
	Username    types.String `tfsdk:"username"`
	Password    types.String `tfsdk:"password"`
	APIKey      types.String `tfsdk:"api_key"`
	BearerToken types.String `tfsdk:"bearer_token"`
	CAFile      types.String `tfsdk:"ca_file"`
	CAData      types.String `tfsdk:"ca_data"`
	CertFile    types.String `tfsdk:"cert_file"`
	KeyFile     types.String `tfsdk:"key_file"`
	CertData    types.String `tfsdk:"cert_data"`
	KeyData     types.String `tfsdk:"key_data"`
	Insecure    types.Bool   `tfsdk:"insecure"`
	Headers     types.Map    `tfsdk:"headers"`
}

func (m providerModel) hasUnknown() bool {
	for _, v := range []interface{ IsUnknown() bool }{
		m.Endpoints, m.Username, m.Password, m.APIKey, m.BearerToken, m.CAFile, m.CAData,
		m.CertFile, m.KeyFile, m.CertData, m.KeyData, m.Insecure, m.Headers,
	} {
		if v.IsUnknown() {
			return true
		}
	}
	if !m.Endpoints.IsNull() {
		for _, e := range m.Endpoints.Elements() {
			if e.IsUnknown() {
				return true
			}
		}
	}
	if !m.Headers.IsNull() {
		for _, h := range m.Headers.Elements() {
			if h.IsUnknown() {
				return true
			}
		}
	}
	return false
}

// setting is one resolved value and where it came from, so that errors name
// what the user actually wrote.
type setting struct {
	value  string
	source string // attribute name, or environment variable name
}

func (s setting) set() bool { return s.value != "" }

// pick is the attribute when it is set, else its environment variable's
// value as esclient.ConfigFromEnv read it.
func pick(attr types.String, attrName, envValue, envName string) setting {
	if !attr.IsNull() {
		return setting{attr.ValueString(), attrName}
	}
	if envValue != "" {
		return setting{envValue, envName}
	}
	return setting{source: attrName}
}

// resolveConfig merges attributes with their environment variables, checks
// that the result makes sense, and reads the PEM files it names.
func resolveConfig(m providerModel, getenv func(string) string) (esclient.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	env, envErr := esclient.ConfigFromEnv(getenv)
	var invalid *esclient.InvalidEnvError
	if errors.As(envErr, &invalid) && invalid.Variable == esclient.EnvInsecure && m.Insecure.IsNull() {
		diags.AddError("Invalid "+invalid.Variable, invalid.Error()+".")
	}
	var cfg esclient.Config

	cfg.Endpoints = env.Endpoints
	if !m.Endpoints.IsNull() {
		cfg.Endpoints = nil
		diags.Append(m.Endpoints.ElementsAs(context.Background(), &cfg.Endpoints, false)...)
	}

	username := pick(m.Username, "username", env.Username, esclient.EnvUsername)
	password := pick(m.Password, "password", env.Password, esclient.EnvPassword)
	apiKey := pick(m.APIKey, "api_key", env.APIKey, esclient.EnvAPIKey)
	bearer := pick(m.BearerToken, "bearer_token", env.BearerToken, esclient.EnvBearerToken)
	for _, pair := range [][2]setting{{apiKey, username}, {apiKey, bearer}, {bearer, username}} {
		if pair[0].set() && pair[1].set() {
			diags.AddError("Conflicting Elasticsearch credentials",
				fmt.Sprintf("Both %s and %s are set. Use one way to authenticate: basic (username and password), api_key, or bearer_token.",
					describe(pair[0]), describe(pair[1])))
		}
	}
	if password.set() && !username.set() {
		diags.AddAttributeError(path.Root("username"), "Password without username",
			fmt.Sprintf("%s is set but no username is: set username or %s.", describe(password), esclient.EnvUsername))
	}
	cfg.Username, cfg.Password, cfg.APIKey, cfg.BearerToken = username.value, password.value, apiKey.value, bearer.value

	caFile := pick(m.CAFile, "ca_file", env.CAFile, esclient.EnvCAFile)
	cfg.CAPEM = readPEM(caFile, m.CAData, "ca_data", &diags)
	certFile := pick(m.CertFile, "cert_file", "", "")
	keyFile := pick(m.KeyFile, "key_file", "", "")
	cfg.ClientCertPEM = readPEM(certFile, m.CertData, "cert_data", &diags)
	cfg.ClientKeyPEM = readPEM(keyFile, m.KeyData, "key_data", &diags)
	if (len(cfg.ClientCertPEM) > 0) != (len(cfg.ClientKeyPEM) > 0) {
		diags.AddError("Incomplete client certificate",
			"A client certificate needs both a certificate (cert_file or cert_data) and its key (key_file or key_data).")
	}

	cfg.Insecure = env.Insecure
	if !m.Insecure.IsNull() {
		cfg.Insecure = m.Insecure.ValueBool()
	}

	if !m.Headers.IsNull() {
		diags.Append(m.Headers.ElementsAs(context.Background(), &cfg.Headers, false)...)
	}
	return cfg, diags
}

func describe(s setting) string {
	if strings.HasPrefix(s.source, "ELASTICSEARCH_") {
		return "the environment variable " + s.source
	}
	return fmt.Sprintf("%q", s.source)
}

// readPEM returns the PEM from a file setting or from inline data.
func readPEM(file setting, data types.String, dataAttr string, diags *diag.Diagnostics) []byte {
	if file.set() && !data.IsNull() && !strings.HasPrefix(file.source, "ELASTICSEARCH_") {
		diags.AddError("Conflicting TLS settings", fmt.Sprintf("Both %s and %q are set; use one.", describe(file), dataAttr))
		return nil
	}
	if !data.IsNull() {
		// Inline data in the configuration wins over a file named only
		// in the environment.
		return []byte(data.ValueString())
	}
	if !file.set() {
		return nil
	}
	b, err := os.ReadFile(file.value)
	if err != nil {
		diags.AddError("Cannot read "+file.source, fmt.Sprintf("Reading %s (%s): %v", file.value, describe(file), err))
	}
	return b
}
