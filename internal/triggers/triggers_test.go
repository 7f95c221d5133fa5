package triggers

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// unknown stands for a trigger value known only after apply.
type unknown struct{}

func m(kv ...any) types.Map {
	elems := map[string]attr.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case nil:
			elems[kv[i].(string)] = types.StringNull()
		case unknown:
			elems[kv[i].(string)] = types.StringUnknown()
		case string:
			elems[kv[i].(string)] = types.StringValue(v)
		}
	}
	return types.MapValueMust(types.StringType, elems)
}

var omitted = types.MapNull(types.StringType)

// Random's keepers rule: only the non-null values of triggers count, and
// what is not known yet counts as a change.
func TestSame(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after types.Map
		same          bool
	}{
		{"omitted to {}", omitted, m(), true},
		{"{} to omitted", m(), omitted, true},
		{"omitted to a null value", omitted, m("k", nil), true},
		{"{} to a null value", m(), m("k", nil), true},
		{"null key added", m("a", "v"), m("a", "v", "k", nil), true},
		{"unchanged", m("a", "v"), m("a", "v"), true},

		{"value changed", m("a", "v1"), m("a", "v2"), false},
		{"key added", m("a", "v"), m("a", "v", "b", "w"), false},
		{"key removed", m("a", "v", "b", "w"), m("a", "v"), false},
		{"all removed", m("a", "v"), omitted, false},
		{"value to null", m("a", "v"), m("a", nil), false},
		{"an empty string is a value", omitted, m("a", ""), false},
		{"value unknown at plan", m("a", "v"), m("a", unknown{}), false},
		{"map unknown at plan", omitted, types.MapUnknown(types.StringType), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Same(tc.before, tc.after); got != tc.same {
				t.Fatalf("Same(%s, %s) = %v", tc.before, tc.after, got)
			}
		})
	}
}

// private is a private state in memory.
type private map[string][]byte

func (p private) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) { return p[key], nil }
func (p private) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	p[key] = value
	return nil
}

// An adopted resource's first plan records any triggers without a
// replacement; once the adoption ends, a change replaces again.
func TestAdoptionEndsAtTheFirstApply(t *testing.T) {
	ctx := context.Background()
	p := private{}
	if c := Compare(ctx, m("a", "v"), omitted, p); !c.Replace || c.Adopting {
		t.Fatalf("not adopted: %+v", c)
	}
	MarkAdopted(ctx, p)
	if c := Compare(ctx, m("a", "v"), omitted, p); c.Replace || !c.Adopting {
		t.Fatalf("adopted: %+v", c)
	}
	// Adopted, but the state has triggers: they count.
	if c := Compare(ctx, m("a", "w"), m("a", "v"), p); !c.Replace || c.Adopting {
		t.Fatalf("adopted with triggers in state: %+v", c)
	}
	EndAdoption(ctx, p)
	if IsAdopted(ctx, p) || !Compare(ctx, m("a", "v"), omitted, p).Replace {
		t.Fatal("the adoption did not end")
	}
	if IsAdopted(ctx, nil) {
		t.Fatal("no private state is no adoption")
	}
}
