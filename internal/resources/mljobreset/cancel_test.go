package mljobreset

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

// Ctrl-C cancels the context of the running apply. The provider must let
// go at once, say which reset may still run, and the next apply must finish
// the work by waiting for that reset.
func TestInterruptedResetReturnsPromptlyAndTheNextApplyCompletes(t *testing.T) {
	for _, async := range []bool{false, true} {
		name := "sync"
		if async {
			name = "async"
		}
		t.Run(name, func(t *testing.T) {
			srv := emulator.New()
			url := srv.Start()
			t.Cleanup(srv.Close)
			srv.PutJob("j")
			// The reset runs until released, so only the interrupt can end
			// the first apply's wait.
			running := srv.HoldNextReset("j")
			t.Cleanup(running.Release)
			client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
			if err != nil {
				t.Fatal(err)
			}
			r := &jobResetResource{provider: providerdata.New(client)}
			plan := model("j", nil)
			plan.WaitForCompletion = types.BoolValue(!async)

			ctx, cancel := context.WithCancel(context.Background())
			first := applyInBackground(ctx, r, plan)
			select {
			case <-running.Reached():
			case <-time.After(10 * time.Second):
				t.Fatal("the reset never started")
			}
			cancel()
			var diags diag.Diagnostics
			select {
			case diags = <-first:
			case <-time.After(10 * time.Second):
				t.Fatal("an interrupt must end the wait, but the apply is still waiting for the reset")
			}
			if !diags.HasError() {
				t.Fatal("an interrupted reset must fail the apply (and so leave no state)")
			}
			detail := diags.Errors()[0].Summary() + " " + diags.Errors()[0].Detail()
			job, _ := srv.Job("j")
			if !strings.Contains(detail, "interrupted") || !strings.Contains(detail, job.BlockedTaskID) || job.BlockedReason != "reset" {
				t.Fatalf("want an interruption naming the running task %q, got %q (job %+v)", job.BlockedTaskID, detail, job)
			}

			// The next apply: close is a no-op, the reset joins the one
			// still running, and the apply ends once that one does.
			srv.ClearRequests()
			joined := srv.ResetJoined("j")
			second := applyInBackground(context.Background(), r, plan)
			select {
			case <-joined:
			case <-time.After(10 * time.Second):
				t.Fatal("the next apply's reset never joined the running one")
			}
			running.Release()
			select {
			case diags = <-second:
			case <-time.After(10 * time.Second):
				t.Fatal("the next apply did not end with the running reset")
			}
			if diags.HasError() {
				t.Fatal(diags)
			}
			if job, _ = srv.Job("j"); job.BlockedReason != "" || job.ResetCount != 1 {
				t.Fatalf("want the interrupted reset finished and joined, not repeated, got %+v", job)
			}
		})
	}
}

// applyInBackground runs one reset; the channel gets its diagnostics.
func applyInBackground(ctx context.Context, r *jobResetResource, plan resourceModel) <-chan diag.Diagnostics {
	done := make(chan diag.Diagnostics, 1)
	go func() {
		_, _, diags := r.resetJob(ctx, plan, time.Minute)
		done <- diags
	}()
	return done
}
