package mljobreset

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/providerdata"
)

func benchResource(b *testing.B, opts ...emulator.Option) (*jobResetResource, *emulator.Server) {
	b.Helper()
	srv := emulator.New(opts...)
	url := srv.Start()
	b.Cleanup(srv.Close)
	client, err := esclient.New(esclient.Config{Endpoints: []string{url}})
	if err != nil {
		b.Fatal(err)
	}
	return &jobResetResource{provider: providerdata.New(client)}, srv
}

// BenchmarkRequestsPerReset counts what one reset costs the cluster: the
// budget (DESIGN.md §8) is close + reset (+ task polls when async); with
// after_reset, reads before the close and open + start after the reset.
func BenchmarkRequestsPerReset(b *testing.B) {
	for _, tc := range []struct {
		name       string
		opened     bool
		async      bool
		afterReset string // with a datafeed, started when the job is opened
	}{
		{"closed/sync", false, false, ""}, {"opened/sync", true, false, ""},
		{"closed/async", false, true, ""}, {"opened/async", true, true, ""},
		{"restore/running", true, false, "restore"}, {"started/closed", false, false, "started"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r, srv := benchResource(b)
			plan := model("j", nil)
			plan.WaitForCompletion = types.BoolValue(!tc.async)
			srv.PutJob("j")
			if tc.afterReset != "" {
				plan.AfterReset = types.StringValue(tc.afterReset)
				if err := srv.PutDatafeed("j-df", "j"); err != nil {
					b.Fatal(err)
				}
			}
			requests := 0
			for b.Loop() {
				// Each reset starts from the same state.
				if err := srv.CloseJob("j"); err != nil {
					b.Fatal(err)
				}
				if tc.opened {
					if err := srv.OpenJob("j"); err != nil {
						b.Fatal(err)
					}
					if tc.afterReset != "" {
						if err := srv.StartDatafeed("j-df"); err != nil {
							b.Fatal(err)
						}
					}
				}
				srv.ClearRequests()
				if _, _, diags := r.resetJob(context.Background(), plan, time.Minute); diags.HasError() {
					b.Fatal(diags)
				}
				for _, req := range srv.Requests() {
					// GET / is read once per client, not per reset; the
					// the budget counts it per provider process (DESIGN.md §8).
					if req.Path != "/" {
						requests++
					}
				}
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/reset")
		})
	}
}

// BenchmarkAsyncCompletionLatency measures how long after a reset task
// ends on the server the provider sees it (DESIGN.md §8: median within
// 100 ms).
func BenchmarkAsyncCompletionLatency(b *testing.B) {
	r, srv := benchResource(b, emulator.WithResetDuration(20*time.Millisecond))
	plan := model("j", nil)
	plan.WaitForCompletion = types.BoolValue(false)
	srv.PutJob("j")
	var mu sync.Mutex
	var ended time.Time
	srv.OnResetEnd(func(_, _ string, end time.Time) {
		mu.Lock()
		ended = end
		mu.Unlock()
	})
	var lags []time.Duration
	for b.Loop() {
		if _, _, diags := r.resetJob(context.Background(), plan, time.Minute); diags.HasError() {
			b.Fatal(diags)
		}
		seen := time.Now()
		mu.Lock()
		lags = append(lags, seen.Sub(ended))
		mu.Unlock()
	}
	slices.Sort(lags)
	b.ReportMetric(float64(lags[len(lags)/2].Microseconds())/1000, "ms-median-lag")
	b.ReportMetric(float64(lags[len(lags)*95/100].Microseconds())/1000, "ms-p95-lag")
	if testing.Verbose() {
		fmt.Printf("async completion lag over %d resets: median %s, p95 %s\n", len(lags), lags[len(lags)/2], lags[len(lags)*95/100])
	}
}
