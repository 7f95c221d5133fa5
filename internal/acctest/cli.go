package acctest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// CLI is a working directory where a test runs the terraform CLI itself,
// for what terraform-plugin-testing cannot drive (terraform query, apply
// -invoke, reading warnings), with this test's provider served in-process.
type CLI struct {
	Dir string
	env []string
	bin string
}

// NewCLI writes files (name → content) to a fresh directory and runs
// terraform init there.
func (c *Cluster) NewCLI(t *testing.T, files map[string]string) *CLI {
	t.Helper()
	w := &CLI{Dir: t.TempDir(), bin: os.Getenv("TF_ACC_TERRAFORM_PATH")}
	for name, content := range files {
		must(t, os.WriteFile(filepath.Join(w.Dir, name), []byte(content), 0o600))
	}
	w.env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_REATTACH_PROVIDERS="+c.serveForCLI(t))
	if out, err := w.Run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return w
}

// Run runs the CLI with args and returns its standard output; the error
// carries standard error too.
func (w *CLI) Run(args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.bin, args...)
	cmd.Dir, cmd.Env = w.Dir, w.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		err = fmt.Errorf("terraform %s: %w\n%s", args[0], err, stderr.String())
	}
	return out, err
}
