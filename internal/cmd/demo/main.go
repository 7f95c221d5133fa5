// Command demo shows the provider resetting an ML job, end to end, with
// nothing but Go and the terraform CLI: `make demo`.
//
// It builds the provider, points terraform at the build through a
// dev_overrides CLI configuration (so nothing is downloaded and no
// `terraform init` is needed), trains the job "demo-job", and applies
// examples/demo twice with different data versions, printing the job's
// figures as the cluster reports them before and after each apply.
//
// Without ELASTICSEARCH_ENDPOINTS it runs against the in-process emulator.
// With it, it uses that cluster and the credentials of the ELASTICSEARCH_*
// variables, creates "demo-job" if missing, and leaves the job in place.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/cmd/internal/demojob"
	"github.com/esops/terraform-provider-elasticsearch/internal/cmd/internal/devprovider"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

const (
	jobID         = "demo-job"
	firstRecords  = 1000
	secondRecords = 500
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	terraform, err := exec.LookPath("terraform")
	if err != nil {
		return errors.New("the terraform CLI must be on PATH")
	}
	root, err := devprovider.RepoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "tf-es-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	step("Building the provider")
	pluginDir := filepath.Join(tmp, "plugins")
	if err := devprovider.Build(ctx, root, filepath.Join(pluginDir, devprovider.BinaryName)); err != nil {
		return err
	}
	cliConfig := filepath.Join(tmp, "terraform.rc")
	if err := devprovider.WriteCLIConfig(cliConfig, pluginDir); err != nil {
		return err
	}

	env := terraformEnv(cliConfig)
	var cluster *demojob.Cluster
	if os.Getenv("ELASTICSEARCH_ENDPOINTS") != "" {
		if cluster, err = demojob.FromEnv(); err != nil {
			return err
		}
		step("Using the cluster at " + cluster.Endpoint() + " (ELASTICSEARCH_ENDPOINTS)")
		fmt.Printf("The job %q is created if missing and left in place afterwards.\n", jobID)
	} else {
		step("Starting the Elasticsearch emulator")
		es := emulator.New(emulator.WithResetDuration(time.Second))
		endpoint := es.Start()
		defer es.Close()
		fmt.Printf("Elasticsearch emulator listening on %s (each reset takes 1s)\n", endpoint)
		if cluster, err = demojob.New(endpoint); err != nil {
			return err
		}
		env = append(withoutElasticsearchVars(env), "ELASTICSEARCH_ENDPOINTS="+endpoint)
	}

	created, err := cluster.EnsureJob(ctx, jobID)
	if err != nil {
		return fmt.Errorf("creating job %s: %w", jobID, err)
	}
	if created {
		fmt.Printf("Created job %q (one count detector).\n", jobID)
	}
	if err := cluster.Feed(ctx, jobID, firstRecords); err != nil {
		return fmt.Errorf("training job %s: %w", jobID, err)
	}
	fmt.Printf("Trained job %q: opened it, fed %d records, closed it (which stores a model snapshot).\n", jobID, firstRecords)

	work := filepath.Join(tmp, "work")
	if err := copyConfig(filepath.Join(root, "examples", "demo"), work); err != nil {
		return err
	}

	applyArgs := []string{"apply", "-auto-approve", "-input=false"}
	if !isTerminal(os.Stdout) {
		applyArgs = append(applyArgs, "-no-color")
	}
	fmt.Println("\nTerraform warns that provider development overrides are in effect: expected, it runs the provider just built.")

	versions := []string{"v1", "v2"}
	before := make([]demojob.Figures, len(versions))
	after := make([]demojob.Figures, len(versions))
	for i, version := range versions {
		n := i + 1
		if i > 0 {
			step(fmt.Sprintf("Training the job again before apply %d", n))
			if err := cluster.Feed(ctx, jobID, secondRecords); err != nil {
				return fmt.Errorf("training job %s: %w", jobID, err)
			}
			fmt.Printf("Fed %d new records to %q and closed it.\n", secondRecords, jobID)
		}
		if before[i], err = report(ctx, cluster, fmt.Sprintf("before apply %d", n)); err != nil {
			return err
		}
		step(fmt.Sprintf("Apply %d: terraform apply -var data_version=%s", n, version))
		apply := exec.CommandContext(ctx, terraform, append(applyArgs, "-var", "data_version="+version)...)
		apply.Dir, apply.Env, apply.Stdout, apply.Stderr = work, env, os.Stdout, os.Stderr
		// Let terraform stop cleanly on Ctrl-C (it gets the signal from the
		// terminal too); kill it only if it does not.
		apply.Cancel = func() error { return apply.Process.Signal(os.Interrupt) }
		apply.WaitDelay = 30 * time.Second
		if err := apply.Run(); err != nil {
			if ctx.Err() != nil {
				return errors.New("interrupted")
			}
			return fmt.Errorf("terraform apply %d: %w", n, err)
		}
		if after[i], err = report(ctx, cluster, fmt.Sprintf("after apply %d", n)); err != nil {
			return err
		}
	}

	step("Summary")
	for i, version := range versions {
		fmt.Printf("apply %d (data_version=%s): processed_record_count %d -> %d, model_snapshot_id %s -> %s\n",
			i+1, version, before[i].ProcessedRecords, after[i].ProcessedRecords,
			orNone(before[i].ModelSnapshotID), orNone(after[i].ModelSnapshotID))
	}
	if os.Getenv("ELASTICSEARCH_ENDPOINTS") != "" {
		fmt.Printf("The job %q stays on %s; delete it with DELETE _ml/anomaly_detectors/%s when done.\n", jobID, cluster.Endpoint(), jobID)
	} else {
		fmt.Println("Stopping the emulator and removing the temporary files.")
	}
	return nil
}

// report prints the job's figures as the cluster reports them.
func report(ctx context.Context, cluster *demojob.Cluster, when string) (demojob.Figures, error) {
	f, err := cluster.Figures(ctx, jobID)
	if err != nil {
		return f, fmt.Errorf("reading job %s %s: %w", jobID, when, err)
	}
	fmt.Printf(">>> %s: %s\n", when, f)
	return f, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func step(title string) { fmt.Printf("\n=== %s\n", title) }

// terraformEnv is this process's environment with the CLI configuration
// replaced and terraform kept from phoning home or asking questions.
func terraformEnv(cliConfig string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TF_CLI_CONFIG_FILE", "TF_CLI_ARGS", "TF_CLI_ARGS_apply", "TF_WORKSPACE", "TF_DATA_DIR":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
}

// withoutElasticsearchVars drops the provider's ELASTICSEARCH_* settings, so
// credentials meant for some cluster are not sent to the emulator.
func withoutElasticsearchVars(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "ELASTICSEARCH_") {
			out = append(out, kv)
		}
	}
	return out
}

// copyConfig copies the .tf files of src into a new directory dst, so the
// demo's state and lock files never land in the repository.
func copyConfig(src, dst string) error {
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .tf files in %s", src)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
