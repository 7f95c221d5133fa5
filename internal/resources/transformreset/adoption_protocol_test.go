package transformreset_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// Adopting a fleet of transforms (DESIGN.md §7, §11), at the protocol
// level so that it runs with any Terraform: the resource's identity,
// import by identity, and the list resource that terraform query calls.

const typeName = "elasticsearch_transform_reset"

func identityType(t *testing.T, s *acctest.ProtocolServer) tftypes.Object {
	t.Helper()
	resp, err := s.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatalf("identity schemas: %v %v", err, resp.Diagnostics)
	}
	schema := resp.IdentitySchemas[typeName]
	if schema == nil || len(schema.IdentityAttributes) != 1 || schema.IdentityAttributes[0].Name != "transform_id" || !schema.IdentityAttributes[0].RequiredForImport {
		t.Fatalf("want an identity of transform_id, required for import; got %+v", schema)
	}
	return schema.ValueType().(tftypes.Object)
}

func identityValue(t *testing.T, typ tftypes.Object, id string) *tfprotov6.ResourceIdentityData {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, map[string]tftypes.Value{"transform_id": tftypes.NewValue(tftypes.String, id)}))
	if err != nil {
		t.Fatal(err)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

func identityTransformID(t *testing.T, typ tftypes.Object, data *tfprotov6.ResourceIdentityData) string {
	t.Helper()
	if data == nil || data.IdentityData == nil {
		t.Fatal("no identity")
	}
	v, err := data.IdentityData.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]tftypes.Value
	var id string
	if err := v.As(&fields); err != nil || fields["transform_id"].As(&id) != nil {
		t.Fatalf("identity %v: %v", v, err)
	}
	return id
}

// stateValues reads a resource object into attribute name → Go value
// (strings, bools, nil for null).
func stateValues(t *testing.T, s *acctest.ProtocolServer, dv *tfprotov6.DynamicValue) map[string]any {
	t.Helper()
	v, err := dv.Unmarshal(s.Schema.ResourceSchemas[typeName].ValueType())
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

// expectOnlyReads fails when the cluster received anything but reads.
func expectOnlyReads(t *testing.T, c *acctest.Cluster) {
	t.Helper()
	for _, r := range c.Requests() {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			t.Fatalf("adoption sent %s %s", r.Method, r.Path)
		}
	}
}

func TestAdoption_importByIdentity(t *testing.T) {
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{})
	c.StartTransform(t, f.ID)
	before := c.WaitForCheckpoint(t, f.ID, 1)
	s := c.ServeProtocol(t)
	idType := identityType(t, s)
	c.ClearRequests()

	resp, err := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
		TypeName: typeName, Identity: identityValue(t, idType, f.ID),
	})
	if err != nil || len(resp.Diagnostics) > 0 || len(resp.ImportedResources) != 1 {
		t.Fatalf("import: %v %+v", err, resp)
	}
	imported := resp.ImportedResources[0]
	state := stateValues(t, s, imported.State)
	if state["transform_id"] != f.ID || state["id"] != f.ID || state["triggers"] != nil || state["after_reset"] != "stopped" || state["force_stop"] != false {
		t.Fatalf("state %v", state)
	}
	if got := identityTransformID(t, idType, imported.Identity); got != f.ID {
		t.Fatalf("identity transform_id %q", got)
	}
	// Adopted: the import read the transform and changed nothing.
	expectOnlyReads(t, c)
	if after := c.Transform(t, f.ID); after.Checkpoint != before.Checkpoint || after.DocumentsIndexed != before.DocumentsIndexed {
		t.Fatalf("transform after import: %+v, before: %+v", after, before)
	}

	t.Run("missing transform", func(t *testing.T) {
		resp, err := s.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
			TypeName: typeName, Identity: identityValue(t, idType, f.ID+"-gone"),
		})
		if err != nil || len(resp.Diagnostics) != 1 || !strings.Contains(resp.Diagnostics[0].Summary, "Cannot import transform \""+f.ID+"-gone\": not found") {
			t.Fatalf("got %v %+v", err, resp.Diagnostics)
		}
	})
}

