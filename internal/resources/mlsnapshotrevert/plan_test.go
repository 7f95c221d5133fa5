package mlsnapshotrevert

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ModifyPlan without a client: what the plan decides and says from the
// configuration alone.

func model(jobID, snapshotID string, triggers map[string]string) resourceModel {
	m := adoptedState(jobID, snapshotID)
	m.ID, m.LatestRecordTime = types.StringUnknown(), types.StringUnknown()
	if triggers != nil {
		elems := map[string]attr.Value{}
		for k, v := range triggers {
			elems[k] = types.StringValue(v)
		}
		m.Triggers = types.MapValueMust(types.StringType, elems)
	}
	return m
}

// applied is m as an apply stores it.
func applied(m resourceModel) resourceModel {
	m.ID = types.StringValue(resourceID(m.JobID.ValueString(), m.SnapshotID.ValueString()))
	m.LatestRecordTime = types.StringValue("2026-03-01T00:59:00Z")
	return m
}

// private is the framework's private state as ModifyPlan reads it.
type private map[string][]byte

func (p private) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) { return p[key], nil }

// modifyPlan runs ModifyPlan from prior state (nil: create) to plan (nil:
// destroy) without a client.
func modifyPlan(t *testing.T, state, plan *resourceModel, adopted bool) *resource.ModifyPlanResponse {
	t.Helper()
	ctx := context.Background()
	r := &revertResource{}
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
	if adopted {
		r.modifyPlan(ctx, req, resp, private{"adopted": []byte("true")})
	} else {
		r.modifyPlan(ctx, req, resp, nil)
	}
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return resp
}

func warning(resp *resource.ModifyPlanResponse, about string) diag.Diagnostic {
	for _, d := range resp.Diagnostics.Warnings() {
		if strings.Contains(d.Summary(), about) {
			return d
		}
	}
	return nil
}

func planned(t *testing.T, resp *resource.ModifyPlanResponse, attribute string) types.String {
	t.Helper()
	var v types.String
	if d := resp.Plan.GetAttribute(context.Background(), path.Root(attribute), &v); d.HasError() {
		t.Fatal(d)
	}
	return v
}

func TestModifyPlanWarnsWhenTheJobWillBeReverted(t *testing.T) {
	v1 := model("web", "1700000000", map[string]string{"incident": "INC-1"})
	v1State := applied(v1)

	t.Run("create", func(t *testing.T) {
		resp := modifyPlan(t, nil, &v1, false)
		w := warning(resp, "reverts ML job")
		if w == nil || w.Summary() != `Applying this plan reverts ML job "web" to model snapshot "1700000000"` ||
			!strings.Contains(w.Detail(), "what it learned since is forgotten") || strings.Contains(w.Detail(), "deleted") {
			t.Fatalf("got %v", resp.Diagnostics)
		}
		if id := planned(t, resp, "id"); id.ValueString() != "web/1700000000" {
			t.Fatalf("want the id known at plan, got %s", id)
		}
		if lrt := planned(t, resp, "latest_record_time"); !lrt.IsUnknown() {
			t.Fatalf("only the revert tells latest_record_time, got %s", lrt)
		}
	})
	t.Run("deleting results says so", func(t *testing.T) {
		deleting := v1
		deleting.DeleteInterveningResults = types.BoolValue(true)
		w := warning(modifyPlan(t, nil, &deleting, false), "reverts ML job")
		if w == nil || !strings.Contains(w.Detail(), "results after the snapshot are deleted too, which cannot be undone") {
			t.Fatalf("got %v", w)
		}
	})
	t.Run("the empty snapshot", func(t *testing.T) {
		empty := model("web", "empty", nil)
		w := warning(modifyPlan(t, nil, &empty, false), "reverts ML job")
		if w == nil || !strings.Contains(w.Detail(), "a model that has learned nothing") {
			t.Fatalf("got %v", w)
		}
	})
	t.Run("another snapshot replaces, with a warning", func(t *testing.T) {
		other := model("web", "1700003600", map[string]string{"incident": "INC-1"})
		// As the schema's UseStateForUnknown leaves them.
		other.ID, other.LatestRecordTime = v1State.ID, v1State.LatestRecordTime
		resp := modifyPlan(t, &v1State, &other, false)
		if warning(resp, `model snapshot "1700003600"`) == nil || !planned(t, resp, "latest_record_time").IsUnknown() ||
			planned(t, resp, "id").ValueString() != "web/1700003600" {
			t.Fatalf("got %v, id %s, latest_record_time %s", resp.Diagnostics, planned(t, resp, "id"), planned(t, resp, "latest_record_time"))
		}
	})
	t.Run("keepers: {} is no triggers", func(t *testing.T) {
		none := model("web", "1700000000", nil)
		noneState := applied(none)
		empty := model("web", "1700000000", map[string]string{})
		empty.ID, empty.LatestRecordTime = noneState.ID, noneState.LatestRecordTime
		resp := modifyPlan(t, &noneState, &empty, false)
		if len(resp.RequiresReplace) != 0 || len(resp.Diagnostics) != 0 {
			t.Fatalf("want an in-place update, got %v / %v", resp.RequiresReplace, resp.Diagnostics)
		}
	})
	t.Run("a trigger changed replaces", func(t *testing.T) {
		v2 := model("web", "1700000000", map[string]string{"incident": "INC-2"})
		resp := modifyPlan(t, &v1State, &v2, false)
		if !resp.RequiresReplace.Contains(path.Root("triggers")) || warning(resp, "reverts ML job") == nil {
			t.Fatalf("got %v / %v", resp.RequiresReplace, resp.Diagnostics)
		}
	})
	t.Run("destroy: silent", func(t *testing.T) {
		if resp := modifyPlan(t, &v1State, nil, false); len(resp.Diagnostics) != 0 {
			t.Fatalf("got %v", resp.Diagnostics)
		}
	})
}

