package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

// terraform-plugin-testing shows no warnings, so the warning about
// insecure is checked on the provider server itself, through the same
// protocol call terraform makes.
func TestConfigureWarnsWhenTLSIsNotVerified(t *testing.T) {
	for _, tc := range []struct {
		name     string
		insecure *bool
		env      string
		warns    bool
	}{
		{name: "insecure = true", insecure: ptr(true), warns: true},
		{name: "ELASTICSEARCH_INSECURE=true", env: "true", warns: true},
		{name: "insecure = false", insecure: ptr(false)},
		{name: "insecure = false wins over the environment", insecure: ptr(false), env: "true"},
		{name: "not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(name string) string {
				if name == "ELASTICSEARCH_INSECURE" {
					return tc.env
				}
				return ""
			}
			diags := configure(t, getenv, map[string]tftypes.Value{
				"endpoints": tftypes.NewValue(tftypes.List{ElementType: tftypes.String},
					[]tftypes.Value{tftypes.NewValue(tftypes.String, "https://127.0.0.1:1")}),
				"insecure": boolValue(tc.insecure),
			})
			var warnings []*tfprotov6.Diagnostic
			for _, d := range diags {
				switch d.Severity {
				case tfprotov6.DiagnosticSeverityError:
					t.Fatalf("configure failed: %s: %s", d.Summary, d.Detail)
				case tfprotov6.DiagnosticSeverityWarning:
					warnings = append(warnings, d)
				}
			}
			if !tc.warns {
				if len(warnings) != 0 {
					t.Fatalf("want no warning, got %q", warnings[0].Summary)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("want one warning, got %d", len(warnings))
			}
			w := warnings[0]
			if w.Summary != "TLS certificate verification is disabled" || !strings.Contains(w.Detail, "ca_file") {
				t.Fatalf("want a warning that says what to do instead, got %q: %q", w.Summary, w.Detail)
			}
			if tc.insecure != nil && (w.Attribute == nil || w.Attribute.String() != tftypes.NewAttributePath().WithAttributeName("insecure").String()) {
				t.Fatalf("want the warning on the insecure attribute, got %v", w.Attribute)
			}
		})
	}
}

// configure serves the provider and calls ConfigureProvider with the given
// attributes set and every other one null.
func configure(t *testing.T, getenv func(string) string, set map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	server, err := providerserver.NewProtocol6WithError(provider.NewWithEnv("test", getenv)())()
	if err != nil {
		t.Fatal(err)
	}
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schema.Diagnostics)
	}
	config := acctest.NullObject(t, schema.Provider.ValueType(), set)
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

func ptr[T any](v T) *T { return &v }

func boolValue(b *bool) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, *b)
}
