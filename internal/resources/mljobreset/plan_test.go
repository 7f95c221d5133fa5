package mljobreset

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

func model(jobID string, triggers map[string]string) resourceModel {
	m := resourceModel{
		ID: types.StringUnknown(), JobID: types.StringValue(jobID), Triggers: types.MapNull(types.StringType),
		DeleteUserAnnotations: types.BoolValue(false), WaitForCompletion: types.BoolValue(true), ForceClose: types.BoolValue(false),
		AfterReset: types.StringValue("closed"), DatafeedStart: types.StringNull(),
		TaskID: types.StringUnknown(), Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
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
	r := &jobResetResource{}
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
		if strings.Contains(d.Summary(), "resets ML job") {
			return d.Summary() + " " + d.Detail()
		}
	}
	return ""
}

func TestModifyPlanWarnsWhenTheJobWillBeReset(t *testing.T) {
	v1 := model("web", map[string]string{"data": "v1"})
	v2 := model("web", map[string]string{"data": "v2"})
	other := model("api", map[string]string{"data": "v1"})
	v1State := v1
	v1State.ID, v1State.TaskID = types.StringValue("web"), types.StringNull()

	t.Run("create", func(t *testing.T) {
		resp := modifyPlan(t, nil, &v1)
		if w := resetWarning(resp); !strings.Contains(w, `"web"`) || !strings.Contains(w, "deletes its model") {
			t.Fatalf("want a warning naming the job, got %q", w)
		}
		var taskID types.String
		resp.Plan.GetAttribute(context.Background(), path.Root("task_id"), &taskID)
		if !taskID.IsNull() {
			t.Fatalf("a blocking reset has no task: want task_id null in the plan, got %s", taskID)
		}
	})
	t.Run("trigger change replaces", func(t *testing.T) {
		resp := modifyPlan(t, &v1State, &v2)
		if resetWarning(resp) == "" || !resp.RequiresReplace.Contains(path.Root("triggers")) {
			t.Fatalf("want replacement with a warning, got %v / %v", resp.RequiresReplace, resp.Diagnostics)
		}
	})
	t.Run("job change warns about the new job", func(t *testing.T) {
		resp := modifyPlan(t, &v1State, &other)
		if w := resetWarning(resp); !strings.Contains(w, `"api"`) {
			t.Fatalf("want a warning naming the new job, got %q", w)
		}
	})
	t.Run("same triggers: silent", func(t *testing.T) {
		same := v1
		same.ID, same.TaskID = types.StringValue("web"), types.StringNull()
		resp := modifyPlan(t, &v1State, &same)
		if resetWarning(resp) != "" || len(resp.RequiresReplace) != 0 {
			t.Fatalf("want no reset, got %v / %v", resp.RequiresReplace, resp.Diagnostics)
		}
	})
	t.Run("destroy: silent", func(t *testing.T) {
		resp := modifyPlan(t, &v1State, nil)
		if len(resp.Diagnostics) != 0 {
			t.Fatalf("destroying the resource does not touch the job, got %v", resp.Diagnostics)
		}
	})
}
