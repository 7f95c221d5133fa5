package keepers

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// unknown stands for a value known only after apply.
type unknown struct{}

var omitted = types.MapNull(types.StringType)

// m builds a map of string from pairs of key and value (string, nil for
// null, unknown{}).
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
