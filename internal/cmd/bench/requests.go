package main

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/resources/mljobreset"
)

// resetEnds records, from the emulator's hook, when each job's reset
// ended and which job each reset task belonged to, so that task long
// polls can be counted against their job.
type resetEnds struct {
	mu        sync.Mutex
	end       map[string]time.Time // by job id
	jobOfTask map[string]string
}

func watchResets(es *emulator.Server) *resetEnds {
	r := &resetEnds{end: map[string]time.Time{}, jobOfTask: map[string]string{}}
	es.OnResetEnd(func(jobID, taskID string, end time.Time) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.end[jobID] = end
		r.jobOfTask[taskID] = jobID
	})
	return r
}

func (r *resetEnds) snapshot() (map[string]time.Time, map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	end := make(map[string]time.Time, len(r.end))
	for k, v := range r.end {
		end[k] = v
	}
	tasks := make(map[string]string, len(r.jobOfTask))
	for k, v := range r.jobOfTask {
		tasks[k] = v
	}
	return end, tasks
}

// jobRequests are the requests one job's reset cost the cluster.
type jobRequests struct {
	close, reset, polls, other int
	first                      time.Time // arrival of its first request
}

func (j *jobRequests) total() int { return j.close + j.reset + j.polls + j.other }

// traffic is one apply's request log, sorted out by job.
type traffic struct {
	jobs map[string]*jobRequests
	// root counts GET / (the version check, once per provider process).
	root int
	// planReads counts the plan warning's job stats reads, which the
	// budgets leave out (DESIGN.md §8): one per job each time it is planned.
	planReads int
	// unattributed counts requests for no job of the apply.
	unattributed int
}

const (
	jobsPrefix      = "/_ml/anomaly_detectors/"
	datafeedsPrefix = "/_ml/datafeeds/"
)

// sortRequests attributes each logged request to the job it is for: its
// path names the job, or it follows a reset task of the job.
func sortRequests(log []emulator.Request, jobs []jobVar, jobOfTask map[string]string) traffic {
	t := traffic{jobs: make(map[string]*jobRequests, len(jobs))}
	for _, j := range jobs {
		t.jobs[j.ID] = &jobRequests{}
	}
	for _, rq := range log {
		if rq.Method == http.MethodGet && rq.Path == "/" {
			t.root++
			continue
		}
		if rq.Header.Get(esclient.OpaqueIDHeader) == mljobreset.PlanReadOpaqueID {
			t.planReads++
			continue
		}
		var jobID, action string
		switch {
		case strings.HasPrefix(rq.Path, jobsPrefix):
			jobID, action, _ = strings.Cut(strings.TrimPrefix(rq.Path, jobsPrefix), "/")
		case strings.HasPrefix(rq.Path, datafeedsPrefix):
			// The bench names each datafeed after its job.
			feed, rest, _ := strings.Cut(strings.TrimPrefix(rq.Path, datafeedsPrefix), "/")
			jobID, action = strings.TrimPrefix(feed, "datafeed-"), "datafeed/"+rest
		case strings.HasPrefix(rq.Path, "/_tasks/"):
			taskID, rest, _ := strings.Cut(strings.TrimPrefix(rq.Path, "/_tasks/"), "/")
			if rq.Method == http.MethodGet && rest == "" {
				jobID, action = jobOfTask[taskID], "poll"
			}
		}
		j := t.jobs[jobID]
		if j == nil {
			t.unattributed++
			continue
		}
		if j.first.IsZero() || rq.Time.Before(j.first) {
			j.first = rq.Time
		}
		switch {
		case action == "_close" && rq.Method == http.MethodPost:
			j.close++
		case action == "_reset" && rq.Method == http.MethodPost:
			j.reset++
		case action == "poll":
			j.polls++
		default:
			j.other++
		}
	}
	return t
}

// sum adds up the requests of the given jobs.
func (t traffic) sum(jobs []jobVar) (sum jobRequests, minTotal, maxTotal int) {
	for i, j := range jobs {
		r := t.jobs[j.ID]
		sum.close += r.close
		sum.reset += r.reset
		sum.polls += r.polls
		sum.other += r.other
		if i == 0 || r.total() < minTotal {
			minTotal = r.total()
		}
		maxTotal = max(maxTotal, r.total())
	}
	return sum, minTotal, maxTotal
}

// resetPhase is the server's view of an apply's resets: from the first
// request for any of the jobs to the end of the last reset.
func resetPhase(t traffic, jobs []jobVar, ends map[string]time.Time) (first, last time.Time, ok bool) {
	for _, j := range jobs {
		r, end := t.jobs[j.ID], ends[j.ID]
		if r == nil || r.first.IsZero() || end.IsZero() {
			return first, last, false
		}
		if first.IsZero() || r.first.Before(first) {
			first = r.first
		}
		if end.After(last) {
			last = end
		}
	}
	return first, last, !first.IsZero()
}
