package emulator

import (
	"strings"
	"testing"
)

// A job whose reset task vanished (its node died) stays blocked by reset.
// Before 8.13 a new reset answers the get-task "not found" and leaves the
// job blocked; from 8.13 it runs the reset again (elastic/elasticsearch#105928,
// fixed by elastic/elasticsearch#106020).
func TestResetOfJobBlockedByLostTask(t *testing.T) {
	for _, tc := range []struct {
		version string
		reruns  bool
	}{
		{"7.14.0", false},
		{"8.12.2", false},
		{"8.13.0", true},
		{"8.19.0", true},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			learnedJob(t, s, "j1")
			do(t, es, "POST", "/_ml/anomaly_detectors/j1/_close", "") // stores a model snapshot
			lost, err := s.BlockByLostReset("j1")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(lost, defaultNodeID+":") {
				t.Fatalf("lost task %q is not on this node", lost)
			}
			// The tasks API itself no longer knows the task.
			wantErr(t, do(t, es, "GET", "/_tasks/"+lost, ""), 404, "resource_not_found_exception",
				"task ["+lost+"] isn't running and hasn't stored its results")

			r := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", "")
			j := mustJob(t, s, "j1")
			if !tc.reruns {
				wantErr(t, r, 404, "resource_not_found_exception", "task ["+lost+"] isn't running and hasn't stored its results")
				if j.BlockedReason != "reset" || j.BlockedTaskID != lost || j.ResetCount != 0 || j.ModelSnapshotID == "" || j.ProcessedRecords == 0 {
					t.Fatalf("the job must stay blocked and untouched: %+v", j)
				}
				// An async reset stores the same answer in its task.
				a := do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset?wait_for_completion=false", "")
				done := do(t, es, "GET", "/_tasks/"+a.body["task"].(string)+"?wait_for_completion=true", "")
				want := `"error":{"type":"resource_not_found_exception","reason":"task [` + lost + `] isn't running and hasn't stored its results"`
				if !strings.Contains(done.raw, want) {
					t.Fatalf("async reset task: %s", done.raw)
				}
				return
			}
			if r.status != 200 || r.body["acknowledged"] != true {
				t.Fatalf("reset: %s", r.raw)
			}
			if j.BlockedReason != "" || j.ResetCount != 1 || j.ModelSnapshotID != "" || j.ProcessedRecords != 0 {
				t.Fatalf("the reset must run again and unblock the job: %+v", j)
			}
		})
	}
}

// A synchronous reset stores no result, so once it has failed the block it
// left names a task the tasks API does not know: before 8.13 that job
// cannot be reset again either (derived from the model above).
func TestFailedSyncResetBlocksForGoodBefore813(t *testing.T) {
	s, u := start(t, WithVersion("8.12.2"))
	es, _ := plainClients(t, u)
	s.PutJob("j1")
	s.FailNextReset("j1", "exception", "disk full")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""), 500, "exception", "disk full")
	j := mustJob(t, s, "j1")
	wantErr(t, do(t, es, "POST", "/_ml/anomaly_detectors/j1/_reset", ""), 404, "resource_not_found_exception",
		"task ["+j.BlockedTaskID+"] isn't running and hasn't stored its results")
}
