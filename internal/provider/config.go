package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
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

// Environment variables, each the fallback of one attribute.
const (
	envEndpoints   = "ELASTICSEARCH_ENDPOINTS"
	envUsername    = "ELASTICSEARCH_USERNAME"
	envPassword    = "ELASTICSEARCH_PASSWORD"
	envAPIKey      = "ELASTICSEARCH_API_KEY"
	envBearerToken = "ELASTICSEARCH_BEARER_TOKEN"
	envCAFile      = "ELASTICSEARCH_CA_FILE"
	envInsecure    = "ELASTICSEARCH_INSECURE"
)

// setting is one resolved value and where it came from, so that errors name
// what the user actually wrote.
type setting struct {
	value  string
	source string // attribute name, or environment variable name
}

func (s setting) set() bool { return s.value != "" }

func pick(attr types.String, attrName, envName string, getenv func(string) string) setting {
	if !attr.IsNull() {
		return setting{attr.ValueString(), attrName}
	}
	if envName != "" {
		if v := getenv(envName); v != "" {
			return setting{v, envName}
		}
	}
	return setting{source: attrName}
}

// resolveConfig merges attributes with their environment variables, checks
// that the result makes sense, and reads the PEM files it names.
func resolveConfig(m providerModel, getenv func(string) string) (esclient.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	var cfg esclient.Config

	if !m.Endpoints.IsNull() {
		diags.Append(m.Endpoints.ElementsAs(context.Background(), &cfg.Endpoints, false)...)
	} else {
		for _, e := range strings.Split(getenv(envEndpoints), ",") {
			if e = strings.TrimSpace(e); e != "" {
				cfg.Endpoints = append(cfg.Endpoints, e)
			}
		}
	}

	username := pick(m.Username, "username", envUsername, getenv)
	password := pick(m.Password, "password", envPassword, getenv)
	apiKey := pick(m.APIKey, "api_key", envAPIKey, getenv)
	bearer := pick(m.BearerToken, "bearer_token", envBearerToken, getenv)
	for _, pair := range [][2]setting{{apiKey, username}, {apiKey, bearer}, {bearer, username}} {
		if pair[0].set() && pair[1].set() {
			diags.AddError("Conflicting Elasticsearch credentials",
				fmt.Sprintf("Both %s and %s are set. Use one way to authenticate: basic (username and password), api_key, or bearer_token.",
					describe(pair[0]), describe(pair[1])))
		}
	}
	if password.set() && !username.set() {
		diags.AddAttributeError(path.Root("username"), "Password without username",
			fmt.Sprintf("%s is set but no username is: set username or %s.", describe(password), envUsername))
	}
	cfg.Username, cfg.Password, cfg.APIKey, cfg.BearerToken = username.value, password.value, apiKey.value, bearer.value

	caFile := pick(m.CAFile, "ca_file", envCAFile, getenv)
	cfg.CAPEM = readPEM(caFile, m.CAData, "ca_data", &diags)
	certFile := pick(m.CertFile, "cert_file", "", getenv)
	keyFile := pick(m.KeyFile, "key_file", "", getenv)
	cfg.ClientCertPEM = readPEM(certFile, m.CertData, "cert_data", &diags)
	cfg.ClientKeyPEM = readPEM(keyFile, m.KeyData, "key_data", &diags)
	if (len(cfg.ClientCertPEM) > 0) != (len(cfg.ClientKeyPEM) > 0) {
		diags.AddError("Incomplete client certificate",
			"A client certificate needs both a certificate (cert_file or cert_data) and its key (key_file or key_data).")
	}

	switch {
	case !m.Insecure.IsNull():
		cfg.Insecure = m.Insecure.ValueBool()
	case getenv(envInsecure) != "":
		v, err := strconv.ParseBool(getenv(envInsecure))
		if err != nil {
			diags.AddError("Invalid "+envInsecure, fmt.Sprintf("%s must be true or false, not %q.", envInsecure, getenv(envInsecure)))
		}
		cfg.Insecure = v
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
