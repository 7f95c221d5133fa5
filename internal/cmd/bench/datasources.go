package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// dataSourceGroup is the group of the data source bench's jobs, as
// configs/datasources names it.
const dataSourceGroup = "bench-datasources"

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
	// snapshots is how many the job of the one
	// elasticsearch_ml_model_snapshots read holds; snapshotPages, the
	// requests that read sent.
	snapshots, snapshotPages int
}

// countDataSourceRequests applies a configuration that reads each of n
// jobs (each with a started datafeed: the most a read costs), the group of
// all of them, and the model snapshots of a job that holds more than two
// pages of them, and counts per data source the requests the emulator
// logged.
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
	b.es.ClearRequests()
	if _, err := b.ws.apply(ctx, datasourcesConfig, b.endpoint, jobs, b.opts.parallelism); err != nil {
		return out, err
	}
	perJob := map[string]int{}
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
		}
	}
	out.perJobMin = -1
	for _, j := range jobs {
		c := perJob[j.ID]
		if out.perJobMin < 0 || c < out.perJobMin {
			out.perJobMin = c
		}
		out.perJobMax = max(out.perJobMax, c)
	}
	fmt.Printf("elasticsearch_ml_job: %d reads, %d..%d requests each; elasticsearch_ml_jobs over %d jobs: %d requests; "+
		"elasticsearch_ml_model_snapshots over %d snapshots: %d requests\n",
		n, out.perJobMin, out.perJobMax, n, out.list, out.snapshots, out.snapshotPages)
	return out, nil
}

// snapshotPages is how many pages of 100 hold n snapshots; no snapshot
// still takes one request.
func snapshotPages(n int) int { return max(1, (n+99)/100) }
