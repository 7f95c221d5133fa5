package acctest

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// Requests is what Elasticsearch received, in order.
func (c *Cluster) Requests() []emulator.Request {
	if c.recorder != nil {
		return c.recorder.requests()
	}
	return c.Emulator.Requests()
}

// ClearRequests forgets the requests received so far.
func (c *Cluster) ClearRequests() {
	if c.recorder != nil {
		c.recorder.clear()
		return
	}
	c.Emulator.ClearRequests()
}

// ResetCalls lists, as "METHOD path?query", the requests that change a
// job's life: close, reset, and the task polls of the reset. Reads of the
// job (refresh) are left out.
func (c *Cluster) ResetCalls(jobID string) []string {
	prefix := "/_ml/anomaly_detectors/" + jobID + "/"
	var calls []string
	for _, r := range c.Requests() {
		if strings.HasPrefix(r.Path, prefix) && r.Method != "GET" || strings.HasPrefix(r.Path, "/_tasks/") {
			calls = append(calls, Call(r.Method, r.Path, r.Query))
		}
	}
	return calls
}

// Call formats one request the way ResetCalls lists it; the task long
// poll's timeout varies with the deadline, so it is written as "<t>".
func Call(method, path string, query url.Values) string {
	if len(query) == 0 {
		return method + " " + path
	}
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if q.Has("timeout") && strings.HasPrefix(path, "/_tasks/") {
		q.Set("timeout", "<t>")
	}
	s, _ := url.QueryUnescape(q.Encode())
	return method + " " + path + "?" + s
}

// ExpectResetCalls checks the reset calls received for a job since the
// last ClearRequests.
func (c *Cluster) ExpectResetCalls(jobID string, want ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		got := c.ResetCalls(jobID)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			return fmt.Errorf("requests for job %s:\n got: %q\nwant: %q", jobID, got, want)
		}
		return nil
	}
}

// CheckJob checks the job as Elasticsearch holds it.
func (c *Cluster) CheckJob(jobID string, check func(Job) error) func(*terraform.State) error {
	return func(*terraform.State) error {
		job, err := c.lookupJob(jobID)
		if err != nil {
			return err
		}
		return check(job)
	}
}

// ErrorText matches diagnostics text the terraform CLI may have wrapped
// across lines: each run of spaces in words matches any whitespace, and
// "…" matches anything in between.
func ErrorText(words string) *regexp.Regexp {
	var parts []string
	for _, chunk := range strings.Split(words, "…") {
		fields := strings.Fields(chunk)
		for i, f := range fields {
			fields[i] = regexp.QuoteMeta(f)
		}
		parts = append(parts, strings.Join(fields, `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// Calls lists, as Call formats them, the requests received under a path
// prefix ("/_ml/" for everything ML); GET / (the version read, once per
// provider) has no such prefix.
func (c *Cluster) Calls(prefix string) []string {
	var calls []string
	for _, r := range c.Requests() {
		if strings.HasPrefix(r.Path, prefix) {
			calls = append(calls, Call(r.Method, r.Path, r.Query))
		}
	}
	return calls
}
