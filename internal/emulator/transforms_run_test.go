package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestBatchTransformRunsToCheckpointOne(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 10, 3)
	putTransform(t, es, "batch", pivotBody("sales", "sales-by-host", ""))

	if r := do(t, es, "POST", "/_transform/batch/_start", ""); r.status != 200 || r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("start: %s", r.raw)
	}
	tf := waitTransform(t, s, "batch", "stopped at checkpoint 1", func(tf TransformSnapshot) bool {
		return tf.State == tfStopped && tf.Checkpoint == 1
	})
	// Ten documents read, one destination document per host.
	if tf.DocumentsProcessed != 10 || tf.DocumentsIndexed != 3 || count(t, es, "sales-by-host") != 3 {
		t.Fatalf("after the run: %+v, %d docs", tf, count(t, es, "sales-by-host"))
	}
	st := statsOf(t, es, "batch")
	last := st["checkpointing"].(map[string]any)["last"].(map[string]any)
	stats := st["stats"].(map[string]any)
	if st["state"] != "stopped" || num(last["checkpoint"]) != 1 || last["timestamp_millis"] == nil || last["time_upper_bound_millis"] != nil ||
		num(stats["documents_processed"]) != 10 || num(stats["documents_indexed"]) != 3 || num(stats["trigger_count"]) != 1 {
		t.Fatalf("stats: %v", st)
	}
	// The destination was created with the transform's marker and deduced types.
	r := do(t, es, "GET", "/sales-by-host/_mapping", "")
	m := r.body["sales-by-host"].(map[string]any)["mappings"].(map[string]any)
	meta := m["_meta"].(map[string]any)
	props := m["properties"].(map[string]any)
	if meta["created_by"] != "transform" || meta["_transform"].(map[string]any)["transform"] != "batch" ||
		props["host"].(map[string]any)["type"] != "keyword" || props["last"].(map[string]any)["type"] != "date" ||
		props["total"].(map[string]any)["type"] != "double" {
		t.Fatalf("mapping: %s", r.raw)
	}
	// Sums are right: host-0 has documents 0, 3, 6, 9 (bytes 100+i).
	r = do(t, es, "POST", "/sales-by-host/_count", `{"query":{"bool":{"filter":[{"term":{"host":"host-0"}},{"term":{"total":418}}]}}}`)
	if num(r.body["count"]) != 1 {
		t.Fatalf("host-0 total: %s", r.raw)
	}

	// Started again, a finished batch transform has nothing to do and stays
	// started until stopped.
	if r := do(t, es, "POST", "/_transform/batch/_start", ""); r.status != 200 {
		t.Fatalf("start again: %s", r.raw)
	}
	waitTransform(t, s, "batch", "started", func(tf TransformSnapshot) bool { return tf.State == tfStarted })
	if tf, _ := s.Transform("batch"); tf.Checkpoint != 1 || tf.DocumentsProcessed != 10 {
		t.Fatalf("the second run did work: %+v", tf)
	}
	wantErr(t, do(t, es, "POST", "/_transform/batch/_start", ""), 409, "status_exception", "Cannot start transform [batch] as it is already started.")
	if r := do(t, es, "POST", "/_transform/batch/_stop", ""); r.status != 200 {
		t.Fatalf("stop: %s", r.raw)
	}
	if tf, _ := s.Transform("batch"); tf.State != tfStopped {
		t.Fatalf("after stop: %+v", tf)
	}
}

