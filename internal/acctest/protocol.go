package acctest

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Protocol-level tests drive the provider server as Terraform would, with
// no CLI: for what the installed Terraform cannot run (list resources,
// identities, actions before 1.14) and what it does not show (warnings).

// ProtocolServer is the provider server, configured for this test's
// cluster, and its schemas.
type ProtocolServer struct {
	tfprotov6.ProviderServer
	Schema *tfprotov6.GetProviderSchemaResponse
}

// ServeProtocol configures a provider server for the cluster through the
// environment, as ELASTICSEARCH_* variables would.
func (c *Cluster) ServeProtocol(t testing.TB) *ProtocolServer {
	t.Helper()
	server, err := c.ProviderFactories()["elasticsearch"]()
	must(t, err)
	return serveProtocol(t, server)
}

// serveProtocol configures server and reads its schemas.
func serveProtocol(t testing.TB, server tfprotov6.ProviderServer) *ProtocolServer {
	t.Helper()
	ctx := context.Background()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	must(t, err)
	if len(schema.Diagnostics) > 0 {
		t.Fatalf("provider schema: %v", schema.Diagnostics[0])
	}
	config := NullObject(t, schema.Provider.ValueType(), nil)
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: config})
	must(t, err)
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("configure: %s: %s", d.Summary, d.Detail)
		}
	}
	return &ProtocolServer{ProviderServer: server, Schema: schema}
}

// NullObject is a value of an object type with the given attributes set
// and every other one null.
func NullObject(t testing.TB, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	values := map[string]tftypes.Value{}
	for name, at := range typ.(tftypes.Object).AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	must(t, err)
	return &dv
}

// ReadData reads a data source through the protocol, with the given
// attributes set and every other one null, and returns its diagnostics.
func (s *ProtocolServer) ReadData(t testing.TB, typeName string, set map[string]tftypes.Value) []*tfprotov6.Diagnostic {
	t.Helper()
	schema := s.Schema.DataSourceSchemas[typeName]
	if schema == nil {
		t.Fatalf("no data source %s", typeName)
	}
	resp, err := s.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: typeName, Config: NullObject(t, schema.ValueType(), set),
	})
	must(t, err)
	return resp.Diagnostics
}

// OnlyError is the summary and detail of the one error among diags,
// warnings aside; the test fails when there is none or more than one.
func OnlyError(t testing.TB, diags []*tfprotov6.Diagnostic) (summary, detail string) {
	t.Helper()
	var errs []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 {
		for _, d := range diags {
			t.Logf("%v: %s: %s", d.Severity, d.Summary, d.Detail)
		}
		t.Fatalf("want one error, got %d", len(errs))
	}
	return errs[0].Summary, errs[0].Detail
}
