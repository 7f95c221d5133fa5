// Command testcount counts what a test run did, from `go test -json`:
//
//	go test -json ./... | go run ./internal/cmd/testcount -mode in-process -save counts-a.json
//	go run ./internal/cmd/testcount -report counts-a.json counts-b.json
//
// With -save it reads the events on stdin, prints what a person needs from
// them (each package's result, and the output of every failed test), saves
// the counts, and exits non-zero when a test failed or when a test passed
// although all of its subtests skipped (which Go reports as a pass: such a
// parent must skip itself, see acctest.ParentOfAcceptance). With -report
// it prints one line of counts per saved run.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	mode := flag.String("mode", "", "name of this run (with -save)")
	save := flag.String("save", "", "read go test -json on stdin and save the counts to this file")
	report := flag.Bool("report", false, "print the counts saved in the files given as arguments")
	flag.Parse()

	switch {
	case *save != "":
		os.Exit(count(os.Stdin, os.Stdout, *mode, *save))
	case *report:
		if err := printReport(os.Stdout, flag.Args()); err != nil {
			fmt.Fprintln(os.Stderr, "testcount:", err)
			os.Exit(1)
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// Counts is what one run did; tests include subtests.
type Counts struct {
	Mode     string   `json:"mode"`
	Run      int      `json:"run"`
	Passed   int      `json:"passed"`
	Failed   int      `json:"failed"`
	Skipped  int      `json:"skipped"`
	Packages int      `json:"packages"`
	Hollow   []string `json:"hollow,omitempty"` // passed with every subtest skipped
}

// event is one line of go test -json (test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func count(in io.Reader, out io.Writer, mode, file string) int {
	c, failedOutput, pkgLines, err := tally(in)
	c.Mode = mode
	for _, line := range pkgLines {
		fmt.Fprint(out, line)
	}
	for _, text := range failedOutput {
		fmt.Fprint(out, text)
	}
	for _, name := range c.Hollow {
		fmt.Fprintf(out, "testcount: %s passed although every subtest skipped; make it skip (acctest.ParentOf*)\n", name)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "testcount:", err)
		return 1
	}
	b, _ := json.MarshalIndent(c, "", "  ")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "testcount:", err)
		return 1
	}
	fmt.Fprintf(out, "%s: %d tests run, %d passed, %d failed, %d skipped\n", mode, c.Run, c.Passed, c.Failed, c.Skipped)
	if c.Failed > 0 || len(c.Hollow) > 0 {
		return 1
	}
	return 0
}

// tally reads the events: counts per test outcome, the output of failed
// tests, and the package result lines ("ok …", "FAIL …").
func tally(in io.Reader) (Counts, []string, []string, error) {
	var c Counts
	outcome := map[string]string{} // "pkg test" → pass/fail/skip
	output := map[string]*strings.Builder{}
	var pkgLines []string
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			pkgLines = append(pkgLines, sc.Text()+"\n") // build errors and the like
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if e.Test == "" {
				if strings.HasPrefix(e.Output, "ok ") || strings.HasPrefix(e.Output, "FAIL") || strings.HasPrefix(e.Output, "---") ||
					strings.HasPrefix(e.Output, "#") || strings.Contains(e.Output, "[no test files]") {
					pkgLines = append(pkgLines, e.Output)
				}
				continue
			}
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				c.Packages++
				continue
			}
			outcome[key] = e.Action
		}
	}
	if err := sc.Err(); err != nil {
		return c, nil, pkgLines, err
	}
	keys := make([]string, 0, len(outcome))
	for k := range outcome {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var failed []string
	for _, k := range keys {
		c.Run++
		switch outcome[k] {
		case "pass":
			c.Passed++
			if hollow(k, outcome) {
				c.Hollow = append(c.Hollow, k)
			}
		case "fail":
			c.Failed++
			if output[k] != nil && !hasFailedChild(k, outcome) {
				failed = append(failed, output[k].String())
			}
		case "skip":
			c.Skipped++
		}
	}
	return c, failed, pkgLines, nil
}

// hollow: the test has subtests and every one of them skipped.
func hollow(parent string, outcome map[string]string) bool {
	children := 0
	for k, o := range outcome {
		if strings.HasPrefix(k, parent+"/") && !strings.Contains(k[len(parent)+1:], "/") {
			children++
			if o != "skip" {
				return false
			}
		}
	}
	return children > 0
}

// hasFailedChild: the failure is reported by a subtest's own output.
func hasFailedChild(parent string, outcome map[string]string) bool {
	for k, o := range outcome {
		if o == "fail" && strings.HasPrefix(k, parent+"/") {
			return true
		}
	}
	return false
}

func printReport(out io.Writer, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("no counts files given")
	}
	fmt.Fprintf(out, "%-24s %6s %7s %7s %8s\n", "mode", "run", "passed", "failed", "skipped")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var c Counts
		if err := json.Unmarshal(b, &c); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		fmt.Fprintf(out, "%-24s %6d %7d %7d %8d\n", c.Mode, c.Run, c.Passed, c.Failed, c.Skipped)
	}
	return nil
}
