package mlsnapshotrevert_test

// Tests through the provider protocol, as Terraform 1.14 calls the action:
// they need no CLI, so they run wherever the unit tests run.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

const actionType = "elasticsearch_ml_model_snapshot_revert"

// harness is acctest.ActionHarness for this action, with the emulator's
// cluster for its fixtures.
type harness struct {
	*acctest.ActionHarness
	c     *acctest.Cluster
	es    *emulator.Server
	clock *acctest.FakeClock
}

func newHarness(t *testing.T, opts ...emulator.Option) *harness {
	t.Helper()
	h := acctest.NewActionHarness(t, actionType, true, opts...)
	return &harness{ActionHarness: h, c: h.Cluster, es: h.ES, clock: h.Clock}
}

// learned gives the harness a closed job that learned in three steps, and
// returns its id and snapshots, oldest first; the request log is cleared.
func (h *harness) learned(t *testing.T) (string, []acctest.SnapshotStep) {
	t.Helper()
	jobID := h.c.JobID(t)
	h.c.CreateJob(t, jobID)
	steps := h.c.LearnInSteps(t, jobID, 3)
	h.es.ClearRequests()
	return jobID, steps
}

// expectRequests checks the emulator's log; a request with a body is
// marked.
func (h *harness) expectRequests(t *testing.T, want ...string) {
	t.Helper()
	var got []string
	for _, r := range h.es.Requests() {
		line := acctest.Call(r.Method, r.Path, r.Query)
		if strings.TrimSpace(r.Body) != "" {
			line += " with a body"
		}
		got = append(got, line)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("requests:\n got %q\nwant %q", got, want)
	}
}

var (
	expectNoDiagnostics = acctest.ExpectNoDiagnostics
	expectError         = acctest.ExpectError
)

func jobPath(jobID, action string) string { return "/_ml/anomaly_detectors/" + jobID + "/" + action }

func revertPath(jobID, snapshotID string) string {
	return "/_ml/anomaly_detectors/" + jobID + "/model_snapshots/" + snapshotID + "/_revert"
}

func TestSchemaHasTheAction(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	want := map[string]struct {
		typ      tftypes.Type
		required bool
	}{
		"job_id":                     {tftypes.String, true},
		"snapshot_id":                {tftypes.String, true},
		"delete_intervening_results": {tftypes.Bool, false},
		"force_close":                {tftypes.Bool, false},
		"after_revert":               {tftypes.String, false},
		"datafeed_start":             {tftypes.String, false},
		"timeout":                    {tftypes.String, false},
	}
	schema := h.Schema.ActionSchemas[actionType].Schema
	if len(schema.Block.Attributes) != len(want) || len(schema.Block.BlockTypes) != 0 {
		t.Fatalf("want exactly the attributes %v, got %d attributes and %d blocks", want, len(schema.Block.Attributes), len(schema.Block.BlockTypes))
	}
	for _, a := range schema.Block.Attributes {
		w, ok := want[a.Name]
		if !ok {
			t.Errorf("unexpected attribute %q", a.Name)
			continue
		}
		if !a.Type.Equal(w.typ) || a.Required != w.required || a.Optional == w.required || a.Computed {
			t.Errorf("%s: type %v required %v optional %v computed %v", a.Name, a.Type, a.Required, a.Optional, a.Computed)
		}
	}
}

func TestValidateConfig(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, tc := range []struct {
		name      string
		set       map[string]any
		attribute string
		summary   string
	}{
		{name: "job and snapshot", set: map[string]any{"job_id": "web", "snapshot_id": "1700000000"}},
		{name: "every attribute", set: map[string]any{"job_id": "web", "snapshot_id": "empty", "delete_intervening_results": true,
			"force_close": true, "after_revert": "started", "datafeed_start": "now-1h", "timeout": "1h30m"}},
		{name: "job id Elasticsearch refuses", set: map[string]any{"job_id": "Web", "snapshot_id": "1"}, attribute: "job_id", summary: "Invalid Attribute Value Match"},
		{name: "a snapshot expression", set: map[string]any{"job_id": "web", "snapshot_id": "17*"}, attribute: "snapshot_id", summary: "Invalid Attribute Value Match"},
		{name: "a list of snapshots", set: map[string]any{"job_id": "web", "snapshot_id": "1,2"}, attribute: "snapshot_id", summary: "Invalid Attribute Value Match"},
		{name: "unknown after_revert", set: map[string]any{"job_id": "web", "snapshot_id": "1", "after_revert": "running"}, attribute: "after_revert", summary: "Invalid Attribute Value Match"},
		{name: "datafeed_start without after_revert", set: map[string]any{"job_id": "web", "snapshot_id": "1", "datafeed_start": "now-1h"},
			attribute: "datafeed_start", summary: "datafeed_start needs after_revert"},
		{name: "datafeed_start with restore", set: map[string]any{"job_id": "web", "snapshot_id": "1", "after_revert": "restore", "datafeed_start": "now-1h"}},
		{name: "timeout not a duration", set: map[string]any{"job_id": "web", "snapshot_id": "1", "timeout": "an hour"}, attribute: "timeout", summary: "Invalid timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := h.ValidateAction(t, actionType, tc.set)
			if tc.summary == "" {
				expectNoDiagnostics(t, diags)
				return
			}
			expectError(t, diags, tc.attribute, tc.summary)
		})
	}
	h.expectRequests(t) // validation reads nothing
}

