package emulator

import "testing"

// TransportCloseJobAction names the failed job only when the expression
// matched that job alone; a wildcard that also matched healthy jobs gets
// the general message, and nothing is closed.
func TestCloseByExpressionWithAFailedJob(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	for _, id := range []string{"web-1", "web-2", "db-1"} {
		s.PutJob(id)
		if err := s.OpenJob(id); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.SetJobState("web-2", "failed")
	_ = s.SetJobState("db-1", "failed")

	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/web-*/_close", ""), 409, "status_exception",
		"one or more jobs have state failed, use force close")
	if j := mustJob(t, s, "web-1"); j.State != "opened" {
		t.Fatalf("a refused close must close nothing, web-1 is %s", j.State)
	}
	// A wildcard that matches the failed job alone names it.
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/db-*/_close", ""), 409, "status_exception",
		"cannot close job [db-1] because it failed, use force close")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/_all/_close", `{"timeout":"1s"}`), 409, "status_exception",
		"one or more jobs have state failed, use force close")

	if r := do(t, es, "POST", "/_ml/anomaly_detectors/web-*/_close?force=true", ""); r.status != 200 {
		t.Fatalf("force close: %s", r.raw)
	}
	for _, id := range []string{"web-1", "web-2"} {
		if j := mustJob(t, s, id); j.State != "closed" {
			t.Fatalf("%s is %s after a force close", id, j.State)
		}
	}
}
