package identity_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/identity"
)

type thing struct {
	ThingID types.String `tfsdk:"thing_id"`
}

func request(limit int64, includeResource bool) list.ListRequest {
	return list.ListRequest{
		Limit: limit, IncludeResource: includeResource,
		ResourceSchema: schema.Schema{Attributes: map[string]schema.Attribute{"thing_id": schema.StringAttribute{Required: true}}},
		ResourceIdentitySchema: identityschema.Schema{Attributes: map[string]identityschema.Attribute{
			"thing_id": identityschema.StringAttribute{RequiredForImport: true},
		}},
	}
}

// collect returns, for each result, its display name, identity and
// resource thing_id ("" when null).
func collect(t *testing.T, req list.ListRequest, ids []string) (names, identities, resources []string) {
	t.Helper()
	ctx := context.Background()
	results := identity.ListResults(ctx, req, "thing_id", ids, func(id string) any { return &thing{ThingID: types.StringValue(id)} })
	for r := range results {
		if r.Diagnostics.HasError() {
			t.Fatalf("result %q: %v", r.DisplayName, r.Diagnostics)
		}
		var byIdentity, inResource types.String
		if d := r.Identity.GetAttribute(ctx, path.Root("thing_id"), &byIdentity); d.HasError() {
			t.Fatal(d)
		}
		if !r.Resource.Raw.IsNull() {
			if d := r.Resource.GetAttribute(ctx, path.Root("thing_id"), &inResource); d.HasError() {
				t.Fatal(d)
			}
		}
		names = append(names, r.DisplayName)
		identities = append(identities, byIdentity.ValueString())
		resources = append(resources, inResource.ValueString())
	}
	return names, identities, resources
}

// A listing read page by page can come back out of order, or repeat one
// created meanwhile: the results are sorted and each given once.
func TestListResults_sortedOnceWithIdentityAndResource(t *testing.T) {
	want := []string{"a", "b", "c"}
	names, identities, resources := collect(t, request(0, true), []string{"c", "a", "b", "a"})
	for what, got := range map[string][]string{"names": names, "identities": identities, "resources": resources} {
		if !slices.Equal(got, want) {
			t.Fatalf("%s %q, want %q", what, got, want)
		}
	}
}

func TestListResults_limitAndNoResource(t *testing.T) {
	names, identities, resources := collect(t, request(2, false), []string{"c", "a", "b"})
	if !slices.Equal(names, []string{"a", "b"}) || !slices.Equal(identities, names) || !slices.Equal(resources, []string{"", ""}) {
		t.Fatalf("names %q, identities %q, resources %q", names, identities, resources)
	}
}
