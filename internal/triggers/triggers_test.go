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
// what is not known yet counts as a change. Either order gives the same
// answer.
func TestSame(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after types.Map
		same          bool
	}{
		{"omitted to {}", omitted, m(), true},
		{"{} to omitted", m(), omitted, true},
		{"omitted to a null value", omitted, m("k", nil), true},
		{"a null value to omitted", m("k", nil), omitted, true},
		{"{} to a null value", m(), m("k", nil), true},
		{"null key added", m("a", "v"), m("a", "v", "k", nil), true},
		{"null key removed", m("a", "v", "k", nil), m("a", "v"), true},
		{"unchanged", m("a", "v"), m("a", "v"), true},

		{"value changed", m("a", "v1"), m("a", "v2"), false},
		{"key added", m("a", "v"), m("a", "v", "b", "w"), false},
		{"key removed", m("a", "v", "b", "w"), m("a", "v"), false},
		{"all removed", m("a", "v"), omitted, false},
		{"value to null", m("a", "v"), m("a", nil), false},
		{"null to value", m("a", nil), m("a", "v"), false},
		{"omitted to a value", omitted, m("a", "v"), false},
		{"an empty string is a value", omitted, m("a", ""), false},
		{"value unknown at plan", m("a", "v"), m("a", unknown{}), false},
		{"map unknown at plan", omitted, types.MapUnknown(types.StringType), false},
		{"not a map of string", m("a", "1"), types.MapValueMust(types.Int64Type, map[string]attr.Value{"a": types.Int64Value(1)}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Same(tc.before, tc.after); got != tc.same {
				t.Fatalf("Same(%s, %s) = %v, want %v", tc.before, tc.after, got, tc.same)
			}
			if got := Same(tc.after, tc.before); got != tc.same {
				t.Fatalf("Same(%s, %s) = %v, want %v (either order)", tc.after, tc.before, got, tc.same)
			}
		})
	}
}

// private is a private state in memory.
type private map[string][]byte

func (p private) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) { return p[key], nil }
func (p private) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if value == nil {
		delete(p, key)
	} else {
		p[key] = value
	}
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

// The mark is one key in private state, which the end removes.
func TestMarkAndEnd(t *testing.T) {
	ctx := context.Background()
	p := private{}
	MarkAdopted(ctx, p)
	if string(p["adopted"]) != "true" {
		t.Fatalf("mark after an import: %q", p)
	}
	EndAdoption(ctx, p)
	if len(p) != 0 {
		t.Fatalf("mark left after the first apply: %q", p)
	}
}

// While adopted with no triggers in state, triggers are recorded, not run;
// a state with triggers, or no mark, follows the keepers rule.
func TestCompare(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name              string
		adopted           bool
		state, plan       types.Map
		replace, adopting bool
	}{
		{"adopted, triggers added", true, omitted, m("data", "v1"), false, true},
		{"adopted, still none", true, omitted, omitted, false, true},
		{"adopted, but triggers recorded since", true, m("data", "v1"), m("data", "v2"), true, false},
		{"adopted, empty map recorded", true, m(), m("data", "v1"), true, false},
		{"not adopted, triggers added", false, omitted, m("data", "v1"), true, false},
		{"not adopted, same", false, m("data", "v1"), m("data", "v1"), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := private{}
			if tc.adopted {
				MarkAdopted(ctx, p)
			}
			if c := Compare(ctx, tc.plan, tc.state, p); c.Replace != tc.replace || c.Adopting != tc.adopting {
				t.Fatalf("got %+v, want replace %v adopting %v", c, tc.replace, tc.adopting)
			}
		})
	}
}
