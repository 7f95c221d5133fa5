// Package acctest runs acceptance tests against one of two back ends: a
// real cluster when ELASTICSEARCH_ENDPOINTS is set, otherwise an
// in-process emulator started by the test. Tests see the same API either
// way: fixtures to set jobs up, a view of a job, and the log of what
// Elasticsearch received.
package acctest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

// Cluster is the back end of one test.
type Cluster struct {
	// Endpoint is what the provider under test connects to.
	Endpoint string
	// Emulator is nil on a real cluster.
	Emulator *emulator.Server

	real     *realCluster // nil on the emulator
	recorder *recorder    // records what a real cluster receives
	env      map[string]string
}

// RealClusterConfigured reports whether tests run against a real cluster.
func RealClusterConfigured() bool { return os.Getenv("ELASTICSEARCH_ENDPOINTS") != "" }

// New gives the test its back end. Emulator options apply only when no
// real cluster is configured.
func New(t *testing.T, opts ...emulator.Option) *Cluster {
	t.Helper()
	requireTerraform(t)
	if RealClusterConfigured() {
		return newReal(t)
	}
	srv := emulator.New(opts...)
	url := srv.Start()
	t.Cleanup(srv.Close)
	return &Cluster{Endpoint: url, Emulator: srv, env: map[string]string{"ELASTICSEARCH_ENDPOINTS": url}}
}

// NewEmulated is New for tests that need the emulator's knobs (versions,
// faults, timing): against a real cluster they are skipped.
func NewEmulated(t *testing.T, opts ...emulator.Option) *Cluster {
	t.Helper()
	if RealClusterConfigured() {
		t.Skip("needs the emulator's knobs; skipped against a real cluster")
	}
	return New(t, opts...)
}

// OnEmulator is the cluster of a started emulator, for benchmarks, which
// run without terraform.
func OnEmulator(srv *emulator.Server) *Cluster {
	return &Cluster{Endpoint: srv.URL(), Emulator: srv, env: map[string]string{"ELASTICSEARCH_ENDPOINTS": srv.URL()}}
}

// SetEnv sets an environment variable for this test's provider only, so
// tests can run in parallel.
func (c *Cluster) SetEnv(name, value string) { c.env[name] = value }

// ProviderFactories serves the provider in-process with this test's
// environment overlaid on the process environment.
func (c *Cluster) ProviderFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"elasticsearch": providerserver.NewProtocol6WithError(provider.NewWithEnv("test", c.getenv())()),
	}
}

// getenv reads this test's environment, overlaid on the process's.
func (c *Cluster) getenv() func(string) string {
	env := make(map[string]string, len(c.env))
	for k, v := range c.env {
		env[k] = v
	}
	return func(name string) string {
		if v, ok := env[name]; ok {
			return v
		}
		return os.Getenv(name)
	}
}

var jobCounter atomic.Int64

const maxJobIDLength = 64 - len("datafeed-")

var nonIDChars = regexp.MustCompile(`[^a-z0-9]+`)

// JobID returns a job id unique to this test run; on a real cluster the
// job is deleted when the test ends.
func (c *Cluster) JobID(t *testing.T) string {
	t.Helper()
	name := strings.Trim(nonIDChars.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	id := fmt.Sprintf("tfacc-%d-%d-%s", os.Getpid()%100000, jobCounter.Add(1), name)
	// Short enough that "datafeed-<id>" is a valid datafeed id too.
	if len(id) > maxJobIDLength {
		id = strings.TrimRight(id[:maxJobIDLength], "-_.")
	}
	if c.real != nil {
		t.Cleanup(func() { c.real.deleteJob(id) })
	}
	return id
}

// JobIDs returns ids that share a prefix unique to this test run, one per
// suffix ("<prefix>-<suffix>"), for tests of wildcards; on a real cluster
// the jobs are deleted when the test ends.
func (c *Cluster) JobIDs(t *testing.T, suffixes ...string) (prefix string, ids []string) {
	t.Helper()
	longest := 0
	for _, s := range suffixes {
		longest = max(longest, len(s))
	}
	prefix = fmt.Sprintf("tfacc-%d-%d-%s", os.Getpid()%100000, jobCounter.Add(1),
		strings.Trim(nonIDChars.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-"))
	if limit := maxJobIDLength - longest - 1; len(prefix) > limit {
		prefix = strings.TrimRight(prefix[:limit], "-_.")
	}
	for _, s := range suffixes {
		id := prefix + "-" + s
		ids = append(ids, id)
		if c.real != nil {
			t.Cleanup(func() { c.real.deleteJob(id) })
		}
	}
	return prefix, ids
}

// requireTerraform points terraform-plugin-testing at the terraform CLI on
// PATH, so that it never tries to download one.
func requireTerraform(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test does)")
	}
	if os.Getenv("TF_ACC_TERRAFORM_PATH") != "" {
		return
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("the terraform CLI must be on PATH to run acceptance tests; they never download it")
	}
	// Set for the whole process, not the test: every test finds the same
	// binary, and t.Setenv would forbid parallel tests.
	_ = os.Setenv("TF_ACC_TERRAFORM_PATH", path) //nolint:usetesting // process-wide on purpose
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")     //nolint:usetesting // process-wide on purpose
}

// ClosedEndpoint is the URL of a local port nobody listens on.
func ClosedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	_ = ln.Close()
	return url
}

// WithoutCredentialsEnv hides the ELASTICSEARCH_* credentials of the
// process environment from this test's provider, for tests about how the
// provider treats credentials it is given.
func (c *Cluster) WithoutCredentialsEnv() {
	for _, name := range []string{"ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD", "ELASTICSEARCH_API_KEY", "ELASTICSEARCH_BEARER_TOKEN"} {
		c.env[name] = ""
	}
}
