package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// Which CLI the tests run, for features only some have: identities
// (Terraform 1.12), actions and list resources (Terraform 1.14). OpenTofu
// numbers its versions on its own, so a number alone cannot tell.

// ActionsMinimum is the first Terraform that knows actions.
var ActionsMinimum = version.Must(version.NewVersion("1.14.0"))

// cliVersion finds "Terraform v1.14.9" or "OpenTofu v1.14.0" in the output
// of `version`, wherever a CLI configuration warning puts it.
var cliVersion = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)$`)

var cliIdentity = sync.OnceValues(func() (string, error) {
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
	if err != nil {
		return "", err
	}
	return string(out), nil
})

// RequireTerraform skips the test unless the CLI under test is Terraform
// (not OpenTofu) at version minimum or later.
func RequireTerraform(t *testing.T, minimum string) {
	t.Helper()
	requireTerraformFor(t, version.Must(version.NewVersion(minimum)), "this test")
}

// SkipUnlessActions skips a test that needs actions when the CLI under test
// has none: Terraform before 1.14, and OpenTofu whatever its number.
func SkipUnlessActions(t *testing.T) {
	t.Helper()
	requireTerraformFor(t, ActionsMinimum, "actions")
}

func requireTerraformFor(t *testing.T, minimum *version.Version, what string) {
	t.Helper()
	requireTerraform(t)
	out, err := cliIdentity()
	if err != nil {
		t.Fatalf("%s version: %v", os.Getenv("TF_ACC_TERRAFORM_PATH"), err)
	}
	reason, err := skipReason(out, minimum, what)
	if err != nil {
		t.Fatalf("%s: %v", os.Getenv("TF_ACC_TERRAFORM_PATH"), err)
	}
	if reason != "" {
		t.Skip(reason)
	}
}

// skipReason says why a CLI whose `version` printed out cannot run what
// needs Terraform minimum; empty when it can.
func skipReason(out string, minimum *version.Version, what string) (string, error) {
	m := cliVersion.FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("version printed neither Terraform nor OpenTofu: %q", out)
	}
	if m[1] == "OpenTofu" {
		return fmt.Sprintf("%s needs Terraform %s or later; the CLI is OpenTofu", what, minimum), nil
	}
	v, err := version.NewVersion(m[2])
	if err != nil {
		return "", fmt.Errorf("the version of Terraform, %q: %w", m[2], err)
	}
	if v.Core().LessThan(minimum) {
		return fmt.Sprintf("%s needs Terraform %s or later; the CLI is %s (set TF_ACC_TERRAFORM_PATH)", what, minimum, v), nil
	}
	return "", nil
}
