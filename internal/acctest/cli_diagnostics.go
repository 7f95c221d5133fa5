package acctest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/config"
)

// terraform-plugin-testing never shows warnings, and has no step that
// invokes an action. CLIDiagnostics and RunCLI run `terraform plan` or
// `terraform apply` themselves, with -json, against this test's provider
// served in-process, and return what the CLI printed: what a user sees.

// Diagnostic is one diagnostic of a plan, as the CLI reports it.
type Diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
}

// CLIDiagnostics copies the configuration in dir to a fresh working
// directory with vars as its terraform.tfvars.json, runs command ("plan"
// or "apply") and returns its diagnostics, errors included. It fails the
// test when the command prints no JSON at all.
func (c *Cluster) CLIDiagnostics(t *testing.T, dir string, vars config.Variables, command string) []Diagnostic {
	t.Helper()
	return c.RunCLI(t, dir, vars, command).Diagnostics
}

// CLIOutput is what one run of the CLI printed with -json.
type CLIOutput struct {
	Diagnostics []Diagnostic
	// Messages are all the lines, each a JSON object with at least
	// "type" and "@message".
	Messages []map[string]any
	// Failed is whether the CLI exited with an error status.
	Failed bool
}

// MessagesOfType returns the messages of one type, in order.
func (o CLIOutput) MessagesOfType(typ string) []map[string]any {
	var out []map[string]any
	for _, m := range o.Messages {
		if m["type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

// RunCLI is CLIDiagnostics with extra arguments for the command (such as
// -invoke=<action>), returning every message the CLI printed.
func (c *Cluster) RunCLI(t *testing.T, dir string, vars config.Variables, command string, extra ...string) CLIOutput {
	t.Helper()
	files := configFiles(t, dir)
	b, err := json.Marshal(vars)
	must(t, err)
	files["terraform.tfvars.json"] = string(b)
	return c.NewCLI(t, files).JSON(t, command, extra...)
}

// configFiles reads the files of a configuration directory (not its
// subdirectories): name → content.
func configFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(t, err)
		files[e.Name()] = string(b)
	}
	return files
}

// JSON runs command ("plan", "apply", "destroy") with -json in this
// working directory, approving an apply or destroy, and returns what the
// CLI printed. It fails the test when the CLI failed without a diagnostic.
func (w *CLI) JSON(t *testing.T, command string, extra ...string) CLIOutput {
	t.Helper()
	args := []string{command, "-json", "-input=false", "-lock=false"}
	if command == "apply" || command == "destroy" {
		args = append(args, "-auto-approve")
	}
	out, runErr := w.Run(append(args, extra...)...)

	res := CLIOutput{Failed: runErr != nil}
	lines := bufio.NewScanner(bytes.NewReader(out))
	lines.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for lines.Scan() {
		var msg map[string]any
		if json.Unmarshal(lines.Bytes(), &msg) != nil {
			continue
		}
		res.Messages = append(res.Messages, msg)
		var d struct {
			Type       string     `json:"type"`
			Diagnostic Diagnostic `json:"diagnostic"`
		}
		if json.Unmarshal(lines.Bytes(), &d) == nil && d.Type == "diagnostic" {
			res.Diagnostics = append(res.Diagnostics, d.Diagnostic)
		}
	}
	must(t, lines.Err())
	if runErr != nil && len(res.Diagnostics) == 0 {
		t.Fatal(runErr)
	}
	return res
}

// serveForCLI serves the test's provider in debug mode for the length of
// the test and returns the reattach configuration the CLI reads from
// TF_REATTACH_PROVIDERS.
func (c *Cluster) serveForCLI(t *testing.T) string {
	t.Helper()
	server, err := c.ProviderFactories()["elasticsearch"]()
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(providerSource(), func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithLoggingSink(t),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	var conf *plugin.ReattachConfig
	select {
	case conf = <-reattach:
	case err := <-served:
		t.Fatalf("serving the provider for the CLI: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("the provider did not start serving within a minute")
	}
	b, err := json.Marshal(map[string]any{providerSource(): map[string]any{
		"Protocol": conf.Protocol, "ProtocolVersion": conf.ProtocolVersion, "Pid": conf.Pid, "Test": conf.Test,
		"Addr": map[string]string{"Network": conf.Addr.Network(), "String": conf.Addr.String()},
	}})
	must(t, err)
	return string(b)
}

// providerSource is the address the CLI knows the provider by: the
// registry host terraform-plugin-testing uses (TF_ACC_PROVIDER_HOST lets
// OpenTofu use its own), then hashicorp/elasticsearch.
func providerSource() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return fmt.Sprintf("%s/hashicorp/elasticsearch", host)
}
