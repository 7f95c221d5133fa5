package provider_test

import (
	"os/exec"
	"regexp"
	"testing"
)

// cliVersion finds "Terraform v1.11.4" or "OpenTofu v1.12.6" in the
// output of `version`, wherever a CLI configuration warning puts it.
var cliVersion = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)$`)

// cliVersionLine asks the CLI at path what it is and returns the line its
// trace log opens with: "<name> version: <number>". Tests that check the
// CLI's own logs were captured look for exactly this CLI's line, so they
// work under Terraform and OpenTofu alike.
func cliVersionLine(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", path, err)
	}
	m := cliVersion.FindSubmatch(out)
	if m == nil {
		t.Fatalf("%s version printed neither Terraform nor OpenTofu: %q", path, out)
	}
	return string(m[1]) + " version: " + string(m[2])
}
