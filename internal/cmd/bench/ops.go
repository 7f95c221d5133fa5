package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mlsnapshotrevert"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/transformreset"
)

// opsConfig applies elasticsearch_transform_reset and
// elasticsearch_ml_model_snapshot_revert resources (configs/ops).
const opsConfig variant = "ops"

// opCase is one mode of a transform reset or a snapshot revert in the ops
// apply, with its budget (DESIGN.md §10, §11).
type opCase struct {
	resource string // the resource type
	mode     string // after_reset or after_revert
	// setup says what the bench makes of each transform or job first: the
	// state that costs the mode the most requests.
	setup string
	// budget is the most requests one operation may cost; exact says it
	// must cost exactly that many.
	budget int
	exact  bool
	goal   string
	ids    []string
	// Requests per operation over the case's ids: the average, min and max.
	avg      float64
	min, max int
}

// opsCount is the outcome of the ops apply.
type opsCount struct {
	cases []opCase
	// planReads are the plan warnings' reads, counted apart, by resource type.
	transformPlanReads, revertPlanReads int
	unattributed                        int
}

const (
	transformResetType = "elasticsearch_transform_reset"
	snapshotRevertType = "elasticsearch_ml_model_snapshot_revert"
	opsSourceIndex     = "bench-ops-source"
)

// opCases are the cases of the ops apply: every mode of both resources.
func opCases() []opCase {
	return []opCase{
		{resource: transformResetType, mode: "stopped", setup: "running", budget: 2, exact: true, goal: "2 (stop, reset)"},
		{resource: transformResetType, mode: "restore", setup: "running", budget: 4, goal: "at most 4 (stats, stop, reset, start)"},
		{resource: transformResetType, mode: "started", setup: "running", budget: 3, goal: "at most 3 (stop, reset, start)"},
		{resource: snapshotRevertType, mode: "closed", setup: "opened", budget: 2, exact: true, goal: "2 (close, revert)"},
		{resource: snapshotRevertType, mode: "restore", setup: "opened, datafeed started", budget: 7,
			goal: "at most 7 (job stats, datafeed id, datafeed stats, close, revert, open, start)"},
		{resource: snapshotRevertType, mode: "started", setup: "closed, with a datafeed", budget: 5,
			goal: "at most 5 (datafeed id, close, revert, open, start)"},
	}
}

// countOpRequests applies n transform resets and n snapshot reverts of
// each mode in one configuration and counts, per transform and per job,
// the requests the emulator logged for it.
func (b *bench) countOpRequests(ctx context.Context, n int) (opsCount, error) {
	out := opsCount{cases: opCases()}
	es, err := esclient.New(esclient.Config{Endpoints: []string{b.endpoint}})
	if err != nil {
		return out, err
	}
	if err := es.Do(ctx, esapi.IndicesCreateRequest{Index: opsSourceIndex, Body: strings.NewReader(
		`{"mappings":{"properties":{"timestamp":{"type":"date"},"host":{"type":"keyword"},"bytes":{"type":"long"}}}}`)}, nil); err != nil {
		return out, fmt.Errorf("creating %s: %w", opsSourceIndex, err)
	}
	var transforms, reverts []map[string]string
	snapshotOf := map[string]string{}
	for i := range out.cases {
		c := &out.cases[i]
		for k := range n {
			if c.resource == transformResetType {
				id := fmt.Sprintf("bench-ops-tf-%s-%02d", c.mode, k)
				if err := b.putRunningTransform(ctx, es, id); err != nil {
					return out, err
				}
				c.ids = append(c.ids, id)
				transforms = append(transforms, map[string]string{"id": id, "after_reset": c.mode})
				continue
			}
			id := fmt.Sprintf("bench-ops-job-%s-%02d", c.mode, k)
			snapshot, err := b.putRevertableJob(id, c.mode)
			if err != nil {
				return out, err
			}
			snapshotOf[id] = snapshot
			c.ids = append(c.ids, id)
			reverts = append(reverts, map[string]string{"job_id": id, "snapshot_id": snapshot, "after_revert": c.mode})
		}
	}
	b.es.ClearRequests()
	dir, err := b.ws.prepareVars(opsConfig, len(transforms)+len(reverts),
		map[string]any{"endpoint": b.endpoint, "transforms": transforms, "reverts": reverts})
	if err != nil {
		return out, err
	}
	run, err := b.ws.terraformIn(ctx, dir, "apply", "-auto-approve", "-input=false", "-no-color",
		"-parallelism="+strconv.Itoa(b.opts.parallelism))
	if err != nil {
		return out, err
	}
	if err := b.checkOps(out.cases, snapshotOf); err != nil {
		return out, err
	}

	perID := map[string]int{}
	for _, rq := range b.es.Requests() {
		if rq.Method == http.MethodGet && rq.Path == "/" {
			continue
		}
		switch rq.Header.Get(esclient.OpaqueIDHeader) {
		case transformreset.PlanReadOpaqueID:
			out.transformPlanReads++
			continue
		case mlsnapshotrevert.PlanReadOpaqueID:
			out.revertPlanReads++
			continue
		}
		var id string
		switch p := rq.Path; {
		case strings.HasPrefix(p, transformsPrefix):
			id, _, _ = strings.Cut(strings.TrimPrefix(p, transformsPrefix), "/")
		case strings.HasPrefix(p, jobsPrefix):
			id, _, _ = strings.Cut(strings.TrimPrefix(p, jobsPrefix), "/")
		case strings.HasPrefix(p, datafeedsPrefix+"datafeed-"):
			id, _, _ = strings.Cut(strings.TrimPrefix(p, datafeedsPrefix+"datafeed-"), "/")
		}
		if !strings.HasPrefix(id, "bench-ops-") {
			out.unattributed++
			continue
		}
		perID[id]++
	}
	for i := range out.cases {
		c := &out.cases[i]
		sum := 0
		c.min, c.max = spread(perID, len(c.ids), func(k int) string { return c.ids[k] })
		for _, id := range c.ids {
			sum += perID[id]
		}
		c.avg = float64(sum) / float64(len(c.ids))
		fmt.Printf("%-38s %-8s %d of them (%s): %.2f requests each (%d..%d)\n",
			c.resource, c.mode, len(c.ids), c.setup, c.avg, c.min, c.max)
	}
	fmt.Printf("plan warning reads (not counted above): %d for %d transform resets, %d for %d reverts; "+
		"requests for nothing of the apply: %d; apply took %s\n",
		out.transformPlanReads, len(transforms), out.revertPlanReads, len(reverts), out.unattributed,
		run.wall().Round(time.Millisecond))
	return out, nil
}

