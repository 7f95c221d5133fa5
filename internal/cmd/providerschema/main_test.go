package main

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// What this command prints is what the terraform CLI prints, for every
// schema the CLI knows (a CLI before 1.14 knows no action or list
// resource; run under 1.14 to compare those too).
func TestMatchesTheCLI(t *testing.T) {
	c := acctest.New(t)
	w := c.NewCLI(t, map[string]string{"main.tf": `provider "elasticsearch" {}` + "\n"})
	out, err := w.Run("providers", "schema", "-json")
	if err != nil {
		t.Fatal(err)
	}
	ours, err := providerSchemaJSON(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cli, mine := providerOf(t, out), providerOf(t, ours)
	if len(cli) == 0 {
		t.Fatalf("the CLI printed no schema for hashicorp/elasticsearch: %s", out)
	}
	for kind, want := range cli {
		if !reflect.DeepEqual(mine[kind], want) {
			a, _ := json.MarshalIndent(mine[kind], "", " ")
			b, _ := json.MarshalIndent(want, "", " ")
			t.Errorf("%s differs from the CLI's\nours: %s\n cli: %s", kind, a, b)
		}
	}
}

func providerOf(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var doc struct {
		Schemas map[string]map[string]any `json:"provider_schemas"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	// OpenTofu names the provider after its own registry host.
	for name, schema := range doc.Schemas {
		if strings.HasSuffix(name, "/hashicorp/elasticsearch") {
			return schema
		}
	}
	return nil
}
