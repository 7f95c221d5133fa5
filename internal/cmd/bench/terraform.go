package main

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/cmd/internal/devprovider"
)

const (
	applyTimeout = 10 * time.Minute
)

// configs are the two configurations each timed apply uses: the provider's
// resource, and the terraform_data + curl script it replaces.
//
//go:embed configs
var configs embed.FS

// variant is which configuration an apply uses.
type variant string

const (
	viaProvider variant = "provider"
	viaCurl     variant = "curl"
)

// jobVar is one element of the configurations' var.jobs.
type jobVar struct {
	ID                string `json:"id"`
	WaitForCompletion bool   `json:"wait_for_completion"`
	// AfterReset is null (the default, closed) unless set.
	AfterReset *string `json:"after_reset"`
}

// workspace is the bench's temporary directory: the provider build, the
// CLI configuration pointing terraform at it, and one directory per apply.
type workspace struct {
	dir       string
	terraform string
	env       []string
	applies   int
	commands  int
}

// newWorkspace builds the provider from the repository at root into dir
// and puts a copy of this program in the plugin directory in its place,
// to record the provider's peak memory (launcher.go).
func newWorkspace(ctx context.Context, root, dir, terraform string) (*workspace, error) {
	provider := filepath.Join(dir, "build", devprovider.BinaryName)
	if err := devprovider.Build(ctx, root, provider); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	pluginDir := filepath.Join(dir, "plugins")
	if err := copyFile(self, filepath.Join(pluginDir, devprovider.BinaryName), 0o755); err != nil {
		return nil, fmt.Errorf("installing the launcher: %w", err)
	}
	cliConfig := filepath.Join(dir, "terraform.rc")
	if err := devprovider.WriteCLIConfig(cliConfig, pluginDir); err != nil {
		return nil, err
	}
	env := append(cleanEnv(os.Environ()),
		"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		envProviderBinary+"="+provider)
	return &workspace{dir: dir, terraform: terraform, env: env}, nil
}

// applyRun is what one `terraform apply` took.
type applyRun struct {
	start, end time.Time
	// providers are the provider processes it started.
	providers []providerProcess
}

func (a applyRun) wall() time.Duration { return a.end.Sub(a.start) }

// providerProcess is one provider plugin process, as the launcher saw it.
type providerProcess struct {
	peakKiB int64
	cpu     time.Duration
}

// peakKiB is the largest peak of the apply's provider processes.
func (a applyRun) peakKiB() int64 {
	var m int64
	for _, p := range a.providers {
		m = max(m, p.peakKiB)
	}
	return m
}

// cpu is the CPU time of all of the apply's provider processes.
func (a applyRun) cpu() time.Duration {
	var sum time.Duration
	for _, p := range a.providers {
		sum += p.cpu
	}
	return sum
}

// apply runs `terraform apply` of configuration v in a fresh directory with
// the given jobs, and times it. Terraform's output goes to a log file in
// that directory, whose end is shown when the apply fails.
func (w *workspace) apply(ctx context.Context, v variant, endpoint string, jobs []jobVar, parallelism int) (applyRun, error) {
	dir, err := w.prepare(v, endpoint, jobs)
	if err != nil {
		return applyRun{}, err
	}
	return w.terraformIn(ctx, dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism="+strconv.Itoa(parallelism))
}

// prepare writes configuration v and its variables to a fresh directory.
func (w *workspace) prepare(v variant, endpoint string, jobs []jobVar) (string, error) {
	return w.prepareVars(v, len(jobs), map[string]any{"endpoint": endpoint, "jobs": jobs})
}

// prepareVars writes configuration v and the given variables to a fresh
// directory, named after v and n, the number of resources.
func (w *workspace) prepareVars(v variant, n int, vars map[string]any) (string, error) {
	w.applies++
	dir := filepath.Join(w.dir, fmt.Sprintf("apply-%03d-%s-%d", w.applies, v, n))
	if err := copyConfig(string(v), dir); err != nil {
		return "", err
	}
	b, err := json.Marshal(vars)
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "terraform.tfvars.json"), b, 0o644)
}

// terraformIn runs one terraform command in dir and times it, with the
// provider processes it started. Output goes to a log file in dir, whose
// end is shown when the command fails.
func (w *workspace) terraformIn(ctx context.Context, dir string, args ...string) (applyRun, error) {
	w.commands++
	logPath := filepath.Join(dir, fmt.Sprintf("terraform-%03d-%s.log", w.commands, args[0]))
	logFile, err := os.Create(logPath)
	if err != nil {
		return applyRun{}, err
	}
	defer logFile.Close()
	peakLog := filepath.Join(dir, fmt.Sprintf("provider-peak-rss-%03d.log", w.commands))

	ctx, cancel := context.WithTimeout(ctx, applyTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, logFile, logFile
	cmd.Env = append(w.env[:len(w.env):len(w.env)], envPeakLog+"="+peakLog)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	run := applyRun{start: time.Now()}
	err = cmd.Run()
	run.end = time.Now()
	if err != nil {
		return run, fmt.Errorf("terraform %s in %s: %w\n%s", args[0], dir, err, tail(logPath, 30))
	}
	if run.providers, err = readProviderLog(peakLog); err != nil {
		return run, err
	}
	return run, nil
}

// readProviderLog reads the launcher's log: one "pid KiB cpu-ms" line
// per provider process.
func readProviderLog(path string) ([]providerProcess, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []providerProcess
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var pid, kib, cpuMs int64
		if _, err := fmt.Sscan(line, &pid, &kib, &cpuMs); err == nil {
			out = append(out, providerProcess{peakKiB: kib, cpu: time.Duration(cpuMs) * time.Millisecond})
		}
	}
	return out, nil
}

// cleanEnv drops what would change how terraform runs or which cluster
// the provider talks to: the bench sets those itself.
func cleanEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "ELASTICSEARCH_"), strings.HasPrefix(name, "TF_CLI_ARGS"), strings.HasPrefix(name, "ESBENCH_"):
			continue
		}
		switch name {
		case "TF_CLI_CONFIG_FILE", "TF_WORKSPACE", "TF_DATA_DIR", "TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_LOG_CORE":
			continue
		}
		out = append(out, kv)
	}
	return out
}

func copyConfig(name, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	b, err := configs.ReadFile("configs/" + name + "/main.tf")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "main.tf"), b, 0o644)
}

func copyFile(src, dst string, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// tail is the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