// What the cluster cannot take fails the plan: serverless, and the empty
// snapshot before 7.11. Nothing but the version read is sent.
func TestPlanChecksTheCluster(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		opts      []emulator.Option
		snapshot  string
		summary   string
		attribute string
		detail    string
	}{
		{name: "a stored snapshot", opts: []emulator.Option{emulator.WithVersion("7.10.2")}, snapshot: "1700000000"},
		{name: "empty on 7.11", opts: []emulator.Option{emulator.WithVersion("7.11.0")}, snapshot: "empty"},
		{name: "empty before 7.11", opts: []emulator.Option{emulator.WithVersion("7.10.2")}, snapshot: "empty",
			summary: "Elasticsearch version too old", attribute: "snapshot_id", detail: `snapshot_id = "empty" needs Elasticsearch 7.11.0 or later; the cluster runs 7.10.2.`},
		{name: "serverless", opts: []emulator.Option{emulator.WithServerless()}, snapshot: "1700000000",
			summary: "Not available on Elasticsearch Serverless", detail: "Reverting a job to a model snapshot is not available on Elasticsearch Serverless."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tc.opts...)
			diags := h.PlanAction(t, actionType, map[string]any{"job_id": "web", "snapshot_id": tc.snapshot})
			if tc.summary == "" {
				expectNoDiagnostics(t, diags)
			} else {
				expectError(t, diags, tc.attribute, tc.summary, tc.detail)
			}
			h.expectRequests(t, "GET /")
		})
	}
}

// A revert says each step, then every tick how long it has been waiting,
// then that it is done; it sends the close, then the revert with no body.
func TestInvokeRevert(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	jobID, steps := h.learned(t)
	first := steps[0].SnapshotID
	hold := h.es.HoldNextRevert(jobID)
	t.Cleanup(hold.Release)

	inv := h.InvokeAction(t, actionType, map[string]any{"job_id": jobID, "snapshot_id": first})
	inv.ExpectProgress(`Closing ML job "` + jobID + `"`)
	inv.ExpectProgress(`Reverting ML job "` + jobID + `" to model snapshot "` + first + `"`)
	<-hold.Reached()
	h.clock.Tick(10 * time.Second)
	inv.ExpectProgress(`Still waiting for the revert of ML job "` + jobID + `": 10s elapsed`)
	hold.Release()

	progress, diags := inv.Finish()
	expectNoDiagnostics(t, diags)
	if want := `ML job "` + jobID + `" reverted to model snapshot "` + first + `" in 0s`; !slices.Equal(progress, []string{want}) {
		t.Errorf("last progress: %q, want %q", progress, want)
	}
	h.expectRequests(t, "GET /", "POST "+jobPath(jobID, "_close"), "POST "+revertPath(jobID, first))
	if j, _ := h.es.Job(jobID); j.State != "closed" || j.ModelSnapshotID != first || j.BlockedReason != "" {
		t.Errorf("job not reverted: %+v", j)
	}
}

