package mljobreset

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// unknown stands for a trigger value known only after apply.
type unknown struct{}

var (
	omitted        = types.MapNull(types.StringType)
	unknownMap     = types.MapUnknown(types.StringType)
	stringTriggers = func(kv ...any) types.Map {
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
)

// Random's keepers rule, decided where the replacement is decided: only
// the non-null values of triggers count.
func TestModifyPlanReplacesOnlyWhenNonNullTriggersChange(t *testing.T) {
	m := stringTriggers
	for _, tc := range []struct {
		name          string
		before, after types.Map
		resets        bool
	}{
		{"omitted to {}", omitted, m(), false},
		{"{} to omitted", m(), omitted, false},
		{"omitted to a null value", omitted, m("k", nil), false},
		{"a null value to omitted", m("k", nil), omitted, false},
		{"{} to a null value", m(), m("k", nil), false},
		{"null key added", m("a", "v"), m("a", "v", "k", nil), false},
		{"null key removed", m("a", "v", "k", nil), m("a", "v"), false},
		{"unchanged", m("a", "v"), m("a", "v"), false},

		{"value changed", m("a", "v1"), m("a", "v2"), true},
		{"key added", m("a", "v"), m("a", "v", "b", "w"), true},
		{"key removed", m("a", "v", "b", "w"), m("a", "v"), true},
		{"all removed", m("a", "v"), omitted, true},
		{"value to null", m("a", "v"), m("a", nil), true},
		{"null to value", m("a", nil), m("a", "v"), true},
		{"omitted to a value", omitted, m("a", "v"), true},
		{"an empty string is a value", omitted, m("a", ""), true},
		{"value unknown at plan", m("a", "v"), m("a", unknown{}), true},
		{"map unknown at plan", omitted, unknownMap, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			state := model("web", nil)
			state.Triggers = tc.before
			state.ID, state.TaskID = types.StringValue("web"), types.StringNull()
			plan := state
			plan.Triggers = tc.after

			resp := modifyPlan(t, &state, &plan)
			replaces := resp.RequiresReplace.Contains(path.Root("triggers"))
			warns := resetWarning(resp) != ""
			if replaces != tc.resets || warns != tc.resets {
				t.Fatalf("%s -> %s: want reset %v, got replacement %v and reset warning %v", tc.before, tc.after, tc.resets, replaces, warns)
			}
		})
	}
}
