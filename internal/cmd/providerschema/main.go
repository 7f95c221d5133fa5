// Command providerschema prints the provider's schemas as `terraform
// providers schema -json` would, read from the provider server in-process.
// The docs are generated from it (tfplugindocs -providers-schema), so that
// they cover the action and the list resource whatever Terraform is on
// PATH: a CLI before 1.14 does not report those.
//
//	go run ./internal/cmd/providerschema -out schema.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

// address is the key tfplugindocs looks the provider up by.
const address = "registry.terraform.io/hashicorp/elasticsearch"

func main() {
	out := flag.String("out", "", "file to write (default: standard output)")
	flag.Parse()
	b, err := providerSchemaJSON(context.Background())
	if err == nil && *out != "" {
		err = os.WriteFile(*out, b, 0o600)
	} else if err == nil {
		_, err = os.Stdout.Write(b)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}

func providerSchemaJSON(ctx context.Context) ([]byte, error) {
	server, err := providerserver.NewProtocol6WithError(provider.New("docs")())()
	if err != nil {
		return nil, err
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	for _, diags := range [][]*tfprotov6.Diagnostic{schemas.Diagnostics, identities.Diagnostics} {
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				return nil, fmt.Errorf("%s: %s", d.Summary, d.Detail)
			}
		}
	}
	p := providerJSON{
		Provider:           schemaOf(schemas.Provider),
		Resources:          map[string]schemaJSON{},
		DataSources:        map[string]schemaJSON{},
		ListResources:      map[string]schemaJSON{},
		Actions:            map[string]actionJSON{},
		ResourceIdentities: map[string]identityJSON{},
	}
	for name, s := range schemas.ResourceSchemas {
		p.Resources[name] = schemaOf(s)
	}
	for name, s := range schemas.DataSourceSchemas {
		p.DataSources[name] = schemaOf(s)
	}
	for name, s := range schemas.ListResourceSchemas {
		p.ListResources[name] = schemaOf(s)
	}
	for name, s := range schemas.ActionSchemas {
		p.Actions[name] = actionJSON{Block: blockOf(s.Schema.Block)}
	}
	for name, s := range identities.IdentitySchemas {
		p.ResourceIdentities[name] = identityOf(s)
	}
	b, err := json.MarshalIndent(map[string]any{
		"format_version":   "1.0",
		"provider_schemas": map[string]providerJSON{address: p},
	}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
