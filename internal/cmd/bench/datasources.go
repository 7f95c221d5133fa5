package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// dataSourceGroup is the group of the data source bench's jobs, as
// configs/datasources names it.
const dataSourceGroup = "bench-datasources"

// Transforms of the data source bench: bench-tf-0000, bench-tf-0001, ...,
// as configs/datasources names them; the list reads all of them, more than
// Elasticsearch answers in one page.
const (
	benchTransformPrefix = "bench-tf-"
	benchTransforms      = 1050
	transformPage        = 1000 // the most transforms one answer holds
	transformsPrefix     = "/_transform/"
)

const datasourcesConfig variant = "datasources"

// The job of the bench's elasticsearch_ml_model_snapshots read, as
// configs/datasources names it, and the snapshots it holds: two full pages
// and part of a third.
const (
	snapshotsJob    = "bench-snapshots"
	snapshotsStored = 250
)

// dataSourceCount is what the data source apply cost per read.
type dataSourceCount struct {
	jobs int
	// perJob is the requests of each elasticsearch_ml_job read, min..max.
	perJobMin, perJobMax int
	// list is the requests of the one elasticsearch_ml_jobs read.
	list int
	// perTransform is the requests of each elasticsearch_transform read,
	// min..max, over as many transforms as jobs.
	perTransformMin, perTransformMax int
	// transformList is the requests of the one elasticsearch_transforms
	// read, over benchTransforms transforms.
	transformList int
	// snapshots is how many the job of the one
	// elasticsearch_ml_model_snapshots read holds; snapshotPages, the
	// requests that read sent.
	snapshots, snapshotPages int
}

// countDataSourceRequests applies a configuration that reads each of n
// jobs (each with a started datafeed: the most a read costs) and then the
// group of all of them, each of n transforms and then all benchTransforms
// of them, and the model snapshots of a job that holds more than two pages
// of them, and counts per data source the requests the emulator logged.
func (b *bench) countDataSourceRequests(ctx context.Context, n int) (dataSourceCount, error) {
	out := dataSourceCount{jobs: n, snapshots: snapshotsStored}
	b.es.PutJob(snapshotsJob)
	times := make([]time.Time, snapshotsStored)
	first := time.Now().UTC().Truncate(time.Hour).Add(-snapshotsStored * time.Hour)
	for i := range times {
		times[i] = first.Add(time.Duration(i) * time.Hour)
	}
	if _, err := b.es.StoreModelSnapshots(snapshotsJob, times...); err != nil {
		return out, err
	}
	jobs := make([]jobVar, n)
	for i := range jobs {
		id := fmt.Sprintf("bench-ds-%04d", i)
		b.es.PutJobInGroups(id, "data source bench", dataSourceGroup)
		if err := b.es.PutDatafeed("datafeed-"+id, id); err != nil {
			return out, err
		}
		if err := b.es.OpenJob(id); err != nil {
			return out, err
		}
		if err := b.es.StartDatafeed("datafeed-" + id); err != nil {
			return out, err
		}
		jobs[i] = jobVar{ID: id, WaitForCompletion: true}
	}
	if err := b.putTransforms(ctx, benchTransforms); err != nil {
		return out, err
	}
	b.es.ClearRequests()
	if _, err := b.ws.apply(ctx, datasourcesConfig, b.endpoint, jobs, b.opts.parallelism); err != nil {
		return out, err
	}
	perJob, perTransform := map[string]int{}, map[string]int{}
	for _, rq := range b.es.Requests() {
		if strings.HasPrefix(rq.Path, jobsPrefix+snapshotsJob+"/model_snapshots") {
			// The client POSTs this read, its parameters in the query string.
			out.snapshotPages++
			continue
		}
		if rq.Method != http.MethodGet || rq.Path == "/" {
			continue
		}
		switch p := rq.Path; {
		case strings.HasPrefix(p, jobsPrefix+dataSourceGroup):
			out.list++
		case strings.HasPrefix(p, jobsPrefix):
			id, _, _ := strings.Cut(strings.TrimPrefix(p, jobsPrefix), "/")
			perJob[id]++
		case strings.HasPrefix(p, datafeedsPrefix+"datafeed-"):
			id, _, _ := strings.Cut(strings.TrimPrefix(p, datafeedsPrefix+"datafeed-"), "/")
			perJob[id]++
		case strings.HasPrefix(p, transformsPrefix+benchTransformPrefix+"*"):
			out.transformList++
		case strings.HasPrefix(p, transformsPrefix):
			id, _, _ := strings.Cut(strings.TrimPrefix(p, transformsPrefix), "/")
			perTransform[id]++
		}
	}
	out.perJobMin, out.perJobMax = spread(perJob, n, func(i int) string { return jobs[i].ID })
	out.perTransformMin, out.perTransformMax = spread(perTransform, n, benchTransformID)
	fmt.Printf("elasticsearch_ml_job: %d reads, %d..%d requests each; elasticsearch_ml_jobs over %d jobs: %d requests\n",
		n, out.perJobMin, out.perJobMax, n, out.list)
	fmt.Printf("elasticsearch_transform: %d reads, %d..%d requests each; elasticsearch_transforms over %d transforms: %d requests\n",
		n, out.perTransformMin, out.perTransformMax, benchTransforms, out.transformList)
	fmt.Printf("elasticsearch_ml_model_snapshots over %d snapshots: %d requests\n", out.snapshots, out.snapshotPages)
	return out, nil
}

// snapshotPages is how many pages of 100 hold n snapshots; no snapshot
// still takes one request.
func snapshotPages(n int) int { return max(1, (n+99)/100) }

// spread is the fewest and most requests counted for the n things
// named by id(0..n-1); a thing never counted counts 0.
func spread(counts map[string]int, n int, id func(int) string) (lo, hi int) {
	lo = -1
	for i := range n {
		c := counts[id(i)]
		if lo < 0 || c < lo {
			lo = c
		}
		hi = max(hi, c)
	}
	return lo, hi
}

func benchTransformID(i int) string { return fmt.Sprintf("%s%04d", benchTransformPrefix, i) }

// transformPages is how many pages the transforms list takes.
func transformPages() int { return (benchTransforms + transformPage - 1) / transformPage }

// putTransforms creates n stopped batch transforms over one source index,
// through the API as a user would.
func (b *bench) putTransforms(ctx context.Context, n int) error {
	es, err := esclient.New(esclient.Config{Endpoints: []string{b.endpoint}})
	if err != nil {
		return err
	}
	const source = "bench-tf-source"
	if err := es.Do(ctx, esapi.IndicesCreateRequest{Index: source, Body: strings.NewReader(
		`{"mappings":{"properties":{"host":{"type":"keyword"},"bytes":{"type":"long"}}}}`)}, nil); err != nil {
		return fmt.Errorf("creating %s: %w", source, err)
	}
	for i := range n {
		id := benchTransformID(i)
		body := `{"source":{"index":["` + source + `"]},"dest":{"index":"bench-tf-dest-` + id + `"},` +
			`"pivot":{"group_by":{"host":{"terms":{"field":"host"}}},"aggregations":{"bytes":{"sum":{"field":"bytes"}}}}}`
		if err := es.Do(ctx, esapi.TransformPutTransformRequest{TransformID: id, Body: strings.NewReader(body)}, nil); err != nil {
			return fmt.Errorf("creating transform %s: %w", id, err)
		}
	}
	return nil
}
