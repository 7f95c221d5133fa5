package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/cmd/internal/devprovider"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// bench holds what the measurements share: the emulator, the terraform
// workspace and the record of reset ends.
type bench struct {
	opts     options
	es       *emulator.Server
	endpoint string
	ends     *resetEnds
	ws       *workspace
	batches  int
}

func run(ctx context.Context, opts options) error {
	began := time.Now()
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		return errors.New("the terraform CLI must be on PATH")
	}
	_, curlErr := exec.LookPath("curl")
	root, err := devprovider.RepoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "tf-es-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var gb goBenchResults
	if !opts.onlyRequests && !opts.onlyPlan {
		step("Go benchmarks: requests per reset and async completion latency (client and emulator, no terraform)")
		if gb, err = runGoBenchmarks(ctx, root, opts.latencyResets); err != nil {
			return err
		}
	}

	step("Building the provider")
	ws, err := newWorkspace(ctx, root, tmp, terraform)
	if err != nil {
		return err
	}

	if opts.onlyPlan {
		plans, err := (&bench{opts: opts, ws: ws}).planScaleStep(ctx)
		if err != nil {
			return err
		}
		step("Results")
		printTable(planRows(plans))
		fmt.Printf("Total bench time: %s\n", time.Since(began).Round(time.Second))
		return nil
	}

	es := emulator.New(emulator.WithResetDuration(opts.resetDuration), emulator.WithLatency(opts.latency))
	b := &bench{opts: opts, es: es, endpoint: es.Start(), ends: watchResets(es), ws: ws}
	defer es.Close()
	step(fmt.Sprintf("Emulator on %s: each reset takes %s, every response %s more", b.endpoint, opts.resetDuration, opts.latency))

	step("Requests per reset: one terraform apply, counted per job in the emulator's request log")
	reqs, err := b.countRequests(ctx)
	if err != nil {
		return err
	}

	step("Requests per transform reset and per model snapshot revert: one terraform apply, counted per transform and per job")
	ops, err := b.countOpRequests(ctx, opts.requestJobs)
	if err != nil {
		return err
	}
	if opts.onlyRequests {
		step("Results")
		printTable(append(requestRows(opts, reqs, ops), rootRow(reqs)))
		fmt.Printf("Total bench time: %s\n", time.Since(began).Round(time.Second))
		return nil
	}

	step("Requests per data source read: one terraform apply, counted per data source in the emulator's request log")
	ds, err := b.countDataSourceRequests(ctx, opts.requestJobs*4)
	if err != nil {
		return err
	}

	step(fmt.Sprintf("Timed applies: N resets, -parallelism=%d, %d run(s) each, median counts", opts.parallelism, opts.runs))
	if curlErr != nil {
		fmt.Println("curl is not on PATH: the comparison with the terraform_data + curl script is skipped.")
	}
	timings, err := b.timeApplies(ctx, curlErr == nil)
	if err != nil {
		return err
	}

	var plans []planScale
	if opts.planResources > 0 {
		if plans, err = b.planScaleStep(ctx); err != nil {
			return err
		}
	}

	var act actionTiming
	if opts.actionsTerraform != "" {
		step(fmt.Sprintf("The action: one reset invoked vs the same reset through the resource, with %s; %d run(s) each", opts.actionsTerraform, opts.runs))
		if act, err = b.timeAction(ctx, opts.actionsTerraform, opts.runs); err != nil {
			return err
		}
	}

	step("Results")
	rows := resultRows(opts, gb, reqs, ops, ds, timings, plans, act, curlErr == nil)
	printTable(rows)
	fmt.Printf("\nIdeal apply time = ceil(N / parallelism) x reset duration: server time / parallelism (DESIGN.md §8)\n"+
		"(N x %s / %d), rounded up to whole waves of %d concurrent resets.\n", opts.resetDuration, opts.parallelism, opts.parallelism)
	fmt.Printf("Total bench time: %s\n", time.Since(began).Round(time.Second))
	return nil
}

// planScaleStep measures the plans at scale of every resource type.
func (b *bench) planScaleStep(ctx context.Context) ([]planScale, error) {
	n := b.opts.planResources
	step(fmt.Sprintf("Plan at scale: %d existing resources of each type, refreshed, vs %d terraform_data; %d run(s) each, median counts",
		n, n, b.opts.runs))
	return b.measurePlanScale(ctx, n, b.opts.runs)
}

