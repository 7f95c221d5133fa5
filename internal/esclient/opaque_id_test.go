package esclient

import (
	"context"
	"testing"
)

// Requests sent with WithOpaqueID carry the header; others do not.
func TestOpaqueIDMarksTheRequestsOfAContext(t *testing.T) {
	c, srv := newTestClient(t)
	srv.PutJob("j")
	ctx := context.Background()
	if _, err := c.JobStats(WithOpaqueID(ctx, "plan"), "j"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.JobStats(ctx, "j"); err != nil {
		t.Fatal(err)
	}
	log := srv.Requests()
	if len(log) != 2 || log[0].Header.Get(OpaqueIDHeader) != "plan" || log[1].Header.Get(OpaqueIDHeader) != "" {
		t.Fatalf("got %d requests, headers %q and %q", len(log), log[0].Header.Get(OpaqueIDHeader), log[len(log)-1].Header.Get(OpaqueIDHeader))
	}
}
