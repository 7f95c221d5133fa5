package adoption

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// private is private state as the framework keeps it: keys and values.
type private map[string][]byte

func (p private) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }

func (p private) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	if v == nil {
		delete(p, k)
	} else {
		p[k] = v
	}
	return nil
}

func TestMarkAndEnd(t *testing.T) {
	ctx := context.Background()
	p := private{}
	if Adopted(ctx, p) || Adopted(ctx, nil) {
		t.Fatal("adopted before any import")
	}
	Mark(ctx, p)
	if !Adopted(ctx, p) || string(p["adopted"]) != "true" {
		t.Fatalf("not adopted after Mark: %q", p)
	}
	End(ctx, p)
	if Adopted(ctx, p) || len(p) != 0 {
		t.Fatalf("still adopted after End: %q", p)
	}
}

// While adopted with no triggers in state, triggers are recorded, not a
// reset; a state with triggers, or no mark, follows the keepers rule.
func TestTriggers(t *testing.T) {
	ctx := context.Background()
	none := types.MapNull(types.StringType)
	v1 := types.MapValueMust(types.StringType, map[string]attr.Value{"data": types.StringValue("v1")})
	v2 := types.MapValueMust(types.StringType, map[string]attr.Value{"data": types.StringValue("v2")})
	empty := types.MapValueMust(types.StringType, map[string]attr.Value{})
	for _, tc := range []struct {
		name              string
		adopted           bool
		state, plan       types.Map
		replace, adopting bool
	}{
		{"adopted, triggers added", true, none, v1, false, true},
		{"adopted, still none", true, none, none, false, true},
		{"adopted, but triggers recorded since", true, v1, v2, true, false},
		{"adopted, empty map recorded", true, empty, v1, true, false},
		{"not adopted, triggers added", false, none, v1, true, false},
		{"not adopted, same", false, v1, v1, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := private{}
			if tc.adopted {
				Mark(ctx, p)
			}
			replace, adopting := Triggers(ctx, p, tc.plan, tc.state)
			if replace != tc.replace || adopting != tc.adopting {
				t.Fatalf("got replace %v adopting %v, want %v %v", replace, adopting, tc.replace, tc.adopting)
			}
		})
	}
}