// after_revert = "started" with delete_intervening_results opens the job
// and starts its datafeed from datafeed_start, and says so.
func TestInvokeAfterRevertStarted(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	jobID, steps := h.learned(t)
	first := steps[0].SnapshotID

	inv := h.InvokeAction(t, actionType, map[string]any{"job_id": jobID, "snapshot_id": first,
		"delete_intervening_results": true, "after_revert": "started", "datafeed_start": "now-2h"})
	for _, want := range []string{
		`Reading what ML job "` + jobID + `" runs, to bring it back after the revert`,
		`Closing ML job "` + jobID + `"`,
		`Reverting ML job "` + jobID + `" to model snapshot "` + first + `"`,
		`ML job "` + jobID + `" reverted; opening it`,
		`Starting datafeed "` + acctest.DatafeedID(jobID) + `" of ML job "` + jobID + `"`,
		`ML job "` + jobID + `" reverted to model snapshot "` + first + `" in 0s`,
	} {
		inv.ExpectProgress(want)
	}
	_, diags := inv.Finish()
	expectNoDiagnostics(t, diags)
	h.expectRequests(t, "GET /", "GET /_ml/anomaly_detectors/"+jobID,
		"POST "+jobPath(jobID, "_close"), "POST "+revertPath(jobID, first)+"?delete_intervening_results=true",
		"POST "+jobPath(jobID, "_open"), "POST /_ml/datafeeds/"+acctest.DatafeedID(jobID)+"/_start?start=now-2h")
	if j, _ := h.es.Job(jobID); j.State != "opened" || j.DatafeedState != "started" || j.ModelSnapshotID != first {
		t.Errorf("job not started again: %+v", j)
	}
}

// A revert that completed but could not open the job says both, in the
// action's words: there is no state to taint, the user invokes again.
func TestInvokeAfterRevertOpenFails(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	jobID, steps := h.learned(t)
	first := steps[0].SnapshotID
	h.es.FailNextOpen(jobID, 429, "status_exception", "Could not open job because no ML nodes with sufficient capacity were found")

	_, diags := h.InvokeAction(t, actionType, map[string]any{"job_id": jobID, "snapshot_id": first, "after_revert": "started"}).Finish()
	d := expectError(t, diags, "", `ML job "`+jobID+`" was reverted to model snapshot "`+first+`", but opening it failed`,
		"The revert itself completed", "No ML node has room for the job", "Invoke the action again to revert the job again",
		"Elasticsearch said: ", "Could not open job because no ML nodes with sufficient capacity were found")
	if strings.Contains(d.Detail, "tainted") {
		t.Errorf("an action has nothing to taint: %q", d.Detail)
	}
	if j, _ := h.es.Job(jobID); j.State != "closed" || j.ModelSnapshotID != first {
		t.Errorf("want the job reverted and closed: %+v", j)
	}
}

func TestInvokeMissingSnapshot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	jobID, _ := h.learned(t)
	_, diags := h.InvokeAction(t, actionType, map[string]any{"job_id": jobID, "snapshot_id": "1000000000"}).Finish()
	expectError(t, diags, "", `Model snapshot "1000000000" of ML job "`+jobID+`" not found`, `Job "`+jobID+`" has no model snapshot "1000000000"`)
	h.expectRequests(t, "GET /", "POST "+jobPath(jobID, "_close"), "POST "+revertPath(jobID, "1000000000"))
}

// timeout bounds the whole revert; the error names the revert task that
// still holds the job.
func TestInvokeTimeout(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	jobID, steps := h.learned(t)
	hold := h.es.HoldNextRevert(jobID)
	t.Cleanup(hold.Release)

	_, diags := h.InvokeAction(t, actionType, map[string]any{"job_id": jobID, "snapshot_id": steps[0].SnapshotID, "timeout": "1s"}).Finish()
	j, _ := h.es.Job(jobID)
	expectError(t, diags, "", `Timed out reverting ML job "`+jobID+`" to model snapshot "`+steps[0].SnapshotID+`"`,
		"did not finish within 1s", "as task "+j.BlockedTaskID, "Invoking the action again fails while it runs (it blocks the job); raise timeout if")
}

func TestInvokeWithoutEndpoint(t *testing.T) {
	t.Parallel()
	es := emulator.New()
	es.Start()
	t.Cleanup(es.Close)
	c := acctest.OnEmulator(es)
	c.SetEnv("ELASTICSEARCH_ENDPOINTS", "")
	s := c.ServeProtocol(t)
	expectNoDiagnostics(t, s.PlanAction(t, actionType, map[string]any{"job_id": "web", "snapshot_id": "1"}))
	_, diags := s.InvokeAction(t, actionType, map[string]any{"job_id": "web", "snapshot_id": "1"}).Finish()
	expectError(t, diags, "", "No Elasticsearch endpoint configured", "ELASTICSEARCH_ENDPOINTS")
	if got := es.Requests(); len(got) != 0 {
		t.Fatalf("sent %d requests", len(got))
	}
}