// listTransforms calls ListResource and collects the stream.
func listTransforms(t *testing.T, s *acctest.ProtocolServer, config map[string]tftypes.Value, includeResource bool, limit int64) []tfprotov6.ListResourceResult {
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

func isNullResource(t *testing.T, s *acctest.ProtocolServer, dv *tfprotov6.DynamicValue) bool {
	t.Helper()
	v, err := dv.Unmarshal(s.Schema.ResourceSchemas[typeName].ValueType())
	return err == nil && v.IsNull()
}

func TestAdoption_listResource(t *testing.T) {
	c := acctest.New(t)
	prefix, ids := c.TransformIDs(t, "c", "a", "b", "x-other")
	members := []string{ids[1], ids[2], ids[0]} // sorted
	// Created out of order, so that sorting is the list's doing.
	for _, id := range ids[:3] {
		c.CreateTransform(t, acctest.TransformSpec{ID: id, Docs: 2, Hosts: 1})
	}
	c.CreateTransform(t, acctest.TransformSpec{ID: ids[3], Docs: 2, Hosts: 1})
	s := c.ServeProtocol(t)
	idType := identityType(t, s)
	expr := prefix + "-a," + prefix + "-b*, " + prefix + "-c"
	c.ClearRequests()

	results := listTransforms(t, s, map[string]tftypes.Value{"transform_id": tftypes.NewValue(tftypes.String, expr)}, true, 100)
	if len(results) != len(members) {
		t.Fatalf("want %d results, got %d: %+v", len(members), len(results), results)
	}
	for i, r := range results {
		if len(r.Diagnostics) > 0 {
			t.Fatalf("result %d: %v", i, r.Diagnostics[0])
		}
		if r.DisplayName != members[i] || identityTransformID(t, idType, r.Identity) != members[i] {
			t.Fatalf("result %d: %q / identity %q, want %s (sorted)", i, r.DisplayName, identityTransformID(t, idType, r.Identity), members[i])
		}
		state := stateValues(t, s, r.Resource)
		if state["transform_id"] != members[i] || state["id"] != members[i] || state["triggers"] != nil || state["force_stop"] != false || state["after_reset"] != "stopped" {
			t.Fatalf("resource object %v", state)
		}
	}
	// The pages of the expression, as sent (no spaces); nothing changed.
	want := "GET /_transform/" + prefix + "-a," + prefix + "-b*," + prefix + "-c?allow_no_match=true&from=0&size=1000"
	if got := c.Calls("/_transform"); len(got) != 1 || got[0] != want {
		t.Fatalf("sent %q, want %q", got, want)
	}
	expectOnlyReads(t, c)

	t.Run("every transform", func(t *testing.T) {
		results := listTransforms(t, s, map[string]tftypes.Value{}, false, 0)
		found := map[string]bool{}
		for i, r := range results {
			found[r.DisplayName] = true
			if i > 0 && r.DisplayName <= results[i-1].DisplayName {
				t.Fatalf("not sorted: %q after %q", r.DisplayName, results[i-1].DisplayName)
			}
		}
		for _, id := range ids {
			if !found[id] {
				t.Fatalf("transform %s not listed with no expression", id)
			}
		}
	})
	t.Run("limit and no resource", func(t *testing.T) {
		results := listTransforms(t, s, map[string]tftypes.Value{"transform_id": tftypes.NewValue(tftypes.String, expr)}, false, 2)
		if len(results) != 2 || results[0].DisplayName != members[0] || results[0].Resource != nil && !isNullResource(t, s, results[0].Resource) {
			t.Fatalf("want 2 results without resource objects, got %+v", results)
		}
	})
	t.Run("no match", func(t *testing.T) {
		wildcard := map[string]tftypes.Value{"transform_id": tftypes.NewValue(tftypes.String, prefix+"-none-*")}
		if results := listTransforms(t, s, wildcard, true, 100); len(results) != 0 {
			t.Fatalf("a wildcard matching nothing: want no result, got %+v", results)
		}
		wildcard["allow_no_match"] = tftypes.NewValue(tftypes.Bool, false)
		results := listTransforms(t, s, wildcard, true, 100)
		if len(results) != 1 || len(results[0].Diagnostics) != 1 || !strings.Contains(results[0].Diagnostics[0].Summary, "No transform matches") {
			t.Fatalf("allow_no_match = false: want one error, got %+v", results)
		}
		exact := map[string]tftypes.Value{"transform_id": tftypes.NewValue(tftypes.String, prefix+"-none")}
		results = listTransforms(t, s, exact, true, 100)
		if len(results) != 1 || len(results[0].Diagnostics) != 1 || !strings.Contains(results[0].Diagnostics[0].Detail, "Exact ids must match") {
			t.Fatalf("an exact id matching nothing: want one error, got %+v", results)
		}
	})
}

// A state written before the resource had an identity gets one on
// refresh; so does one whose transform is gone, which the refresh drops.
func TestAdoption_refreshSetsTheIdentity(t *testing.T) {
	c := acctest.New(t)
	f := c.CreateTransform(t, acctest.TransformSpec{Docs: 2, Hosts: 1})
	s := c.ServeProtocol(t)
	idType := identityType(t, s)
	for _, id := range []string{f.ID, f.ID + "-gone"} {
		state := acctest.NullObject(t, s.Schema.ResourceSchemas[typeName].ValueType(), map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, id), "transform_id": tftypes.NewValue(tftypes.String, id),
			"force_stop": tftypes.NewValue(tftypes.Bool, false), "after_reset": tftypes.NewValue(tftypes.String, "stopped"),
		})
		resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state})
		if err != nil || len(resp.Diagnostics) > 0 && id == f.ID {
			t.Fatalf("read %s: %v %v", id, err, resp.Diagnostics)
		}
		if got := identityTransformID(t, idType, resp.NewIdentity); got != id {
			t.Fatalf("identity of %s: %q", id, got)
		}
	}
}

