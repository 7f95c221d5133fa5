package mljobreset_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// Adopting a fleet through the terraform CLI: terraform query writes the
// configuration (Terraform 1.14), and import by identity (1.12) adopts;
// neither resets a job. Run with TF_ACC_TERRAFORM_PATH set to a 1.14 build.

const providerBlock = `provider "elasticsearch" {}
`

// expectNoChange fails when the cluster received anything but reads.
func expectNoChange(t *testing.T, c *acctest.Cluster) {
	t.Helper()
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Fatalf("adoption sent %s %s", r.Method, r.Path)
		}
	}
}

// stateJobIDs lists the job_id of every elasticsearch_ml_job_reset in the
// working directory's state.
func stateJobIDs(t *testing.T, w *acctest.CLI) []string {
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
			ids = append(ids, fmt.Sprint(r.Values["job_id"]))
		}
	}
	return ids
}

func applyClean(t *testing.T, w *acctest.CLI) string {
	t.Helper()
	out, err := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if strings.Contains(string(out), "resets ML job") {
		t.Fatalf("the apply planned a reset:\n%s", out)
	}
	return string(out)
}

func TestAccAdoption_queryGeneratesAConfigurationThatAdoptsEveryJob(t *testing.T) {
	acctest.RequireTerraform(t, "1.14.0")
	c := acctest.New(t)
	group := c.JobID(t) + "-g"
	var members []string
	for range 3 {
		id := c.JobID(t)
		c.CreateJobInGroups(t, id, "found by a query", group)
		c.CreateTrainedJob(t, c.JobID(t), 1) // not in the group
		members = append(members, id)
	}
	for _, id := range members {
		c.OpenJob(t, id)
		c.ProcessRecords(t, id, 5)
	}
	w := c.NewCLI(t, map[string]string{
		"main.tf": providerBlock,
		"jobs.tfquery.hcl": fmt.Sprintf(`list "elasticsearch_ml_job_reset" "group" {
  provider         = elasticsearch
  include_resource = true
  config {
    job_id = %q
  }
}
`, group),
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
		if !regexp.MustCompile(`job_id\s*=\s*"` + regexp.QuoteMeta(id) + `"`).Match(generated) {
			t.Fatalf("generated.tf does not name job %s:\n%s", id, generated)
		}
	}
	if n := strings.Count(string(generated), "import {"); n != len(members) {
		t.Fatalf("want %d import blocks, got %d:\n%s", len(members), n, generated)
	}
	if n := strings.Count(string(generated), `resource "elasticsearch_ml_job_reset"`); n != len(members) {
		t.Fatalf("want %d resource blocks, got %d:\n%s", len(members), n, generated)
	}

	applyClean(t, w)
	expectNoChange(t, c)
	if got := stateJobIDs(t, w); len(got) != len(members) {
		t.Fatalf("state holds %v, want %v", got, members)
	}
	for _, id := range members {
		if j := c.Job(t, id); j.ProcessedRecords != 5 || j.State != "opened" {
			t.Fatalf("job %s after adoption: %+v", id, j)
		}
	}

	// Adopted means managed: giving one job triggers now resets it, and
	// only it.
	first := regexp.MustCompile(`(job_id\s*=\s*"` + regexp.QuoteMeta(members[0]) + `"\s*\n\s*)triggers\s*=\s*null`)
	edited := first.ReplaceAll(generated, []byte(`${1}triggers = { data_version = "v2" }`))
	if string(edited) == string(generated) {
		t.Fatalf("no triggers = null after job_id %s in:\n%s", members[0], generated)
	}
	if err := os.WriteFile(filepath.Join(w.Dir, "generated.tf"), edited, 0o600); err != nil {
		t.Fatal(err)
	}
	c.ClearRequests()
	if out, err := w.Run("apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := c.ResetCalls(members[0]); len(got) != 2 {
		t.Fatalf("a trigger given to adopted job %s: want close and reset, got %q", members[0], got)
	}
	for _, id := range members[1:] {
		if got := c.ResetCalls(id); len(got) != 0 {
			t.Fatalf("job %s was not touched, yet got %q", id, got)
		}
	}
}

func TestAccAdoption_importByIdentity(t *testing.T) {
	acctest.RequireTerraform(t, "1.12.0")
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 7)
	w := c.NewCLI(t, map[string]string{
		"main.tf": providerBlock + fmt.Sprintf(`
import {
  to       = elasticsearch_ml_job_reset.adopted
  identity = { job_id = %[1]q }
}

resource "elasticsearch_ml_job_reset" "adopted" {
  job_id   = %[1]q
  triggers = { data_version = "v1" }
}
`, jobID),
	})
	c.ClearRequests()

	out := applyClean(t, w)
	if !strings.Contains(out, "1 imported") {
		t.Fatalf("want the job imported:\n%s", out)
	}
	expectNoChange(t, c)
	if got := stateJobIDs(t, w); len(got) != 1 || got[0] != jobID {
		t.Fatalf("state holds %v", got)
	}
	if j := c.Job(t, jobID); j.ProcessedRecords != 7 {
		t.Fatalf("job after adoption: %+v", j)
	}
}

// The documented way before terraform query: the jobs data source's ids,
// a resource and an import block for each (every supported CLI, OpenTofu
// included).
func TestAccAdoption_groupThroughTheDataSource(t *testing.T) {
	c := acctest.New(t)
	group := c.JobID(t) + "-g"
	var members []string
	for range 3 {
		id := c.JobID(t)
		c.CreateJobInGroups(t, id, "adopted through the data source", group)
		c.OpenJob(t, id)
		c.ProcessRecords(t, id, 4)
		members = append(members, id)
	}
	example, err := os.ReadFile("../../../examples/resources/elasticsearch_ml_job_reset/adopt-a-group.tf")
	if err != nil {
		t.Fatal(err)
	}
	w := c.NewCLI(t, map[string]string{
		"main.tf":          providerBlock + strings.Replace(string(example), `job_id = "checkout"`, fmt.Sprintf("job_id = %q", group), 1),
		"terraform.tfvars": `checkout_data_version = "v1"` + "\n",
	})
	c.ClearRequests()

	out := applyClean(t, w)
	if !strings.Contains(out, fmt.Sprintf("%d imported", len(members))) {
		t.Fatalf("want %d jobs imported:\n%s", len(members), out)
	}
	expectNoChange(t, c)
	if got := stateJobIDs(t, w); len(got) != len(members) {
		t.Fatalf("state holds %v, want %v", got, members)
	}
	for _, id := range members {
		if j := c.Job(t, id); j.ProcessedRecords != 4 {
			t.Fatalf("job %s after adoption: %+v", id, j)
		}
	}
}
