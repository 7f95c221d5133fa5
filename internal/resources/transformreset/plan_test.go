package transformreset

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func model(id types.String, triggers map[string]string) resourceModel {
	m := resourceModel{
		ID: types.StringUnknown(), TransformID: id, Triggers: types.MapNull(types.StringType),
		ForceStop: types.BoolValue(false), AfterReset: types.StringValue("stopped"),
		Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
	if triggers != nil {
		elems := map[string]attr.Value{}
		for k, v := range triggers {
			elems[k] = types.StringValue(v)
		}
		m.Triggers = types.MapValueMust(types.StringType, elems)
	}
	return m
}

// modifyPlan runs ModifyPlan from prior state (nil: create) to plan (nil:
// destroy) without a client.
func modifyPlan(t *testing.T, state, plan *resourceModel) *resource.ModifyPlanResponse {
	t.Helper()
	ctx := context.Background()
	r := &transformResetResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	s := sresp.Schema
	req := resource.ModifyPlanRequest{State: tfsdk.State{Schema: s}, Plan: tfsdk.Plan{Schema: s}, Config: tfsdk.Config{Schema: s}}
	req.State.RemoveResource(ctx)
	if state != nil {
		if d := req.State.Set(ctx, state); d.HasError() {
			t.Fatal(d)
		}
	}
	if plan != nil {
		if d := req.Plan.Set(ctx, plan); d.HasError() {
			t.Fatal(d)
		}
	} else {
		nullPlan := tfsdk.State{Schema: s}
		nullPlan.RemoveResource(ctx)
		req.Plan.Raw = nullPlan.Raw
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.ModifyPlan(ctx, req, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp
}

func resetWarning(resp *resource.ModifyPlanResponse) string {
	for _, d := range resp.Diagnostics.Warnings() {
		if strings.HasPrefix(d.Summary(), "Applying this plan resets transform ") {
			return d.Summary() + " " + d.Detail()
		}
	}
	return ""
}

// Without a cluster to ask (endpoints known only at apply), the plan still
// says which transform it resets, and only when it resets one.
func TestModifyPlanWarnsWhenTheTransformWillBeReset(t *testing.T) {
	v1 := model(types.StringValue("sales"), map[string]string{"source": "v1"})
	state := v1
	state.ID = types.StringValue("sales")

	if w := resetWarning(modifyPlan(t, nil, &v1)); !strings.Contains(w, `resets transform "sales"`) || !strings.HasSuffix(w, "This cannot be undone.") {
		t.Fatalf("create: %q", w)
	}
	v2 := model(types.StringValue("sales"), map[string]string{"source": "v2"})
	resp := modifyPlan(t, &state, &v2)
	if resetWarning(resp) == "" || !resp.RequiresReplace.Contains(path.Root("triggers")) {
		t.Fatalf("a changed trigger: %v / %v", resp.RequiresReplace, resp.Diagnostics)
	}
	same := state
	if resp := modifyPlan(t, &state, &same); resetWarning(resp) != "" || len(resp.RequiresReplace) != 0 {
		t.Fatalf("same triggers: %v / %v", resp.RequiresReplace, resp.Diagnostics)
	}
	if resp := modifyPlan(t, &state, nil); len(resp.Diagnostics) != 0 {
		t.Fatalf("destroy touches nothing: %v", resp.Diagnostics)
	}
	unknown := model(types.StringUnknown(), nil)
	if w := resetWarning(modifyPlan(t, nil, &unknown)); !strings.HasPrefix(w, "Applying this plan resets transform (known after apply)") {
		t.Fatalf("unknown id: %q", w)
	}
}