func TestContinuousTransformMakesACheckpointPerChange(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 6, 2)
	putTransform(t, es, "cont", continuousBody("sales", "out"))
	if r := do(t, es, "POST", "/_transform/cont/_start", ""); r.status != 200 {
		t.Fatalf("start: %s", r.raw)
	}
	waitTransform(t, s, "cont", "checkpoint 1, started", func(tf TransformSnapshot) bool {
		return tf.Checkpoint == 1 && tf.State == tfStarted
	})
	st := statsOf(t, es, "cont")
	bound := num(st["checkpointing"].(map[string]any)["last"].(map[string]any)["time_upper_bound_millis"])
	if st["node"] == nil || bound == 0 || bound > time.Now().Add(-100*time.Millisecond).UnixMilli() {
		t.Fatalf("continuous stats: %v", st)
	}

	// Nothing new: a pass makes no checkpoint.
	must(t, s.TriggerTransform("cont"))
	waitTransform(t, s, "cont", "a second trigger", func(tf TransformSnapshot) bool { return tf.State == tfStarted })
	time.Sleep(20 * time.Millisecond)
	if tf, _ := s.Transform("cont"); tf.Checkpoint != 1 {
		t.Fatalf("checkpoint without changes: %+v", tf)
	}

	// A document for host-0 after the last checkpoint's upper bound, one
	// for host-1 still within the delay, and a late one for host-1 older
	// than the bound, which no checkpoint will ever read: the next
	// checkpoint recomputes host-0 only.
	addSales(t, es, "sales", 6, 1, 2, time.Now())                 // id 6 → host-0
	addSales(t, es, "sales", 7, 1, 2, time.Now().Add(time.Hour))  // id 7 → host-1, within the delay
	addSales(t, es, "sales", 9, 1, 2, time.UnixMilli(bound-1000)) // id 9 → host-1, late
	time.Sleep(150 * time.Millisecond)
	must(t, s.TriggerTransform("cont"))
	tf := waitTransform(t, s, "cont", "checkpoint 2", func(tf TransformSnapshot) bool { return tf.Checkpoint == 2 && tf.State == tfStarted })
	// host-0 now has 4 documents (0, 2, 4, 6), all read again.
	if tf.DocumentsProcessed != 6+4 || tf.DocumentsIndexed != 2+1 {
		t.Fatalf("after checkpoint 2: %+v", tf)
	}
	r := do(t, es, "POST", "/out/_count", `{"query":{"bool":{"filter":[{"term":{"host":"host-0"}},{"term":{"total":412}}]}}}`)
	if num(r.body["count"]) != 1 {
		t.Fatalf("host-0 recomputed: %s", r.raw)
	}
	stopped := do(t, es, "POST", "/_transform/cont/_stop?wait_for_completion=true", "")
	if stopped.status != 200 {
		t.Fatalf("stop: %s", stopped.raw)
	}
	if tf, _ := s.Transform("cont"); tf.State != tfStopped || tf.Checkpoint != 2 {
		t.Fatalf("stopped keeps its checkpoint: %+v", tf)
	}
}

func TestStartTransformRefusals(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	putTransform(t, es, "batch", pivotBody("sales", "out", ""))
	putTransform(t, es, "cont", continuousBody("sales", "out-c"))

	wantErr(t, do(t, es, "POST", "/_transform/missing/_start", ""), 404, "resource_not_found_exception", "Transform with id [missing] could not be found")
	wantErr(t, do(t, es, "POST", "/_transform/batch/_start?from=now-1d", ""), 400, "status_exception",
		"Transform configuration [batch] has invalid elements: [Validation Failed: 1: [from] parameter is currently not supported for batch (non-continuous) transforms;]")
	wantErr(t, do(t, es, "POST", "/_transform/cont/_start?from=yesterday", ""), 400, "parse_exception", "Failed to parse date for [from]")

	s.SetTransformUpgradeMode(true)
	wantErr(t, do(t, es, "POST", "/_transform/cont/_start", ""), 409, "status_exception", "Cannot start any Transform while the Transform feature is upgrading.")
	s.SetTransformUpgradeMode(false)

	must(t, s.FailTransform("cont", "out of disk"))
	wantErr(t, do(t, es, "POST", "/_transform/cont/_start", ""), 409, "status_exception",
		"Unable to start transform [cont] as it is in a failed state. Use force stop and then restart the transform once error is resolved. More details: [out of disk]")

	// A missing source fails the start.
	do(t, es, "DELETE", "/sales", "")
	wantErr(t, do(t, es, "POST", "/_transform/batch/_start", ""), 400, "validation_exception", "Validation Failed: 1: Source index [sales] does not exist;")
}

func TestFailedTransform(t *testing.T) {
	for _, tc := range []struct{ version, stopRefusal string }{
		{"8.19.0", "Unable to stop transform [cont] as it is in a failed state. Use force stop to stop the transform. More details: [no space left]"},
		{"8.9.0", "Unable to stop transform [cont] as it is in a failed state with reason [no space left]. Use force stop to stop the transform."},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			fillSales(t, es, "sales", 2, 1)
			putTransform(t, es, "cont", continuousBody("sales", "out"))
			do(t, es, "POST", "/_transform/cont/_start", "")
			waitTransform(t, s, "cont", "checkpoint 1", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 })
			must(t, s.FailTransform("cont", "no space left"))

			st := statsOf(t, es, "cont")
			health := st["health"].(map[string]any)
			issue := health["issues"].([]any)[0].(map[string]any)
			if st["state"] != "failed" || st["reason"] != "no space left" || health["status"] != "red" ||
				issue["issue"] != "Transform task state is [failed]" || issue["details"] != "no space left" {
				t.Fatalf("failed stats: %v", st)
			}
			wantErr(t, do(t, es, "POST", "/_transform/cont/_stop", ""), 409, "status_exception", tc.stopRefusal)
			if r := do(t, es, "POST", "/_transform/cont/_stop?force=true&wait_for_completion=true", ""); r.status != 200 {
				t.Fatalf("force stop: %s", r.raw)
			}
			st = statsOf(t, es, "cont")
			if st["state"] != "stopped" || st["reason"] != nil || st["health"].(map[string]any)["status"] != "green" {
				t.Fatalf("after force stop: %v", st)
			}
		})
	}
}

