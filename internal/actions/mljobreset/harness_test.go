package mljobreset_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

const actionType = "elasticsearch_ml_job_reset"

// harness is acctest.ActionHarness for this action, with the job fixtures
// its tests use.
type harness struct {
	*acctest.ActionHarness
	t      *testing.T
	es     *emulator.Server
	schema *tfprotov6.Schema
	clock  *acctest.FakeClock
}

// newHarness serves a provider configured for a fresh emulator; endpoint
// false leaves the provider without one.
func newHarness(t *testing.T, endpoint bool, opts ...emulator.Option) *harness {
	t.Helper()
	h := acctest.NewActionHarness(t, actionType, endpoint, opts...)
	return &harness{ActionHarness: h, t: t, es: h.ES, schema: h.ActionSchema, clock: h.Clock}
}

func (h *harness) validate(set map[string]any) []*tfprotov6.Diagnostic { return h.Validate(set) }
func (h *harness) plan(set map[string]any) []*tfprotov6.Diagnostic     { return h.Plan(set) }
func (h *harness) invoke(set map[string]any) invocation                { return invocation{h.Invoke(set)} }
func (h *harness) expectRequests(want ...string)                       { h.t.Helper(); h.ExpectRequests(want...) }

// invocation is one InvokeAction under way.
type invocation struct{ *acctest.Invocation }

func (inv invocation) expectProgress(want string) { inv.ExpectProgress(want) }

func (inv invocation) finish() ([]string, []*tfprotov6.Diagnostic) { return inv.Finish() }

// trainedJob creates a closed job that has learned from 50 records.
func (h *harness) trainedJob(jobID string) {
	h.t.Helper()
	h.es.PutJob(jobID)
	must(h.t, h.es.OpenJob(jobID))
	must(h.t, h.es.ProcessRecords(jobID, 50))
	must(h.t, h.es.CloseJob(jobID))
	h.es.ClearRequests()
}

func (h *harness) job(jobID string) emulator.JobSnapshot {
	h.t.Helper()
	j, ok := h.es.Job(jobID)
	if !ok {
		h.t.Fatalf("job %s does not exist", jobID)
	}
	return j
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var (
	expectNoDiagnostics = acctest.ExpectNoDiagnostics
	expectError         = acctest.ExpectError
)
