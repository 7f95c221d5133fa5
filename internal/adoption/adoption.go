// Package adoption is how a reset resource takes over an object that
// already exists without resetting it (DESIGN.md §2): the import marks the
// resource as adopted in private state, and while the mark is there a
// change of triggers from none records them instead of resetting. The
// first apply after the import ends the adoption. Every reset resource
// adopts by the same rule.
package adoption

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/keepers"
)

// key marks, in private state, a resource imported but not yet applied.
// States written by earlier versions carry it under this name.
const key = "adopted"

// PrivateGetter is the part of the framework's private state a plan reads.
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// PrivateSetter is the part of the framework's private state an import and
// an update write.
type PrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// Adopted reports a resource imported and not applied since.
func Adopted(ctx context.Context, p PrivateGetter) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, key)
	return string(v) == "true"
}

// Mark records that an import adopted the object.
func Mark(ctx context.Context, p PrivateSetter) diag.Diagnostics {
	return p.SetKey(ctx, key, []byte("true"))
}

// End records that the adoption is over: from now on a change of triggers
// resets.
func End(ctx context.Context, p PrivateSetter) diag.Diagnostics {
	return p.SetKey(ctx, key, nil)
}

// Triggers decides what a plan from state to plan triggers does: replace
// (reset again) follows the keepers rule, except while an adopted
// resource's state has no triggers yet. Then adopting is true: the apply
// records the configured triggers in place, and the caller plans an
// in-place update even when nothing else changes, because the keepers rule
// makes "no triggers" and {} equal, so the state alone cannot tell an
// adopted resource from one created without triggers.
func Triggers(ctx context.Context, p PrivateGetter, plan, state types.Map) (replace, adopting bool) {
	adopting = state.IsNull() && Adopted(ctx, p)
	return !adopting && !keepers.Same(plan, state), adopting
}
