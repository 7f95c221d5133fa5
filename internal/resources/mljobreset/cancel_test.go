package mljobreset

import (
	"context"
	"strings"
	"testing"
	"time"

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
			srv := emulator.New(emulator.WithResetDuration(time.Second))
			url := srv.Start()
			t.Cleanup(srv.Close)
			srv.PutJob("j")
			client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
			if err != nil {
				t.Fatal(err)
			}
			r := &jobResetResource{provider: providerdata.New(client)}
			plan := model("j", nil)
			plan.WaitForCompletion = types.BoolValue(!async)

			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			start := time.Now()
			_, diags := r.resetJob(ctx, plan, time.Minute)
			if took := time.Since(start); took > 700*time.Millisecond {
				t.Fatalf("an interrupt must end the wait at once; it took %s", took)
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
			// still running, and the apply ends when it does.
			srv.ClearRequests()
			if _, diags := r.resetJob(context.Background(), plan, time.Minute); diags.HasError() {
				t.Fatal(diags)
			}
			job, _ = srv.Job("j")
			if job.BlockedReason != "" || job.ResetCount < 1 {
				t.Fatalf("want the reset finished, got %+v", job)
			}
		})
	}
}
