package emulator

import "testing"

// Started again after each of the next stops, the transform's reset finds
// its task running, as when someone starts it between stop and reset; the
// stop after those finds no one starting it again.
func TestStartTransformAfterNextStop(t *testing.T) {
	s, u := start(t)
	es, _ := plainClients(t, u)
	ranBatch(t, s, u, "tf", "out")
	s.StartTransformAfterNextStop("tf", 2)

	for range 2 {
		if r := do(t, es, "POST", "/_transform/tf/_stop?wait_for_completion=true", ""); r.status != 200 {
			t.Fatalf("stop: %s", r.raw)
		}
		wantErr(t, do(t, es, "POST", "/_transform/tf/_reset", ""), 409, "status_exception",
			"Cannot reset transform [tf] as the task is running. Stop the task first")
	}
	if r := do(t, es, "POST", "/_transform/tf/_stop?wait_for_completion=true", ""); r.status != 200 {
		t.Fatalf("stop: %s", r.raw)
	}
	if r := do(t, es, "POST", "/_transform/tf/_reset", ""); r.status != 200 {
		t.Fatalf("the third stop sticks, yet the reset answered %s", r.raw)
	}
	if tf, _ := s.Transform("tf"); tf.Resets != 1 || tf.Checkpoint != 0 || tf.State != tfStopped {
		t.Fatalf("after the reset: %+v", tf)
	}
}
