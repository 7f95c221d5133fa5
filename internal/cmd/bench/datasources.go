package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// dataSourceGroup is the group of the data source bench's jobs, as
// configs/datasources names it.
const dataSourceGroup = "bench-datasources"

const datasourcesConfig variant = "datasources"

// dataSourceCount is what the data source apply cost per read.
type dataSourceCount struct {
	jobs int
	// perJob is the requests of each elasticsearch_ml_job read, min..max.
	perJobMin, perJobMax int
	// list is the requests of the one elasticsearch_ml_jobs read.
	list int
}

// countDataSourceRequests applies a configuration that reads each of n
// jobs (each with a started datafeed: the most a read costs) and then the
// group of all of them, and counts per data source the requests the
// emulator logged.
func (b *bench) countDataSourceRequests(ctx context.Context, n int) (dataSourceCount, error) {
	out := dataSourceCount{jobs: n}
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
	fmt.Printf("elasticsearch_ml_job: %d reads, %d..%d requests each; elasticsearch_ml_jobs over %d jobs: %d requests\n",
		n, out.perJobMin, out.perJobMax, n, out.list)
	return out, nil
}
