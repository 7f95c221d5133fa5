package transformreset_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// Adopting a fleet of transforms through the terraform CLI: terraform
// query writes the configuration (Terraform 1.14), and import by identity
// (1.12) adopts; neither resets a transform. Run with
// TF_ACC_TERRAFORM_PATH set to a 1.14 build.

const providerBlock = `provider "elasticsearch" {}
`

// stateTransformIDs lists the transform_id of every
// elasticsearch_transform_reset in the working directory's state.
func stateTransformIDs(t *testing.T, w *acctest.CLI) []string {
	t.Helper()
	out, err := w.Run("show", "-json")
	if err != nil {
		t.Fatal(err)
	}
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(out, &show); err != nil {
		t.Fatalf("terraform show -json: %v", err)
	}
	var ids []string
	for _, r := range show.Values.RootModule.Resources {
		if r.Type == typeName {
			ids = append(ids, fmt.Sprint(r.Values["transform_id"]))
		}
	}
	return ids
}

func applyWithoutReset(t *testing.T, w *acctest.CLI) string {
	t.Helper()
	out, err := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(string(out), "Resetting transform") {
		t.Fatalf("the apply planned a reset:\n%s", out)
	}
	return string(out)
}

func TestAccAdoption_queryGeneratesAConfigurationThatAdoptsEveryTransform(t *testing.T) {
	acctest.RequireTerraform(t, "1.14.0")
	c := acctest.New(t)
	prefix, ids := c.TransformIDs(t, "a", "b", "c", "other")
	members := ids[:3]
	for _, id := range ids {
		c.CreateTransform(t, acctest.TransformSpec{ID: id, Docs: 4, Hosts: 2})
	}
	before := map[string]acctest.Transform{}
	for _, id := range members {
		c.StartTransform(t, id)
		before[id] = c.WaitForCheckpoint(t, id, 1)
	}
	w := c.NewCLI(t, map[string]string{
		"main.tf": providerBlock,
		"transforms.tfquery.hcl": fmt.Sprintf(`list "elasticsearch_transform_reset" "fleet" {
  provider         = elasticsearch
  include_resource = true
  config {
    transform_id = "%[1]s-a,%[1]s-b,%[1]s-c"
  }
}
`, prefix),
	})
	c.ClearRequests()

	out, err := w.Run("query", "-generate-config-out=generated.tf", "-no-color")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	generated, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range members {
		if !regexp.MustCompile(`transform_id\s*=\s*"` + regexp.QuoteMeta(id) + `"`).Match(generated) {
			t.Fatalf("generated.tf does not name transform %s:\n%s", id, generated)
		}
	}
	if strings.Contains(string(generated), ids[3]) {
		t.Fatalf("generated.tf names %s, which the expression leaves out:\n%s", ids[3], generated)
	}
	if n := strings.Count(string(generated), "import {"); n != len(members) {
		t.Fatalf("want %d import blocks, got %d:\n%s", len(members), n, generated)
	}
	if n := strings.Count(string(generated), `resource "elasticsearch_transform_reset"`); n != len(members) {
		t.Fatalf("want %d resource blocks, got %d:\n%s", len(members), n, generated)
	}

	applyWithoutReset(t, w)
	expectOnlyReads(t, c)
	if got := stateTransformIDs(t, w); len(got) != len(members) {
		t.Fatalf("state holds %v, want %v", got, members)
	}
	for _, id := range members {
		if after := c.Transform(t, id); after.Checkpoint != before[id].Checkpoint || after.DocumentsIndexed != before[id].DocumentsIndexed {
			t.Fatalf("transform %s after adoption: %+v, before: %+v", id, after, before[id])
		}
	}

	// Adopted means managed: giving one transform triggers now resets it,
	// and only it.
	first := regexp.MustCompile(`(transform_id\s*=\s*"` + regexp.QuoteMeta(members[0]) + `"\s*\n\s*)triggers\s*=\s*null`)
	edited := first.ReplaceAll(generated, []byte(`${1}triggers = { data_version = "v2" }`))
	if string(edited) == string(generated) {
		t.Fatalf("no triggers = null after transform_id %s in:\n%s", members[0], generated)
	}
	if err := os.WriteFile(filepath.Join(w.Dir, "generated.tf"), edited, 0o600); err != nil {
		t.Fatal(err)
	}
	c.ClearRequests()
	if out, err := w.Run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := resetCalls(c, members[0]); !contains(got, resetCall(members[0])) {
		t.Fatalf("a trigger given to adopted transform %s: want a reset, got %q", members[0], got)
	}
	for _, id := range members[1:] {
		if got := resetCalls(c, id); len(got) != 0 {
			t.Fatalf("transform %s was not touched, yet got %q", id, got)
		}
	}
}

func contains(calls []string, call string) bool {
	for _, c := range calls {
		if c == call {
			return true
		}
	}
	return false
}

func TestAccAdoption_importByIdentity(t *testing.T) {
	acctest.RequireTerraform(t, "1.12.0")
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{Docs: 4, Hosts: 2})
	c.StartTransform(t, f.ID)
	before := c.WaitForCheckpoint(t, f.ID, 1)
	w := c.NewCLI(t, map[string]string{
		"main.tf": providerBlock + fmt.Sprintf(`
import {
  to       = elasticsearch_transform_reset.adopted
  identity = { transform_id = %[1]q }
}

resource "elasticsearch_transform_reset" "adopted" {
  transform_id = %[1]q
  triggers     = { source_version = "v1" }
}
`, f.ID),
	})
	c.ClearRequests()

	out := applyWithoutReset(t, w)
	if !strings.Contains(out, "1 imported") {
		t.Fatalf("want the transform imported:\n%s", out)
	}
	expectOnlyReads(t, c)
	if got := stateTransformIDs(t, w); len(got) != 1 || got[0] != f.ID {
		t.Fatalf("state holds %v", got)
	}
	if after := c.Transform(t, f.ID); after.Checkpoint != before.Checkpoint || after.DocumentsIndexed != before.DocumentsIndexed {
		t.Fatalf("transform after adoption: %+v, before: %+v", after, before)
	}
}
