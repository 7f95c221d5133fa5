package main

import (
	"fmt"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

const (
	pass = "PASS"
	miss = "MISS"
	info = "info"
	skip = "SKIP"
)

// Thresholds of the performance targets (DESIGN.md §8).
const (
	maxLatencyMedianMs = 100.0
	maxIdealRatio      = 1.2
	maxCurlRatio       = 1.0
	// The plan of N existing resources against N terraform_data, where
	// the plugin framework's own cost dominates.
	maxPlanRatio = 3.5
	// "Flat" memory: from the smallest to the largest apply the provider's
	// peak RSS grows by at most half (growing with N would be 10x or more).
	maxMemoryRatio = 1.5
	// The task API's default long poll window: a reset shorter than that
	// needs one poll.
	pollWindow = 30 * time.Second
)

type row struct{ what, measured, goal, result string }

func verdict(ok bool) string {
	if ok {
		return pass
	}
	return miss
}

// requestRows are the rows of the request count applies: per job reset,
// transform reset and snapshot revert, each mode against its budget.
func requestRows(opts options, reqs requestCount, ops opsCount) []row {
	var rows []row
	polls := int(math.Ceil(float64(opts.resetDuration) / float64(pollWindow)))

	// Requests per reset, through terraform.
	for _, c := range reqs.cases {
		want := 2
		goal := "2 (close, reset)"
		switch {
		case c.afterReset == "restore":
			want, goal = 7, "at most 7 (3 reads, close, reset, open, start)"
		case c.afterReset == "started":
			want, goal = 5, "at most 5 (job read, close, reset, open, start)"
		case !c.wait:
			want += polls
			goal = fmt.Sprintf("2 + %d task poll(s) = %d", polls, want)
		}
		rows = append(rows, row{
			what: "Requests/reset, " + c.name + " (terraform apply)",
			measured: fmt.Sprintf("%.2f (close %.0f, reset %.0f, polls %.0f, other %.0f; per job %d..%d)",
				c.total(), c.close, c.reset, c.polls, c.other, c.minTotal, c.maxTotal),
			goal:   goal,
			result: verdict(c.maxTotal <= want && c.close == 1 && c.reset == 1 && (c.afterReset != "" || c.minTotal == want)),
		})
	}
	rows = append(rows, row{
		what:     "Plan warning job stats reads (not in the budgets)",
		measured: fmt.Sprintf("%d for %d resets", reqs.planReads, len(reqs.cases)*opts.requestJobs),
		goal:     "one per job per plan (an apply plans twice)", result: info,
	})
	for _, c := range ops.cases {
		rows = append(rows, row{
			what:     fmt.Sprintf("Requests/op, %s %s, %s (terraform apply)", c.resource, c.mode, c.setup),
			measured: fmt.Sprintf("%.2f (per op %d..%d)", c.avg, c.min, c.max),
			goal:     c.goal,
			result:   verdict(c.max <= c.budget && c.min > 0 && (!c.exact || c.min == c.budget)),
		})
	}
	rows = append(rows, row{
		what: "Plan warning reads of transform resets / snapshot reverts (not in the budgets)",
		measured: fmt.Sprintf("%d for %d / %d for %d", ops.transformPlanReads, opsOf(ops, transformResetType),
			ops.revertPlanReads, opsOf(ops, snapshotRevertType)),
		goal: "at most 3 / 2 per resource per plan (an apply plans twice)", result: info,
	})
	return rows
}

// opsOf is how many operations of the resource type the ops apply ran.
func opsOf(ops opsCount, resource string) int {
	n := 0
	for _, c := range ops.cases {
		if c.resource == resource {
			n += len(c.ids)
		}
	}
	return n
}

func resultRows(opts options, gb goBenchResults, reqs requestCount, ops opsCount, ds dataSourceCount, t timings, plans []planScale, act actionTiming, withCurl bool) []row {
	rows := requestRows(opts, reqs, ops)
	rows = append(rows,
		row{
			what:     "Requests per elasticsearch_ml_job read (job with a datafeed)",
			measured: fmt.Sprintf("%d..%d over %d reads", ds.perJobMin, ds.perJobMax, ds.jobs),
			goal:     "at most 3 (job, job stats, datafeed stats)", result: verdict(ds.perJobMax <= 3 && ds.perJobMin > 0),
		},
		row{
			what:     "Requests per elasticsearch_ml_jobs read",
			measured: fmt.Sprintf("%d for %d matching jobs", ds.list, ds.jobs),
			goal:     "exactly 2 (jobs, job stats), however many match", result: verdict(ds.list == 2),
		},
		row{
			what:     "Requests per elasticsearch_transform read",
			measured: fmt.Sprintf("%d..%d over %d reads", ds.perTransformMin, ds.perTransformMax, ds.jobs),
			goal:     "at most 2 (transform, transform stats)", result: verdict(ds.perTransformMax <= 2 && ds.perTransformMin > 0),
		},
		row{
			what:     "Requests per elasticsearch_transforms read",
			measured: fmt.Sprintf("%d for %d matching transforms", ds.transformList, benchTransforms),
			goal:     fmt.Sprintf("2 a page of %d (transforms, transform stats): %d", transformPage, 2*transformPages()),
			result:   verdict(ds.transformList == 2*transformPages()),
		},
		row{
			what:     "Requests per elasticsearch_ml_model_snapshots read",
			measured: fmt.Sprintf("%d for %d snapshots", ds.snapshotPages, ds.snapshots),
			goal:     fmt.Sprintf("one per page of 100: %d", snapshotPages(ds.snapshots)), result: verdict(ds.snapshotPages == snapshotPages(ds.snapshots)),
		})
	rows = append(rows, rootRow(reqs))

	// Requests per reset, Go benchmark.
	var got, want []string
	ok := true
	for _, c := range []struct {
		name string
		want float64
	}{{"closed/sync", 2}, {"opened/sync", 2}, {"closed/async", 3}, {"opened/async", 3}, {"restore/running", 7}, {"started/closed", 5}} {
		v, found := gb.metric("BenchmarkRequestsPerReset/"+c.name, "requests/reset")
		if !found {
			got = append(got, "?")
			ok = false
		} else {
			got = append(got, fmt.Sprintf("%g", v))
			ok = ok && v == c.want
		}
		want = append(want, fmt.Sprintf("%g", c.want))
	}
	rows = append(rows, row{
		what:     "Requests/reset, Go benchmark (closed/opened x sync/async; restore, started)",
		measured: strings.Join(got, " / "), goal: strings.Join(want, " / ") + " (20 ms resets: 1 poll)", result: verdict(ok),
	})

	// Async completion latency, Go benchmark.
	median, okMedian := gb.metric("BenchmarkAsyncCompletionLatency", "ms-median-lag")
	p95, okP95 := gb.metric("BenchmarkAsyncCompletionLatency", "ms-p95-lag")
	latency := row{what: "Async completion latency (task end -> provider sees it)", goal: fmt.Sprintf("median <= %g ms", maxLatencyMedianMs)}
	if okMedian && okP95 {
		latency.measured = fmt.Sprintf("median %.2f ms, p95 %.2f ms (%d resets of 20 ms)", median, p95, opts.latencyResets)
		latency.result = verdict(median <= maxLatencyMedianMs)
	} else {
		latency.measured, latency.result = "not reported by the benchmark", miss
	}
	rows = append(rows, latency)

	// Timed applies.
	largest := opts.sizes[len(opts.sizes)-1]
	for _, n := range opts.sizes {
		p, ok := t.median(viaProvider, n)
		if !ok {
			continue
		}
		ideal := idealApply(n, opts.parallelism, opts.resetDuration)
		ratio := p.wall.Seconds() / ideal.Seconds()
		r := row{
			what:     fmt.Sprintf("Apply, N=%d: wall / ideal", n),
			measured: fmt.Sprintf("%.2fx (%s; ideal %s)", ratio, seconds(p.wall), seconds(ideal)),
			goal:     "informative", result: info,
		}
		if n == largest {
			r.goal, r.result = fmt.Sprintf("<= %.1fx", maxIdealRatio), verdict(ratio <= maxIdealRatio)
		}
		rows = append(rows, r)

		r = row{what: fmt.Sprintf("Apply, N=%d: provider / curl script", n), goal: "informative", result: info}
		if n == largest {
			r.goal = fmt.Sprintf("<= %.2fx", maxCurlRatio)
		}
		c, ok := t.median(viaCurl, n)
		switch {
		case !withCurl:
			r.measured, r.result = "skipped: curl is not on PATH", skip
		case !ok:
			r.measured, r.result = "not measured", skip
		default:
			ratio := p.wall.Seconds() / c.wall.Seconds()
			r.measured = fmt.Sprintf("%.2fx (%s vs %s)", ratio, seconds(p.wall), seconds(c.wall))
			if n == largest {
				r.result = verdict(ratio <= maxCurlRatio)
			}
		}
		rows = append(rows, r)
	}

	// Memory.
	smallest := opts.sizes[0]
	lo, okLo := t.median(viaProvider, smallest)
	hi, okHi := t.median(viaProvider, largest)
	mem := row{what: fmt.Sprintf("Provider peak RSS, N=%d / N=%d", largest, smallest), goal: fmt.Sprintf("<= %.1fx (flat)", maxMemoryRatio)}
	switch {
	case smallest == largest:
		mem.measured, mem.result = "needs two sizes (-sizes)", skip
	case !okLo || !okHi || lo.peakKiB == 0 || hi.peakKiB == 0:
		mem.measured, mem.result = "not measurable on this system", skip
	default:
		ratio := float64(hi.peakKiB) / float64(lo.peakKiB)
		mem.measured = fmt.Sprintf("%.2fx (%s vs %s)", ratio, mib(hi.peakKiB), mib(lo.peakKiB))
		mem.result = verdict(ratio <= maxMemoryRatio)
	}
	rows = append(rows, mem)
	rows = append(rows, planRows(plans)...)
	if act.action > 0 {
		rows = append(rows, row{
			what: "One reset: action (apply -invoke) vs resource (apply)",
			measured: fmt.Sprintf("%s vs %s (%.2fx)", seconds(act.action), seconds(act.resource),
				act.action.Seconds()/act.resource.Seconds()),
			goal: "informative", result: info,
		})
	}
	return rows
}

// planRows are the plans at scale: per resource type, its plan against
// the same terraform_data plan.
func planRows(plans []planScale) []row {
	var rows []row
	for _, p := range plans {
		rows = append(rows, row{
			what: fmt.Sprintf("Plan of %d existing %s vs %d terraform_data", p.n, p.resource, p.n),
			measured: fmt.Sprintf("%.2fx (%s vs %s; provider CPU %.2f ms per resource; %d requests)", p.ratio(), seconds(p.provider),
				seconds(p.yardstick), float64(p.providerCPU.Microseconds())/1000/float64(p.n), p.requests),
			goal: fmt.Sprintf("<= %.1fx", maxPlanRatio), result: verdict(p.ratio() <= maxPlanRatio),
		})
	}
	return rows
}

// rootRow is GET / per provider process in the job reset request count apply.
func rootRow(reqs requestCount) row {
	r := row{what: "GET / per provider process (same apply)", goal: "at most 1"}
	if reqs.processes > 0 {
		r.measured = fmt.Sprintf("%d GET / from %d provider processes", reqs.root, reqs.processes)
		r.result = verdict(reqs.root <= reqs.processes)
	} else {
		r.measured = fmt.Sprintf("%d GET / (process count unknown here)", reqs.root)
		r.result = info
	}
	return r
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func printTable(rows []row) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "Measurement\tMeasured\tTarget\tResult")
	fmt.Fprintln(w, "-----------\t--------\t------\t------")
	misses := 0
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.what, r.measured, r.goal, r.result)
		if r.result == miss {
			misses++
		}
	}
	_ = w.Flush()
	if misses > 0 {
		fmt.Printf("\n%d target(s) missed.\n", misses)
	}
}