// The first plan after an import records the triggers in place, and plans
// an update even when nothing else changes, so that the apply ends the
// adoption.
func TestModifyPlanOfAnAdoptedRevert(t *testing.T) {
	state := adoptedState("web", "1700000000")
	plan := state
	resp := modifyPlan(t, &state, &plan, true)
	if len(resp.RequiresReplace) != 0 || len(resp.Diagnostics) != 0 || !planned(t, resp, "latest_record_time").IsUnknown() {
		t.Fatalf("want an update with nothing said, got %v / %v / %s", resp.RequiresReplace, resp.Diagnostics, planned(t, resp, "latest_record_time"))
	}
	plan.Triggers = model("web", "1700000000", map[string]string{"incident": "INC-1"}).Triggers
	if resp = modifyPlan(t, &state, &plan, true); len(resp.RequiresReplace) != 0 || warning(resp, "reverts") != nil {
		t.Fatalf("adopting records triggers without a revert, got %v / %v", resp.RequiresReplace, resp.Diagnostics)
	}
	// Not adopted: the same plan is no change at all.
	plan = state
	if resp = modifyPlan(t, &state, &plan, false); !planned(t, resp, "latest_record_time").IsNull() {
		t.Fatalf("got %s", planned(t, resp, "latest_record_time"))
	}
}

// A datafeed brought back after a revert that keeps the results resumes
// after the job's latest record: the plan says so.
func TestModifyPlanWarnsWhereTheDatafeedResumes(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		deleting bool
		warns    bool
	}{
		{"started", false, true},
		{"restore", false, true},
		{"closed", false, false},
		{"started", true, false},
		{"restore", true, false},
	} {
		m := model("web", "1700000000", nil)
		m.AfterRevert, m.DeleteInterveningResults = types.StringValue(tc.mode), types.BoolValue(tc.deleting)
		w := warning(modifyPlan(t, nil, &m, false), "resumes after the job's latest record")
		if (w != nil) != tc.warns {
			t.Errorf("after_revert %s, delete_intervening_results %v: warning %v", tc.mode, tc.deleting, w)
			continue
		}
		if w != nil && (w.Summary() != `The datafeed of ML job "web" resumes after the job's latest record, not from the snapshot` ||
			!strings.Contains(w.Detail(), `after_revert = "`+tc.mode+`"`) || !strings.Contains(w.Detail(), "Set delete_intervening_results = true")) {
			t.Errorf("got %q / %q", w.Summary(), w.Detail())
		}
	}
}
