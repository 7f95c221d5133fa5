package mljobreset_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// BenchmarkPlanOfAnExistingResource is the provider's share of planning
// one existing resource, as Terraform calls it for each: validate the
// configuration, upgrade and refresh the state (one GET of the job), plan.
// DESIGN.md §8 compares a plan of 1,000 of them with 1,000 terraform_data.
func BenchmarkPlanOfAnExistingResource(b *testing.B) {
	srv := emulator.New()
	srv.Start()
	b.Cleanup(srv.Close)
	srv.PutJob("j")
	s := acctest.OnEmulator(srv).ServeProtocol(b)
	ctx := context.Background()
	typ := s.Schema.ResourceSchemas[typeName].ValueType()
	set := map[string]tftypes.Value{
		"job_id":                  tftypes.NewValue(tftypes.String, "j"),
		"triggers":                tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"v": tftypes.NewValue(tftypes.String, "1")}),
		"delete_user_annotations": tftypes.NewValue(tftypes.Bool, false),
		"wait_for_completion":     tftypes.NewValue(tftypes.Bool, true),
		"force_close":             tftypes.NewValue(tftypes.Bool, false),
		"after_reset":             tftypes.NewValue(tftypes.String, "closed"),
	}
	config := acctest.NullObject(b, typ, map[string]tftypes.Value{"job_id": set["job_id"], "triggers": set["triggers"]})
	set["id"] = tftypes.NewValue(tftypes.String, "j")
	state := acctest.NullObject(b, typ, set)
	b.ReportAllocs()
	for b.Loop() {
		v, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config})
		mustClean(b, err, v.Diagnostics)
		r, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: state})
		mustClean(b, err, r.Diagnostics)
		p, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: r.NewState, ProposedNewState: r.NewState, Config: config,
		})
		mustClean(b, err, p.Diagnostics)
		if len(p.RequiresReplace) > 0 {
			b.Fatalf("the plan replaces: %v", p.RequiresReplace)
		}
	}
}

func mustClean(b *testing.B, err error, diags []*tfprotov6.Diagnostic) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
}
