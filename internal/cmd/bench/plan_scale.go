package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Plan at scale (DESIGN.md §8): for every resource type, N existing
// resources planned with refresh (one GET each, of the job or the
// transform), against N terraform_data resources planned the same way.

const tfdataConfig variant = "tfdata"

const (
	jobResetType    = "elasticsearch_ml_job_reset"
	planSourceIndex = "bench-plan-source"
)

// planScale is the outcome for one resource type: the median plans and
// the provider's CPU.
type planScale struct {
	resource             string
	n                    int
	provider, yardstick  time.Duration
	providerCPU          time.Duration // of the median provider plan
	requests             int           // the emulator logged during it
	providerRuns, tfRuns []time.Duration
}

func (p planScale) ratio() float64 { return p.provider.Seconds() / p.yardstick.Seconds() }

// planSubject is one configuration of the plan at scale: a resource type
// (or terraform_data) with the variables that make n of it.
type planSubject struct {
	name string
	v    variant
	vars map[string]any
	dir  string
}

// measurePlanScale builds the state of n resources of each type, and of n
// terraform_data, by one apply each (the operations take a millisecond on
// their own emulator, so that building them is quick), then times runs
// plans of each, rotating which goes first. Every resource type is
// compared with the same terraform_data plans.
func (b *bench) measurePlanScale(ctx context.Context, n, runs int) ([]planScale, error) {
	es := emulator.New(emulator.WithResetDuration(time.Millisecond))
	endpoint := es.Start()
	defer es.Close()
	subjects, err := seedPlanScale(ctx, es, endpoint, n)
	if err != nil {
		return nil, err
	}
	for i := range subjects {
		s := &subjects[i]
		dir, err := b.ws.prepareVars(s.v, n, s.vars)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		if _, err := b.ws.terraformIn(ctx, dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50"); err != nil {
			return nil, err
		}
		fmt.Printf("state of %d %s built in %.1f s\n", n, s.name, time.Since(start).Seconds())
		s.dir = dir
	}
	type sampled struct {
		wall, cpu time.Duration
		requests  int
	}
	samples := make([][]sampled, len(subjects))
	for r := range runs {
		for k := range subjects {
			i := (k + r) % len(subjects)
			s := subjects[i]
			es.ClearRequests()
			run, err := b.ws.terraformIn(ctx, s.dir, "plan", "-input=false", "-lock=false", "-no-color",
				"-detailed-exitcode", "-parallelism="+strconv.Itoa(b.opts.parallelism))
			if err != nil {
				return nil, fmt.Errorf("plan of %d %s (a change planned fails -detailed-exitcode): %w", n, s.name, err)
			}
			m := sampled{wall: run.wall(), cpu: run.cpu(), requests: len(es.Requests())}
			samples[i] = append(samples[i], m)
			fmt.Printf("run %d  %-38s plan of %d: %.2f s; provider CPU %.2f s (%.2f ms per resource); %d requests\n",
				r+1, s.name, n, m.wall.Seconds(), m.cpu.Seconds(), float64(m.cpu.Microseconds())/1000/float64(n), m.requests)
		}
	}
	median := func(s []sampled) sampled {
		s = slices.Clone(s)
		slices.SortFunc(s, func(a, b sampled) int { return int(a.wall - b.wall) })
		return s[len(s)/2]
	}
	walls := func(s []sampled) []time.Duration {
		out := make([]time.Duration, len(s))
		for i := range s {
			out[i] = s[i].wall
		}
		return out
	}
	last := len(subjects) - 1 // terraform_data
	y := median(samples[last])
	var out []planScale
	for i, s := range subjects[:last] {
		p := median(samples[i])
		out = append(out, planScale{
			resource: s.name, n: n, provider: p.wall, providerCPU: p.cpu, requests: p.requests, yardstick: y.wall,
			providerRuns: walls(samples[i]), tfRuns: walls(samples[last]),
		})
	}
	return out, nil
}

// seedPlanScale creates what n resources of each type stand for: closed
// jobs to reset, stopped transforms to reset, closed jobs with a model
// snapshot to revert to. The subjects are each resource type, then
// terraform_data last.
func seedPlanScale(ctx context.Context, es *emulator.Server, endpoint string, n int) ([]planSubject, error) {
	client, err := esclient.New(esclient.Config{Endpoints: []string{endpoint}})
	if err != nil {
		return nil, err
	}
	if err := client.Do(ctx, esapi.IndicesCreateRequest{Index: planSourceIndex, Body: strings.NewReader(
		`{"mappings":{"properties":{"host":{"type":"keyword"},"bytes":{"type":"long"}}}}`)}, nil); err != nil {
		return nil, fmt.Errorf("creating %s: %w", planSourceIndex, err)
	}
	snapshotAt := time.Now().UTC().Truncate(time.Hour).Add(-time.Hour)
	jobs := make([]jobVar, n)
	transforms := make([]map[string]string, n)
	reverts := make([]map[string]string, n)
	for i := range n {
		id := fmt.Sprintf("bench-plan-%05d", i)
		es.PutJob(id)
		jobs[i] = jobVar{ID: id, WaitForCompletion: true}

		tf := fmt.Sprintf("bench-plan-tf-%05d", i)
		body := `{"source":{"index":["` + planSourceIndex + `"]},"dest":{"index":"` + tf + `-dest"},` +
			`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"bytes":{"sum":{"field":"bytes"}}}}}`
		if err := client.Do(ctx, esapi.TransformPutTransformRequest{TransformID: tf, Body: strings.NewReader(body)}, nil); err != nil {
			return nil, fmt.Errorf("creating transform %s: %w", tf, err)
		}
		transforms[i] = map[string]string{"id": tf, "after_reset": "stopped"}

		job := fmt.Sprintf("bench-plan-rv-%05d", i)
		es.PutJob(job)
		snapshots, err := es.StoreModelSnapshots(job, snapshotAt)
		if err != nil {
			return nil, fmt.Errorf("snapshot of job %s: %w", job, err)
		}
		reverts[i] = map[string]string{"job_id": job, "snapshot_id": snapshots[0], "after_revert": "closed"}
	}
	none := []map[string]string{}
	return []planSubject{
		{name: jobResetType, v: viaProvider, vars: map[string]any{"endpoint": endpoint, "jobs": jobs}},
		{name: transformResetType, v: opsConfig, vars: map[string]any{"endpoint": endpoint, "transforms": transforms, "reverts": none}},
		{name: snapshotRevertType, v: opsConfig, vars: map[string]any{"endpoint": endpoint, "transforms": none, "reverts": reverts}},
		{name: "terraform_data", v: tfdataConfig, vars: map[string]any{"endpoint": endpoint, "jobs": jobs}},
	}, nil
}
