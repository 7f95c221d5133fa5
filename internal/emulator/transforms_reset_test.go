package emulator

import (
	"testing"
)

// ranBatch creates the sales source and a batch transform into dest, and
// runs it to checkpoint 1.
func ranBatch(t *testing.T, s *Server, u, id, dest string) {
	t.Helper()
	es, _ := plainClients(t, u)
	if r := do(t, es, "HEAD", "/sales", ""); r.status == 404 {
		fillSales(t, es, "sales", 6, 3)
	}
	putTransform(t, es, id, pivotBody("sales", dest, ""))
	if r := do(t, es, "POST", "/_transform/"+id+"/_start", ""); r.status != 200 {
		t.Fatalf("start: %s", r.raw)
	}
	waitTransform(t, s, id, "checkpoint 1", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 && tf.State == tfStopped })
}

func TestResetDeletesCheckpointsAndTheDestinationItCreated(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ranBatch(t, s, u, "tf", "out")

	if r := do(t, es, "POST", "/_transform/tf/_reset", ""); r.status != 200 || r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("reset: %s", r.raw)
	}
	st := statsOf(t, es, "tf")
	if st["state"] != "stopped" || num(st["checkpointing"].(map[string]any)["last"].(map[string]any)["checkpoint"]) != 0 ||
		num(st["stats"].(map[string]any)["documents_processed"]) != 0 {
		t.Fatalf("stats after reset: %v", st)
	}
	wantErr(t, do(t, es, "GET", "/out/_mapping", ""), 404, "index_not_found_exception", "no such index [out]")
	if tf, _ := s.Transform("tf"); tf.Resets != 1 {
		t.Fatalf("resets: %+v", tf)
	}

	// The next start runs from scratch and creates the destination again.
	do(t, es, "POST", "/_transform/tf/_start", "")
	tf := waitTransform(t, s, "tf", "checkpoint 1 again", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 && tf.State == tfStopped })
	if tf.DocumentsProcessed != 6 || count(t, es, "out") != 3 {
		t.Fatalf("after the second run: %+v", tf)
	}
}

func TestResetKeepsADestinationItDidNotCreate(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, es func(method, path, body string) response)
		dest    string
		kept    string // the index that must survive; "" when it must go
	}{
		{"an index the user created", func(t *testing.T, es func(string, string, string) response) {
			es("PUT", "/user-out", `{"mappings":{"properties":{"host":{"type":"keyword"}}}}`)
		}, "user-out", "user-out"},
		{"an alias of an index the transform created", func(t *testing.T, es func(string, string, string) response) {
			es("PUT", "/real-out", `{"mappings":{"_meta":{"created_by":"transform"}},"aliases":{"alias-out":{}}}`)
		}, "alias-out", "real-out"},
		{"an index with another marker", func(t *testing.T, es func(string, string, string) response) {
			es("PUT", "/df-out", `{"mappings":{"_meta":{"created_by":"data-frame-transform"}}}`)
		}, "df-out", "df-out"},
		{"a user index stamped like a transform's", func(t *testing.T, es func(string, string, string) response) {
			es("PUT", "/stamped-out", `{"mappings":{"_meta":{"created_by":"transform","_transform":{"transform":"another"}}}}`)
		}, "stamped-out", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, u := start(t)
			es, _ := plainClients(t, u)
			tc.prepare(t, func(method, path, body string) response {
				r := do(t, es, method, path, body)
				if r.status != 200 {
					t.Fatalf("%s %s: %s", method, path, r.raw)
				}
				return r
			})
			ranBatch(t, s, u, "tf", tc.dest)
			target := tc.kept
			if target == "" {
				target = tc.dest
			}
			// The transform wrote into what was there; it created nothing.
			if r := do(t, es, "GET", "/"+tc.dest+"/_mapping", ""); len(r.body) != 1 || r.body[target] == nil {
				t.Fatalf("%s is not just %s: %s", tc.dest, target, r.raw)
			}
			if count(t, es, tc.dest) != 3 {
				t.Fatalf("the transform did not write through %s", tc.dest)
			}
			if r := do(t, es, "POST", "/_transform/tf/_reset", ""); r.status != 200 {
				t.Fatalf("reset: %s", r.raw)
			}
			r := do(t, es, "GET", "/"+target+"/_mapping", "")
			switch {
			case tc.kept != "" && r.status != 200:
				t.Fatalf("%s was deleted: %s", tc.kept, r.raw)
			case tc.kept != "" && count(t, es, tc.kept) != 3:
				t.Fatalf("%s lost documents", tc.kept)
			case tc.kept == "" && r.status != 404:
				t.Fatalf("%s was kept: %s", target, r.raw)
			}
		})
	}
}

func TestResetOfARunningTransform(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	fillSales(t, es, "sales", 4, 2)
	putTransform(t, es, "cont", continuousBody("sales", "out"))
	do(t, es, "POST", "/_transform/cont/_start", "")
	waitTransform(t, s, "cont", "checkpoint 1", func(tf TransformSnapshot) bool { return tf.Checkpoint == 1 && tf.State == tfStarted })

	wantErr(t, do(t, es, "POST", "/_transform/cont/_reset", ""), 409, "status_exception",
		"Cannot reset transform [cont] as the task is running. Stop the task first")
	if tf, _ := s.Transform("cont"); tf.Checkpoint != 1 || tf.State != tfStarted {
		t.Fatalf("a refused reset changed the transform: %+v", tf)
	}
	// With force the reset stops it first.
	if r := do(t, es, "POST", "/_transform/cont/_reset?force=true", ""); r.status != 200 {
		t.Fatalf("forced reset: %s", r.raw)
	}
	if tf, _ := s.Transform("cont"); tf.Checkpoint != 0 || tf.State != tfStopped || tf.Resets != 1 {
		t.Fatalf("after a forced reset: %+v", tf)
	}
}