// newJobs creates n closed (or opened) jobs with ids no earlier apply used;
// with a datafeed, each gets one, started when the job is opened.
func (b *bench) newJobs(n int, tag string, opened, wait, datafeed bool) ([]jobVar, error) {
	b.batches++
	jobs := make([]jobVar, n)
	for i := range jobs {
		id := fmt.Sprintf("bench-%03d-%s-%04d", b.batches, tag, i)
		b.es.PutJob(id)
		if datafeed {
			if err := b.es.PutDatafeed("datafeed-"+id, id); err != nil {
				return nil, fmt.Errorf("datafeed of job %s: %w", id, err)
			}
		}
		if opened {
			if err := b.es.OpenJob(id); err != nil {
				return nil, fmt.Errorf("opening job %s: %w", id, err)
			}
			if datafeed {
				if err := b.es.StartDatafeed("datafeed-" + id); err != nil {
					return nil, fmt.Errorf("starting the datafeed of job %s: %w", id, err)
				}
			}
		}
		jobs[i] = jobVar{ID: id, WaitForCompletion: wait}
	}
	return jobs, nil
}

// checkReset fails unless every job was reset exactly once and is in
// state want afterwards.
func (b *bench) checkReset(jobs []jobVar, want string) error {
	for _, j := range jobs {
		snap, ok := b.es.Job(j.ID)
		if !ok || snap.ResetCount != 1 || snap.State != want {
			return fmt.Errorf("job %s: expected one reset and state %s, found %d reset(s) and state %q", j.ID, want, snap.ResetCount, snap.State)
		}
	}
	return nil
}

// requestCase is one kind of reset in the request count apply.
type requestCase struct {
	name   string
	opened bool
	wait   bool
	// afterReset is the mode ("" for the default, closed); such cases
	// have a datafeed, started when the job is opened.
	afterReset string
	jobs       []jobVar
	// perReset are the averages over the case's jobs.
	close, reset, polls, other float64
	minTotal, maxTotal         int
}

func (c requestCase) total() float64 { return c.close + c.reset + c.polls + c.other }

// requestCount is the outcome of the request count apply.
type requestCount struct {
	cases        []requestCase
	root         int
	planReads    int
	processes    int
	unattributed int
}

// countRequests applies one configuration with a few jobs of each case
// (closed or opened, sync or async) and counts, per job, the requests the
// emulator logged for it.
func (b *bench) countRequests(ctx context.Context) (requestCount, error) {
	out := requestCount{cases: []requestCase{
		{name: "closed job, sync", wait: true},
		{name: "opened job, sync", opened: true, wait: true},
		{name: "closed job, async", wait: false},
		{name: "opened job, async", opened: true, wait: false},
		{name: "restore, running", opened: true, wait: true, afterReset: "restore"},
		{name: "started, closed", wait: true, afterReset: "started"},
	}}
	var all []jobVar
	for i := range out.cases {
		c := &out.cases[i]
		tag := map[bool]string{true: "open", false: "closed"}[c.opened] + map[bool]string{true: "-sync", false: "-async"}[c.wait]
		if c.afterReset != "" {
			tag += "-" + c.afterReset
		}
		jobs, err := b.newJobs(b.opts.requestJobs, tag, c.opened, c.wait, c.afterReset != "")
		if err != nil {
			return out, err
		}
		for j := range jobs {
			if c.afterReset != "" {
				jobs[j].AfterReset = &c.afterReset
			}
		}
		c.jobs = jobs
		all = append(all, jobs...)
	}
	b.es.ClearRequests()
	run, err := b.ws.apply(ctx, viaProvider, b.endpoint, all, b.opts.parallelism)
	if err != nil {
		return out, err
	}
	for _, c := range out.cases {
		want := "closed"
		if c.afterReset != "" {
			want = "opened"
		}
		if err := b.checkReset(c.jobs, want); err != nil {
			return out, err
		}
	}
	_, tasks := b.ends.snapshot()
	t := sortRequests(b.es.Requests(), all, tasks)
	out.root, out.processes, out.unattributed, out.planReads = t.root, len(run.providers), t.unattributed, t.planReads
	for i := range out.cases {
		c := &out.cases[i]
		sum, lo, hi := t.sum(c.jobs)
		n := float64(len(c.jobs))
		c.close, c.reset, c.polls, c.other = float64(sum.close)/n, float64(sum.reset)/n, float64(sum.polls)/n, float64(sum.other)/n
		c.minTotal, c.maxTotal = lo, hi
		fmt.Printf("%-18s %d jobs: %.2f requests/reset (close %.2f, reset %.2f, task polls %.2f, other %.2f; per job %d..%d)\n",
			c.name, len(c.jobs), c.total(), c.close, c.reset, c.polls, c.other, lo, hi)
	}
	fmt.Printf("GET /: %d, from %d provider processes; plan warning reads (not counted above): %d for %d jobs; requests for no job of the apply: %d; apply took %s\n",
		out.root, out.processes, out.planReads, len(all), out.unattributed, run.wall().Round(time.Millisecond))
	return out, nil
}

