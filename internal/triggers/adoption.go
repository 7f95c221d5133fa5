package triggers

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An import adopts an object without running the operation: the state has
// no triggers and a mark in private state, and the first apply records the
// configured triggers in place and removes the mark.

// adoptedKey marks, in private state, a resource imported but not yet
// applied.
const adoptedKey = "adopted"

// PrivateReader is the part of the framework's private state a plan reads.
type PrivateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// PrivateWriter is the part of the framework's private state an import and
// an update write.
type PrivateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// IsAdopted reports a resource imported and not yet applied.
func IsAdopted(ctx context.Context, p PrivateReader) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, adoptedKey)
	return string(v) == "true"
}

// MarkAdopted marks an imported resource, whose first apply records its
// triggers without running the operation.
func MarkAdopted(ctx context.Context, p PrivateWriter) diag.Diagnostics {
	return p.SetKey(ctx, adoptedKey, []byte("true"))
}

// EndAdoption removes the mark: from now on a change of triggers runs the
// operation.
func EndAdoption(ctx context.Context, p PrivateWriter) diag.Diagnostics {
	return p.SetKey(ctx, adoptedKey, nil)
}

// Change is what a plan's triggers mean, given the state's.
type Change struct {
	// Replace: the triggers changed, so the operation runs again.
	Replace bool
	// Adopting: the first plan after an import, which records the
	// triggers without running anything. It must plan an in-place update
	// even when nothing else changes, so that its apply ends the adoption.
	Adopting bool
}

// Compare decides what the plan's triggers mean. While a resource is
// adopted and its state has no triggers, no change of triggers replaces it.
func Compare(ctx context.Context, plan, state types.Map, p PrivateReader) Change {
	adopting := state.IsNull() && IsAdopted(ctx, p)
	return Change{Replace: !Same(plan, state) && !adopting, Adopting: adopting}
}