func TestResetRefusals(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ranBatch(t, s, u, "tf", "out")

	wantErr(t, do(t, es, "POST", "/_transform/tf/_reset", `{"force":true}`), 400, "illegal_argument_exception",
		"reset transform requests can not have a request body")
	wantErr(t, do(t, es, "POST", "/_transform/missing/_reset", ""), 404, "resource_not_found_exception",
		"Transform with id [missing] could not be found")
	wantErr(t, do(t, es, "POST", "/_transform/tf/_reset?wait_for_completion=true", ""), 400, "illegal_argument_exception",
		"request [/_transform/tf/_reset] contains unrecognized parameter: [wait_for_completion]")
	s.SetTransformUpgradeMode(true)
	wantErr(t, do(t, es, "POST", "/_transform/tf/_reset", ""), 409, "status_exception",
		"Cannot reset any Transform while the Transform feature is upgrading.")
	s.SetTransformUpgradeMode(false)
	// ML's upgrade mode is another thing.
	s.SetUpgradeMode(true)
	if r := do(t, es, "POST", "/_transform/tf/_reset", ""); r.status != 200 {
		t.Fatalf("reset in ML upgrade mode: %s", r.raw)
	}
	if tf, _ := s.Transform("tf"); tf.Resets != 1 {
		t.Fatalf("refusals counted as resets: %+v", tf)
	}
}

// A forced reset of a failed transform: refused before the fix that made
// reset's own stop forced (8.13.1 assumed), done after it.
func TestForcedResetOfAFailedTransformByVersion(t *testing.T) {
	for _, tc := range []struct {
		version string
		refused string
	}{
		{"8.12.2", "Unable to stop transform [tf] as it is in a failed state. Use force stop to stop the transform. More details: [bulk failures]"},
		{"8.13.0", "Unable to stop transform [tf] as it is in a failed state. Use force stop to stop the transform. More details: [bulk failures]"},
		{"8.13.1", ""},
		{"9.1.0", ""},
	} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			ranBatch(t, s, u, "tf", "out")
			must(t, s.FailTransform("tf", "bulk failures"))
			wantErr(t, do(t, es, "POST", "/_transform/tf/_reset", ""), 409, "status_exception",
				"Cannot reset transform [tf] as the task is running. Stop the task first")
			r := do(t, es, "POST", "/_transform/tf/_reset?force=true", "")
			if tc.refused != "" {
				wantErr(t, r, 409, "status_exception", tc.refused)
				if tf, _ := s.Transform("tf"); tf.State != tfFailed || tf.Checkpoint != 1 {
					t.Fatalf("after the refused reset: %+v", tf)
				}
				return
			}
			if r.status != 200 {
				t.Fatalf("forced reset: %s", r.raw)
			}
			if tf, _ := s.Transform("tf"); tf.State != tfStopped || tf.Checkpoint != 0 || tf.Reason != "" {
				t.Fatalf("after the forced reset: %+v", tf)
			}
		})
	}
}

func TestGetMapping(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	do(t, es, "PUT", "/plain", "")
	do(t, es, "PUT", "/typed-1", `{"mappings":{"_meta":{"owner":"web"},"properties":{"host":{"type":"keyword"}}},"aliases":{"typed":{}}}`)
	r := do(t, es, "GET", "/plain/_mapping", "")
	if r.status != 200 || r.raw != `{"plain":{"mappings":{}}}`+"\n" {
		t.Fatalf("plain: %s", r.raw)
	}
	// Through an alias: the index behind it, under its own name.
	r = do(t, es, "GET", "/typed/_mapping", "")
	if r.status != 200 || r.raw != `{"typed-1":{"mappings":{"_meta":{"owner":"web"},"properties":{"host":{"type":"keyword"}}}}}`+"\n" {
		t.Fatalf("alias: %s", r.raw)
	}
	r = do(t, es, "GET", "/plain,typed/_mapping", "")
	if r.status != 200 || len(r.body) != 2 {
		t.Fatalf("two: %s", r.raw)
	}
	wantErr(t, do(t, es, "GET", "/missing/_mapping", ""), 404, "index_not_found_exception", "no such index [missing]")
	if r := do(t, es, "GET", "/missing/_mapping?ignore_unavailable=true", ""); r.status != 200 || r.raw != "{}\n" {
		t.Fatalf("ignore_unavailable: %s", r.raw)
	}
	// Writes through an alias of one index go to it; deleting the index
	// takes the alias with it.
	if r := do(t, es, "POST", "/typed/_doc?refresh=true", `{"host":"a"}`); r.status != 201 || r.body["_index"] != "typed-1" {
		t.Fatalf("write through the alias: %s", r.raw)
	}
	do(t, es, "DELETE", "/typed-1", "")
	wantErr(t, do(t, es, "GET", "/typed/_mapping", ""), 404, "index_not_found_exception", "no such index [typed]")
}