// putRunningTransform creates a continuous transform through the API and
// starts it: it stays started between its (hourly) passes, as a
// transform that is running when the reset comes.
func (b *bench) putRunningTransform(ctx context.Context, es *esclient.Client, id string) error {
	body := `{"source":{"index":["` + opsSourceIndex + `"]},"dest":{"index":"` + id + `-dest"},` +
		`"frequency":"1h","sync":{"time":{"field":"timestamp"}},` +
		`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"bytes":{"sum":{"field":"bytes"}}}}}`
	if err := es.Do(ctx, esapi.TransformPutTransformRequest{TransformID: id, Body: strings.NewReader(body)}, nil); err != nil {
		return fmt.Errorf("creating transform %s: %w", id, err)
	}
	if err := es.Do(ctx, esapi.TransformStartTransformRequest{TransformID: id}, nil); err != nil {
		return fmt.Errorf("starting transform %s: %w", id, err)
	}
	return nil
}

// putRevertableJob creates a job with a datafeed and two model snapshots,
// leaves it as mode's worst case needs, and returns the older snapshot,
// the one to revert to.
func (b *bench) putRevertableJob(id, mode string) (string, error) {
	b.es.PutJob(id)
	datafeed := mode != "closed"
	if datafeed {
		if err := b.es.PutDatafeed("datafeed-"+id, id); err != nil {
			return "", fmt.Errorf("datafeed of job %s: %w", id, err)
		}
	}
	latest := time.Now().UTC().Truncate(time.Hour)
	ids, err := b.es.StoreModelSnapshots(id, latest.Add(-2*time.Hour), latest.Add(-time.Hour))
	if err != nil {
		return "", fmt.Errorf("snapshots of job %s: %w", id, err)
	}
	if mode == "started" {
		return ids[0], nil
	}
	if err := b.es.OpenJob(id); err != nil {
		return "", fmt.Errorf("opening job %s: %w", id, err)
	}
	if datafeed {
		if err := b.es.StartDatafeed("datafeed-" + id); err != nil {
			return "", fmt.Errorf("starting the datafeed of job %s: %w", id, err)
		}
	}
	return ids[0], nil
}

// checkOps fails unless each transform was reset once and each job
// reverted to its snapshot, and each is left as its mode says.
func (b *bench) checkOps(cases []opCase, snapshotOf map[string]string) error {
	for _, c := range cases {
		for _, id := range c.ids {
			if c.resource == transformResetType {
				tf, ok := b.es.Transform(id)
				running := tf.State == "started" || tf.State == "indexing"
				if !ok || tf.Resets != 1 || running != (c.mode != "stopped") {
					return fmt.Errorf("transform %s (%s): expected one reset, found %d and state %q", id, c.mode, tf.Resets, tf.State)
				}
				continue
			}
			job, ok := b.es.Job(id)
			want := map[bool]string{true: "closed", false: "opened"}[c.mode == "closed"]
			if !ok || job.ModelSnapshotID != snapshotOf[id] || job.State != want {
				return fmt.Errorf("job %s (%s): expected snapshot %s and state %s, found %q and %q",
					id, c.mode, snapshotOf[id], want, job.ModelSnapshotID, job.State)
			}
		}
	}
	return nil
}
