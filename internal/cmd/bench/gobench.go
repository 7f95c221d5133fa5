package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

const goBenchPackage = "./internal/resources/mljobreset/"

// goBenchResults are the custom metrics of `go test -bench` lines, by
// benchmark name (without the -GOMAXPROCS suffix) and unit.
type goBenchResults map[string]map[string]float64

func (r goBenchResults) metric(name, unit string) (float64, bool) {
	v, ok := r[name][unit]
	return v, ok
}

// runGoBenchmarks runs the resource's Go benchmarks (requests per reset
// against the client and emulator directly, and async completion latency),
// showing their output as it comes.
func runGoBenchmarks(ctx context.Context, root string, iterations int) (goBenchResults, error) {
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchtime", fmt.Sprintf("%dx", iterations), goBenchPackage}
	fmt.Println("go " + strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Stderr = root, os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	results := parseGoBench(io.TeeReader(out, os.Stdout))
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("go test -bench: %w", err)
	}
	return results, nil
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parseGoBench reads lines such as
//
//	BenchmarkX/case-2   100   314474 ns/op   2.000 requests/reset
func parseGoBench(r io.Reader) goBenchResults {
	results := goBenchResults{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
			continue
		}
		name := procsSuffix.ReplaceAllString(fields[0], "")
		metrics := map[string]float64{}
		for i := 2; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				metrics[fields[i+1]] = v
			}
		}
		results[name] = metrics
	}
	_, _ = io.Copy(io.Discard, r) // let the benchmark finish writing
	return results
}