func TestStopTransform(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 4, 2)
	putTransform(t, es, "tf", continuousBody("sales", "out"))

	// Stopping a stopped transform is fine; a missing one is not.
	if r := do(t, es, "POST", "/_transform/tf/_stop", ""); r.status != 200 || r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("stop a stopped transform: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_transform/missing/_stop", ""), 404, "resource_not_found_exception", "Transform with id [missing] could not be found")
	wantErr(t, do(t, es, "POST", "/_transform/nothing*/_stop", ""), 404, "resource_not_found_exception", "Transform with id [nothing*] could not be found")
	if r := do(t, es, "POST", "/_transform/nothing*/_stop?allow_no_match=true", ""); r.status != 200 {
		t.Fatalf("allow_no_match: %s", r.raw)
	}
	wantErr(t, do(t, es, "POST", "/_transform/tf/_stop?force=true&wait_for_checkpoint=true", ""), 400, "action_request_validation_exception",
		"Validation Failed: 1: cannot set both [force] and [wait_for_checkpoint] to true;")

	// Stopped while indexing: stopping until the pass ends, which then
	// makes no checkpoint.
	release := s.HoldTransformPasses()
	do(t, es, "POST", "/_transform/tf/_start", "")
	waitTransform(t, s, "tf", "indexing", func(tf TransformSnapshot) bool { return tf.State == tfIndexing })
	if st := statsOf(t, es, "tf"); num(st["checkpointing"].(map[string]any)["next"].(map[string]any)["checkpoint"]) != 1 {
		t.Fatalf("indexing shows the next checkpoint: %v", st)
	}
	wantErr(t, do(t, es, "POST", "/_transform/tf/_stop?wait_for_completion=true&timeout=50ms", ""), 408, "status_exception",
		"Could not stop the transforms [tf] as they timed out [50ms].")
	if tf, _ := s.Transform("tf"); tf.State != tfStopping {
		t.Fatalf("after the timed out stop: %+v", tf)
	}
	release()
	tf := waitTransform(t, s, "tf", "stopped", func(tf TransformSnapshot) bool { return tf.State == tfStopped })
	if tf.Checkpoint != 0 {
		t.Fatalf("a stop while indexing made a checkpoint: %+v", tf)
	}

	// wait_for_checkpoint lets the pass finish its checkpoint first.
	release = s.HoldTransformPasses()
	do(t, es, "POST", "/_transform/tf/_start", "")
	waitTransform(t, s, "tf", "indexing", func(tf TransformSnapshot) bool { return tf.State == tfIndexing })
	ch := doAsync(es, "POST", "/_transform/tf/_stop?wait_for_checkpoint=true&wait_for_completion=true")
	waitTransform(t, s, "tf", "stopping", func(tf TransformSnapshot) bool { return tf.State == tfStopping })
	if st := statsOf(t, es, "tf"); st["reason"] != "transform is set to stop at the next checkpoint" {
		t.Fatalf("stopping at the checkpoint: %v", st)
	}
	release()
	if a := await(t, ch); a.status != 200 {
		t.Fatalf("stop at checkpoint: %s", a.raw)
	}
	if tf, _ := s.Transform("tf"); tf.State != tfStopped || tf.Checkpoint != 1 {
		t.Fatalf("after stopping at the checkpoint: %+v", tf)
	}
}

func TestDeleteTransform(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	putTransform(t, es, "tf", continuousBody("sales", "out"))
	do(t, es, "POST", "/_transform/tf/_start", "")
	waitTransform(t, s, "tf", "checkpoint 1", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 })

	wantErr(t, do(t, es, "DELETE", "/_transform/tf", ""), 409, "status_exception", "Cannot delete transform [tf] as the task is running. Stop the task first")
	if r := do(t, es, "DELETE", "/_transform/tf?force=true", ""); r.status != 200 || r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("forced delete: %s", r.raw)
	}
	if _, ok := s.Transform("tf"); ok {
		t.Fatal("still there")
	}
	// The destination stays.
	if count(t, es, "out") != 1 {
		t.Fatal("the destination went with the transform")
	}
	wantErr(t, do(t, es, "DELETE", "/_transform/tf", ""), 404, "resource_not_found_exception", "Transform with id [tf] could not be found")
}

func TestTransformSourceGoneFailsTheTransform(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 2, 1)
	putTransform(t, es, "tf", continuousBody("sales", "out"))
	do(t, es, "POST", "/_transform/tf/_start", "")
	waitTransform(t, s, "tf", "checkpoint 1", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 && tf.State == tfStarted })
	do(t, es, "DELETE", "/sales", "")
	must(t, s.TriggerTransform("tf"))
	tf := waitTransform(t, s, "tf", "failed", func(tf TransformSnapshot) bool { return tf.State == tfFailed })
	if !strings.Contains(tf.Reason, "no such index [sales]") {
		t.Fatalf("reason: %q", tf.Reason)
	}
}
