// Package devprovider builds the provider from this repository and points
// the terraform CLI at it, for the demo and the bench.
package devprovider

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// BinaryName is the provider's executable name, as terraform looks for it.
const BinaryName = "terraform-provider-elasticsearch"

const modulePath = "github.com/esops/terraform-provider-elasticsearch"

// RepoRoot is the directory of this module's go.mod, found from the working
// directory up.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if f, err := os.Open(filepath.Join(dir, "go.mod")); err == nil {
			sc := bufio.NewScanner(f)
			ok := sc.Scan() && strings.TrimSpace(strings.TrimPrefix(sc.Text(), "module")) == modulePath
			_ = f.Close()
			if ok {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run this from inside the %s repository", modulePath)
		}
		dir = parent
	}
}

// Build compiles the provider in the repository at root into binary.
func Build(ctx context.Context, root, binary string) error {
	build := exec.CommandContext(ctx, "go", "build", "-o", binary, ".")
	build.Dir, build.Stdout, build.Stderr = root, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	return nil
}

// WriteCLIConfig writes a terraform CLI configuration at path that takes
// the provider from pluginDir instead of a registry, so no `terraform init`
// is needed.
func WriteCLIConfig(path, pluginDir string) error {
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "esops/elasticsearch" = %q
  }
  direct {}
}
`, filepath.ToSlash(pluginDir))
	return os.WriteFile(path, []byte(config), 0o600)
}
