// Command bench measures the provider against the performance targets of
// DESIGN.md §8 and prints them as one table: `make bench`.
//
// Everything runs against the in-process emulator, through the terraform
// CLI on PATH and a provider built from this checkout:
//
//   - requests per reset, counted per job in the emulator's request log
//     during a real `terraform apply` (and by the Go benchmark), and per
//     transform reset and model snapshot revert in another (ops.go);
//   - async completion latency, from the Go benchmark
//     BenchmarkAsyncCompletionLatency;
//   - the wall time of `terraform apply` of N resets against the ideal, and
//     against a terraform_data + local-exec + curl configuration making
//     the same calls;
//   - the provider's peak memory (RSS) at the largest N against the
//     smallest.
//   - the plan of N existing resources of each type against N
//     terraform_data (plan_scale.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the knobs of one bench run; every flag has an environment
// variable for `make bench BENCH_...=...`.
type options struct {
	resetDuration time.Duration
	latency       time.Duration
	sizes         []int
	parallelism   int
	runs          int
	requestJobs   int
	planResources int
	// actionsTerraform is a terraform of 1.14 or later, to time the action.
	actionsTerraform string
	latencyResets    int
	// onlyRequests runs the request count applies alone.
	onlyRequests bool
	// onlyPlan runs the plans at scale alone.
	onlyPlan bool
}

func main() {
	// Under terraform, a copy of this program stands in for the provider
	// to record the provider's peak memory (see launcher.go).
	if provider := os.Getenv(envProviderBinary); provider != "" {
		os.Exit(launchProvider(provider, os.Getenv(envPeakLog)))
	}

	opts, err := parseOptions(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, opts)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench failed:", err)
		os.Exit(1)
	}
}

func parseOptions(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var o options
	var sizes string
	fs.DurationVar(&o.resetDuration, "reset-duration", envDuration("BENCH_RESET_DURATION", 500*time.Millisecond),
		"how long the emulator takes for one reset (env BENCH_RESET_DURATION)")
	fs.DurationVar(&o.latency, "latency", envDuration("BENCH_LATENCY", 0),
		"latency the emulator adds to every response (env BENCH_LATENCY)")
	fs.StringVar(&sizes, "sizes", envString("BENCH_SIZES", "1,50,200"),
		"numbers of resets per timed apply; targets apply to the largest (env BENCH_SIZES)")
	fs.IntVar(&o.parallelism, "parallelism", envInt("BENCH_PARALLELISM", 10),
		"terraform -parallelism (env BENCH_PARALLELISM)")
	fs.IntVar(&o.runs, "runs", envInt("BENCH_RUNS", 3),
		"timed applies per size and variant; the median counts (env BENCH_RUNS)")
	fs.IntVar(&o.requestJobs, "request-jobs", envInt("BENCH_REQUEST_JOBS", 5),
		"jobs per case (closed/opened x sync/async) in the request count apply (env BENCH_REQUEST_JOBS)")
	fs.IntVar(&o.planResources, "plan-resources", envInt("BENCH_PLAN_RESOURCES", 1000),
		"existing resources in the plan at scale, 0 to skip it (env BENCH_PLAN_RESOURCES)")
	fs.StringVar(&o.actionsTerraform, "actions-terraform", envString("BENCH_ACTIONS_TERRAFORM", ""),
		"a terraform of 1.14 or later, to time the action against the resource; empty skips it (env BENCH_ACTIONS_TERRAFORM)")
	fs.IntVar(&o.latencyResets, "latency-resets", envInt("BENCH_LATENCY_RESETS", 100),
		"resets the Go benchmarks run per case (env BENCH_LATENCY_RESETS)")
	fs.BoolVar(&o.onlyRequests, "only-requests", envString("BENCH_ONLY_REQUESTS", "") == "1",
		"run only the request count applies (resets, transform resets, snapshot reverts) and print their rows (env BENCH_ONLY_REQUESTS=1)")
	fs.BoolVar(&o.onlyPlan, "only-plan", envString("BENCH_ONLY_PLAN", "") == "1",
		"run only the plans at scale (every resource type vs terraform_data) and print their rows; "+
			"-plan-resources sets N (env BENCH_ONLY_PLAN=1)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	slices.Sort(o.sizes)
	o.sizes = slices.Compact(o.sizes)
	switch {
	case o.resetDuration <= 0:
		return o, errors.New("-reset-duration must be positive")
	case o.latency < 0:
		return o, errors.New("-latency must not be negative")
	case o.parallelism < 1, o.runs < 1, o.requestJobs < 1, o.latencyResets < 1, o.planResources < 0:
		return o, errors.New("-parallelism, -runs, -request-jobs and -latency-resets must be at least 1")
	case o.onlyPlan && o.onlyRequests:
		return o, errors.New("-only-plan and -only-requests exclude each other")
	case o.onlyPlan && o.planResources == 0:
		return o, errors.New("-only-plan needs -plan-resources of at least 1")
	}
	return o, nil
}

func envString(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// envDuration and envInt fall back on a malformed value too: the flag's
// own parsing is where mistakes are reported, so report them there.
func envDuration(name string, fallback time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	if v := os.Getenv(name); v != "" {
		fmt.Fprintf(os.Stderr, "bench: ignoring %s=%q (not a duration such as 500ms)\n", name, v)
	}
	return fallback
}

func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	if v := os.Getenv(name); v != "" {
		fmt.Fprintf(os.Stderr, "bench: ignoring %s=%q (not a number)\n", name, v)
	}
	return fallback
}

func step(title string) { fmt.Printf("\n=== %s\n", title) }