// The list reads every page of the listing: Elasticsearch gives at most
// 1,000 transforms a page.
func TestAdoption_listResourceReadsEveryPage(t *testing.T) {
	if acctest.RealClusterConfigured() {
		t.Skip("creates 1,001 transforms with a source index each, past a node's default limit of 1,000 shards; the emulator pages as Elasticsearch does")
	}
	const pageSize = 1000
	c := acctest.New(t)
	suffixes := make([]string, pageSize+1)
	for i := range suffixes {
		suffixes[i] = fmt.Sprintf("t%04d", i)
	}
	prefix, ids := c.TransformIDs(t, suffixes...)
	for _, id := range ids {
		c.CreateTransform(t, acctest.TransformSpec{ID: id, Docs: 1, Hosts: 1})
	}
	s := c.ServeProtocol(t)
	c.ClearRequests()

	results := listTransforms(t, s, map[string]tftypes.Value{"transform_id": tftypes.NewValue(tftypes.String, prefix+"-*")}, false, 0)
	if len(results) != len(ids) || results[pageSize].DisplayName != ids[pageSize] {
		t.Fatalf("want %d results, the last %s; got %d", len(ids), ids[pageSize], len(results))
	}
	want := []string{
		fmt.Sprintf("GET /_transform/%s-*?allow_no_match=true&from=0&size=%d", prefix, pageSize),
		fmt.Sprintf("GET /_transform/%s-*?allow_no_match=true&from=%d&size=%d", prefix, pageSize, pageSize),
	}
	if got := c.Calls("/_transform"); !slices.Equal(got, want) {
		t.Fatalf("sent %q, want %q", got, want)
	}
}
