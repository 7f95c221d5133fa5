package mljobreset_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A refresh, an import and a list only read: when Elasticsearch refuses or
// fails the read, the error names that operation, its job (or expression)
// and monitor_ml, the privilege reads need, never the reset's manage_ml.

// readOperation runs one of the resource's reads of the job through the
// protocol and returns its diagnostics.
type readOperation struct {
	name, doing string
	// noun is what the operation names its object: job, or jobs for
	// the expression of a list.
	noun string
	run  func(t *testing.T, s *acctest.ProtocolServer, jobID string) []*tfprotov6.Diagnostic
}

var readOperations = []readOperation{
	{"refresh", "Refreshing", "job", func(t *testing.T, s *acctest.ProtocolServer, jobID string) []*tfprotov6.Diagnostic {
		state := acctest.NullObject(t, s.Schema.ResourceSchemas[typeName].ValueType(), map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, jobID), "job_id": tftypes.NewValue(tftypes.String, jobID),
		})
		resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}},
	{"import", "Importing", "job", func(t *testing.T, s *acctest.ProtocolServer, jobID string) []*tfprotov6.Diagnostic {
		resp, err := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: jobID})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}},
	{"list", "Listing", "jobs", func(t *testing.T, s *acctest.ProtocolServer, jobID string) []*tfprotov6.Diagnostic {
		results := listJobs(t, s, map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, jobID)}, true, 100)
		if len(results) != 1 {
			t.Fatalf("want one result carrying the error, got %+v", results)
		}
		return results[0].Diagnostics
	}},
}

func TestReadErrors_refusedNamesTheOperationAndMonitorML(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, op := range readOperations {
		t.Run(op.name, func(t *testing.T) {
			c := acctest.NewEmulatedAs(t) // no privilege at all
			jobID := c.JobID(t)
			c.CreateJob(t, jobID)
			s := c.ServeProtocol(t)
			c.ClearRequests()

			summary, detail := acctest.OnlyError(t, op.run(t, s, jobID))
			ours, reason, _ := strings.Cut(detail, "Elasticsearch said: ")
			if summary != "Missing Elasticsearch privilege" ||
				!strings.HasPrefix(ours, op.doing+" "+op.noun+` "`+jobID+`" needs the monitor_ml cluster privilege`) ||
				strings.Contains(summary+ours, "manage_ml") ||
				!strings.Contains(reason, "action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [limited]") {
				t.Fatalf("want the operation, its job and monitor_ml named, then Elasticsearch's reason; got %q / %q", summary, detail)
			}
			expectOnlyRefusedReads(t, c, jobID, http.StatusForbidden)
		})
	}
}

func TestReadErrors_failureNamesTheOperationAndKeepsTheReason(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, op := range readOperations {
		t.Run(op.name, func(t *testing.T) {
			c := acctest.NewEmulated(t)
			jobID := c.JobID(t)
			c.CreateJob(t, jobID)
			s := c.ServeProtocol(t)
			c.ClearRequests()
			c.Emulator.InjectError(http.MethodGet, "/_ml/anomaly_detectors/"+jobID, http.StatusInternalServerError,
				"exception", "shard failure reading .ml-config", 100)

			summary, detail := acctest.OnlyError(t, op.run(t, s, jobID))
			if summary != op.doing+" ML "+op.noun+` "`+jobID+`" failed` ||
				detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading .ml-config" {
				t.Fatalf("want the operation and its job named, and Elasticsearch's reason; got %q / %q", summary, detail)
			}
			expectOnlyRefusedReads(t, c, jobID, http.StatusInternalServerError)
		})
	}
}

// expectOnlyRefusedReads checks that the operation read the job, was
// answered status, and sent nothing else that could change the cluster.
func expectOnlyRefusedReads(t *testing.T, c *acctest.Cluster, jobID string, status int) {
	t.Helper()
	read := false
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet {
			t.Fatalf("a read sent %s %s", r.Method, r.Path)
		}
		if r.Path == "/_ml/anomaly_detectors/"+jobID {
			if r.Status != status {
				t.Fatalf("GET %s answered %d, want %d", r.Path, r.Status, status)
			}
			read = true
		}
	}
	if !read {
		t.Fatalf("the job was never read: %+v", c.Requests())
	}
}
