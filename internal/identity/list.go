package identity

import (
	"context"
	"iter"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ListResults streams one result a found id, sorted and each once (a
// listing read page by page can repeat one created meanwhile), up to the
// request's limit: its display name and identity, and, when Terraform
// asks for it, the state adopted(id) that an import gives.
func ListResults(ctx context.Context, req list.ListRequest, attribute string, ids []string, adopted func(id string) any) iter.Seq[list.ListResult] {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	return func(yield func(list.ListResult) bool) {
		for i, id := range ids {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = id
			result.Diagnostics.Append(Set(ctx, result.Identity, attribute, types.StringValue(id))...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, adopted(id))...)
			}
			if !yield(result) {
				return
			}
		}
	}
}
