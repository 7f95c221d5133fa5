package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// Plan at scale (DESIGN.md §8): N existing elasticsearch_ml_job_reset
// resources planned with refresh (one GET of the job each), against N
// terraform_data resources planned the same way.

const tfdataConfig variant = "tfdata"

// planScale is the outcome: the median plans and the provider's CPU.
type planScale struct {
	n                    int
	provider, yardstick  time.Duration
	providerCPU          time.Duration // of the median provider plan
	providerRuns, tfRuns []time.Duration
}

func (p planScale) ratio() float64 { return p.provider.Seconds() / p.yardstick.Seconds() }

// measurePlanScale builds both states (resets take a millisecond on their
// own emulator, so that building them is quick), then times runs plans of
// each, alternating.
func (b *bench) measurePlanScale(ctx context.Context, n, runs int) (planScale, error) {
	out := planScale{n: n}
	es := emulator.New(emulator.WithResetDuration(time.Millisecond))
	endpoint := es.Start()
	defer es.Close()
	jobs := make([]jobVar, n)
	for i := range jobs {
		id := fmt.Sprintf("bench-plan-%05d", i)
		es.PutJob(id)
		jobs[i] = jobVar{ID: id, WaitForCompletion: true}
	}
	dirs := map[variant]string{}
	for _, v := range []variant{viaProvider, tfdataConfig} {
		dir, err := b.ws.prepare(v, endpoint, jobs)
		if err != nil {
			return out, err
		}
		start := time.Now()
		if _, err := b.ws.terraformIn(ctx, dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50"); err != nil {
			return out, err
		}
		fmt.Printf("state of %d %s resources built in %.1f s\n", n, v, time.Since(start).Seconds())
		dirs[v] = dir
	}
	type sampled struct {
		wall, cpu time.Duration
	}
	samples := map[variant][]sampled{}
	for r := range runs {
		order := []variant{viaProvider, tfdataConfig}
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, v := range order {
			es.ClearRequests()
			run, err := b.ws.terraformIn(ctx, dirs[v], "plan", "-input=false", "-lock=false", "-no-color",
				"-detailed-exitcode", "-parallelism="+strconv.Itoa(b.opts.parallelism))
			if err != nil {
				return out, err
			}
			s := sampled{wall: run.wall(), cpu: run.cpu()}
			samples[v] = append(samples[v], s)
			gets := len(es.Requests())
			fmt.Printf("run %d  %-8s plan of %d: %.2f s; provider CPU %.2f s (%.2f ms per resource); %d requests\n",
				r+1, v, n, s.wall.Seconds(), s.cpu.Seconds(), float64(s.cpu.Microseconds())/1000/float64(n), gets)
		}
	}
	median := func(s []sampled) sampled {
		s = slices.Clone(s)
		slices.SortFunc(s, func(a, b sampled) int { return int(a.wall - b.wall) })
		return s[len(s)/2]
	}
	p, y := median(samples[viaProvider]), median(samples[tfdataConfig])
	out.provider, out.providerCPU, out.yardstick = p.wall, p.cpu, y.wall
	for _, s := range samples[viaProvider] {
		out.providerRuns = append(out.providerRuns, s.wall)
	}
	for _, s := range samples[tfdataConfig] {
		out.tfRuns = append(out.tfRuns, s.wall)
	}
	return out, nil
}