// sample is one timed apply.
type sample struct {
	wall time.Duration
	// phase is the server's view of the resets, first request to last
	// end; before and after are the rest of the wall time.
	phase, before, after time.Duration
	peakKiB              int64
	providerCPU          time.Duration
	providers            []providerProcess
	perReset             float64
}

// timings are the timed applies' samples by variant and N.
type timings map[variant]map[int][]sample

func (t timings) median(v variant, n int) (sample, bool) {
	s := slices.Clone(t[v][n])
	if len(s) == 0 {
		return sample{}, false
	}
	slices.SortFunc(s, func(a, b sample) int { return int(a.wall - b.wall) })
	m := s[len(s)/2]
	peaks := make([]int64, len(s))
	for i := range s {
		peaks[i] = s[i].peakKiB
	}
	slices.Sort(peaks)
	m.peakKiB = peaks[len(peaks)/2]
	return m, true
}

// timeApplies runs, for each N, the provider's apply and the curl script's
// apply of N fresh closed jobs, alternating which goes first.
func (b *bench) timeApplies(ctx context.Context, withCurl bool) (timings, error) {
	out := timings{viaProvider: {}, viaCurl: {}}
	for r := range b.opts.runs {
		for _, n := range b.opts.sizes {
			order := []variant{viaProvider}
			if withCurl {
				order = append(order, viaCurl)
				if r%2 == 1 {
					slices.Reverse(order)
				}
			}
			for _, v := range order {
				s, err := b.timeApply(ctx, v, n)
				if err != nil {
					return out, err
				}
				out[v][n] = append(out[v][n], s)
				ideal := idealApply(n, b.opts.parallelism, b.opts.resetDuration)
				fmt.Printf("run %d  %-8s N=%-4d wall %6.2f s = %.2fx ideal: %.2f s before the first request, "+
					"%.2f s of resets (%.1f at a time), %.2f s after the last; %.2f requests/reset\n",
					r+1, v, n, s.wall.Seconds(), s.wall.Seconds()/ideal.Seconds(), s.before.Seconds(),
					s.phase.Seconds(), concurrency(n, b.opts.resetDuration, s.phase), s.after.Seconds(), s.perReset)
				if v == viaProvider && len(s.providers) > 0 {
					fmt.Printf("        provider processes: %s; CPU %.2f s in all\n", describeProviders(s.providers), s.providerCPU.Seconds())
				}
			}
		}
	}
	return out, nil
}

func (b *bench) timeApply(ctx context.Context, v variant, n int) (sample, error) {
	jobs, err := b.newJobs(n, string(v), false, true, false)
	if err != nil {
		return sample{}, err
	}
	b.es.ClearRequests()
	run, err := b.ws.apply(ctx, v, b.endpoint, jobs, b.opts.parallelism)
	if err != nil {
		return sample{}, err
	}
	if err := b.checkReset(jobs, "closed"); err != nil {
		return sample{}, err
	}
	ends, tasks := b.ends.snapshot()
	t := sortRequests(b.es.Requests(), jobs, tasks)
	sum, _, _ := t.sum(jobs)
	s := sample{
		wall: run.wall(), peakKiB: run.peakKiB(), providerCPU: run.cpu(), providers: run.providers,
		perReset: float64(sum.total()) / float64(n),
	}
	if first, last, ok := resetPhase(t, jobs, ends); ok {
		s.phase, s.before, s.after = last.Sub(first), first.Sub(run.start), run.end.Sub(last)
	}
	return s, nil
}

// idealApply is the shortest an apply of n resets can take with the given
// parallelism: whole waves of parallel resets, nothing else.
func idealApply(n, parallelism int, reset time.Duration) time.Duration {
	waves := (n + parallelism - 1) / parallelism
	return time.Duration(waves) * reset
}

// concurrency is how many resets ran at a time on average.
func concurrency(n int, reset, phase time.Duration) float64 {
	if phase <= 0 {
		return 0
	}
	return float64(n) * reset.Seconds() / phase.Seconds()
}

// describeProviders lists each provider process's peak RSS and CPU time.
func describeProviders(ps []providerProcess) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%s/%.2fs", mib(p.peakKiB), p.cpu.Seconds())
	}
	return strings.Join(parts, ", ")
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }
