package acctest

import (
	"context"
	"testing"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The transform fixtures on whichever back end is configured: what they
// make runs as Elasticsearch runs it, and nothing is left behind.
func TestTransformFixtures(t *testing.T) {
	c := New(t)

	t.Run("batch pivot", func(t *testing.T) {
		f := c.CreateTransform(t, TransformSpec{Docs: 10, Hosts: 3})
		if tf := c.Transform(t, f.ID); tf.State != esclient.TransformStopped || tf.Checkpoint != 0 || tf.Continuous || tf.DestExists {
			t.Fatalf("created: %+v", tf)
		}
		c.StartTransform(t, f.ID)
		tf := c.WaitForCheckpoint(t, f.ID, 1)
		if tf.State != esclient.TransformStopped || tf.DocumentsProcessed != 10 || tf.DocumentsIndexed != 3 ||
			!tf.DestExists || !tf.DestCreatedByTransform {
			t.Fatalf("after the run: %+v", tf)
		}
	})

	t.Run("continuous pivot", func(t *testing.T) {
		f := c.CreateTransform(t, TransformSpec{Docs: 10, Hosts: 3, Continuous: true})
		c.StartTransform(t, f.ID)
		first := c.WaitForCheckpoint(t, f.ID, 1)
		if !first.Continuous || first.State == esclient.TransformStopped || first.DocumentsIndexed != 3 {
			t.Fatalf("first checkpoint: %+v", first)
		}
		c.AddTransformDocs(t, f, 10, 2, 3) // host-1 and host-2
		// Both new documents are read, at one checkpoint or two: two
		// destination documents are written again.
		later := c.WaitForTransform(t, f.ID, "the new documents", func(tf Transform) bool {
			return tf.DocumentsIndexed >= first.DocumentsIndexed+2
		})
		if later.DocumentsIndexed != first.DocumentsIndexed+2 || later.Checkpoint < 2 || later.DocumentsProcessed < first.DocumentsProcessed+2 {
			t.Fatalf("after the new documents: %+v after %+v", later, first)
		}
		c.StopTransform(t, f.ID, false)
		if tf := c.Transform(t, f.ID); tf.State != esclient.TransformStopped || tf.Checkpoint < 2 {
			t.Fatalf("stopped: %+v", tf)
		}
	})

	t.Run("latest into an index of the test's", func(t *testing.T) {
		id := c.TransformID(t)
		dest := "tfacc-own-" + id
		c.CreateIndex(t, dest, `{"mappings":{"properties":{"host":{"type":"keyword"}}}}`)
		f := c.CreateTransform(t, TransformSpec{ID: id, Docs: 6, Hosts: 2, Latest: true, DestIndex: dest})
		c.StartTransform(t, f.ID)
		tf := c.WaitForCheckpoint(t, f.ID, 1)
		if tf.DocumentsIndexed != 2 || !tf.DestExists || tf.DestCreatedByTransform {
			t.Fatalf("latest into %s: %+v", dest, tf)
		}
	})

	t.Run("waits for the checkpoint", func(t *testing.T) {
		if c.Emulator == nil {
			t.Skip("needs the emulator's hold on transform passes")
		}
		f := c.CreateTransform(t, TransformSpec{})
		release := c.Emulator.HoldTransformPasses()
		c.StartTransform(t, f.ID)
		done := make(chan Transform, 1)
		go func() { done <- c.WaitForCheckpoint(t, f.ID, 1) }()
		select {
		case tf := <-done:
			t.Fatalf("returned while the transform was indexing: %+v", tf)
		case <-time.After(300 * time.Millisecond):
		}
		release()
		select {
		case tf := <-done:
			if tf.Checkpoint != 1 || tf.State != esclient.TransformStopped {
				t.Fatalf("returned %+v", tf)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("never returned")
		}
	})

	// What a test made goes when it ends, running or not.
	var left TransformFixture
	t.Run("clean up", func(t *testing.T) {
		left = c.CreateTransform(t, TransformSpec{Continuous: true})
		c.StartTransform(t, left.ID)
		c.WaitForCheckpoint(t, left.ID, 1)
	})
	es, err := c.fixtures()
	must(t, err)
	ctx := context.Background()
	if _, err := es.GetTransform(ctx, left.ID); !esclient.IsTransformNotFound(err) {
		t.Errorf("the transform is still there: %v", err)
	}
	for _, index := range []string{left.SourceIndex, left.DestIndex} {
		if m, err := es.IndexMeta(ctx, index); err != nil || m.Exists {
			t.Errorf("%s is still there: %+v, %v", index, m, err)
		}
	}
}
