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

// Adopting a fleet (DESIGN.md §2, §7), at the protocol level so that it runs
// with any Terraform: the resource's identity, import by identity, and the
// list resource that terraform query calls.

const typeName = "elasticsearch_ml_job_reset"

func identityType(t *testing.T, s *acctest.ProtocolServer) tftypes.Object {
	t.Helper()
	resp, err := s.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("identity schemas: %v %v", err, resp.Diagnostics)
	}
	schema := resp.IdentitySchemas[typeName]
	if schema == nil || len(schema.IdentityAttributes) != 1 || schema.IdentityAttributes[0].Name != "job_id" || !schema.IdentityAttributes[0].RequiredForImport {
		t.Fatalf("want an identity of job_id, required for import; got %+v", schema)
	}
	return schema.ValueType().(tftypes.Object)
}

func identityJobID(t *testing.T, typ tftypes.Object, data *tfprotov6.ResourceIdentityData) string {
	t.Helper()
	if data == nil || data.IdentityData == nil {
		t.Fatal("no identity")
	}
	v, err := data.IdentityData.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	var jobID string
	if err := v.As(&fields); err != nil || fields["job_id"].As(&jobID) != nil {
		t.Fatalf("identity %v: %v", v, err)
	}
	return jobID
}

// stateValues reads a resource object into attribute name → Go value
// (strings, bools, nil for null).
func stateValues(t *testing.T, s *acctest.ProtocolServer, dv *tfprotov6.DynamicValue) map[string]any {
	t.Helper()
	typ := s.Schema.ResourceSchemas[typeName].ValueType()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	if err := v.As(&fields); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for name, f := range fields {
		switch {
		case f.IsNull():
			out[name] = nil
		case f.Type().Is(tftypes.String):
			var s string
			_ = f.As(&s)
			out[name] = s
		case f.Type().Is(tftypes.Bool):
			var b bool
			_ = f.As(&b)
			out[name] = b
		default:
			out[name] = f.String()
		}
	}
	return out
}

func TestAdoption_importByIdentity(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 10)
	s := c.ServeProtocol(t)
	idType := identityType(t, s)
	c.ClearRequests()

	identity, err := tfprotov6.NewDynamicValue(idType, tftypes.NewValue(idType, map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, jobID)}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName, Identity: &tfprotov6.ResourceIdentityData{IdentityData: &identity},
	})
	if err != nil || len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
		t.Fatalf("import: %v %+v", err, resp)
	}
	imported := resp.ImportedResources[0]
	state := stateValues(t, s, imported.State)
	if state["job_id"] != jobID || state["id"] != jobID || state["triggers"] != nil || state["after_reset"] != "closed" {
		t.Fatalf("state %v", state)
	}
	if got := identityJobID(t, idType, imported.Identity); got != jobID {
		t.Fatalf("identity job_id %q", got)
	}
	// Adopted: the import read the job and changed nothing.
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet {
			t.Fatalf("import sent %s %s", r.Method, r.Path)
		}
	}
	if j := c.Job(t, jobID); j.ProcessedRecords != 10 {
		t.Fatalf("job after import: %+v", j)
	}

	t.Run("missing job", func(t *testing.T) {
		missing, _ := tfprotov6.NewDynamicValue(idType, tftypes.NewValue(idType, map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, jobID+"-gone")}))
		resp, err := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
			TypeName: typeName, Identity: &tfprotov6.ResourceIdentityData{IdentityData: &missing},
		})
		if err != nil || len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Summary, "Cannot import ML job \""+jobID+"-gone\": not found") {
			t.Fatalf("got %v %+v", err, resp.Diagnostics)
		}
	})
}

// listJobs calls ListResource and collects the stream.
func listJobs(t *testing.T, s *acctest.ProtocolServer, config map[string]tftypes.Value, includeResource bool, limit int64) []tfprotov6.ListResourceResult {
	t.Helper()
	schema := s.Schema.ListResourceSchemas[typeName]
	if schema == nil {
		t.Fatal("no list resource schema")
	}
	//nolint:staticcheck // ListResource is not part of ProviderServer yet (terraform-plugin-go v0.31)
	lister, ok := s.ProviderServer.(tfprotov6.ProviderServerWithListResource)
	if !ok {
		t.Fatal("the provider server lists no resources")
	}
	stream, err := lister.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: acctest.NullObject(t, schema.ValueType(), config), IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []tfprotov6.ListResourceResult
	for r := range stream.Results {
		out = append(out, r)
	}
	return out
}

func TestAdoption_listResource(t *testing.T) {
	c := acctest.New(t)
	group := c.JobID(t) + "-g"
	var members []string
	for range 3 {
		id := c.JobID(t)
		c.CreateJobInGroups(t, id, "adopted by a query", group)
		members = append(members, id)
	}
	outsider := c.JobID(t)
	c.CreateJob(t, outsider)
	s := c.ServeProtocol(t)
	idType := identityType(t, s)
	c.ClearRequests()

	results := listJobs(t, s, map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, group)}, true, 100)
	if len(results) != len(members) {
		t.Fatalf("want %d results, got %d: %+v", len(members), len(results), results)
	}
	for i, r := range results {
		if len(r.Diagnostics) > 0 {
			t.Fatalf("result %d: %v", i, r.Diagnostics[0])
		}
		if r.DisplayName != members[i] || identityJobID(t, idType, r.Identity) != members[i] {
			t.Fatalf("result %d: %q / identity %q, want %s (sorted)", i, r.DisplayName, identityJobID(t, idType, r.Identity), members[i])
		}
		state := stateValues(t, s, r.Resource)
		if state["job_id"] != members[i] || state["triggers"] != nil || state["wait_for_completion"] != true || state["after_reset"] != "closed" {
			t.Fatalf("resource object %v", state)
		}
	}
	// One request, the GET of the expression; nothing changed.
	if log := c.Requests(); len(log) != 1 || log[0].Method != http.MethodGet || log[0].Path != "/_ml/anomaly_detectors/"+group {
		t.Fatalf("sent %d requests, want GET /_ml/anomaly_detectors/%s: %+v", len(log), group, log)
	}

	t.Run("limit and no resource", func(t *testing.T) {
		results := listJobs(t, s, map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, group)}, false, 2)
		if len(results) != 2 || results[0].Resource != nil && !isNullResource(t, s, results[0].Resource) {
			t.Fatalf("want 2 results without resource objects, got %+v", results)
		}
	})
	t.Run("no match", func(t *testing.T) {
		wildcard := map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, group+"-none-*")}
		if results := listJobs(t, s, wildcard, true, 100); len(results) != 0 {
			t.Fatalf("a wildcard matching nothing: want no result, got %+v", results)
		}
		wildcard["allow_no_match"] = tftypes.NewValue(tftypes.Bool, false)
		results := listJobs(t, s, wildcard, true, 100)
		if len(results) != 1 || len(results[0].Diagnostics) != 1 || !strings.Contains(results[0].Diagnostics[0].Summary, "No ML job matches") {
			t.Fatalf("allow_no_match = false: want one error, got %+v", results)
		}
		exact := map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.String, group+"-none")}
		results = listJobs(t, s, exact, true, 100)
		if len(results) != 1 || len(results[0].Diagnostics) != 1 || !strings.Contains(results[0].Diagnostics[0].Detail, "Exact ids and group names must match") {
			t.Fatalf("an exact id matching nothing: want one error, got %+v", results)
		}
	})
}

func isNullResource(t *testing.T, s *acctest.ProtocolServer, dv *tfprotov6.DynamicValue) bool {
	t.Helper()
	v, err := dv.Unmarshal(s.Schema.ResourceSchemas[typeName].ValueType())
	return err == nil && v.IsNull()
}

// A state written before the resource had an identity gets one on refresh.
func TestAdoption_refreshSetsTheIdentity(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	s := c.ServeProtocol(t)
	idType := identityType(t, s)
	state := acctest.NullObject(t, s.Schema.ResourceSchemas[typeName].ValueType(), map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, jobID), "job_id": tftypes.NewValue(tftypes.String, jobID),
		"delete_user_annotations": tftypes.NewValue(tftypes.Bool, false), "wait_for_completion": tftypes.NewValue(tftypes.Bool, true),
		"force_close": tftypes.NewValue(tftypes.Bool, false), "after_reset": tftypes.NewValue(tftypes.String, "closed"),
	})
	resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("read: %v %v", err, resp.Diagnostics)
	}
	if got := identityJobID(t, idType, resp.NewIdentity); got != jobID {
		t.Fatalf("identity %q", got)
	}
}
