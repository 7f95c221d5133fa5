package acctest

import (
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

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

// SkipUnlessActions skips a test that needs actions when the CLI under test
// has none: Terraform before 1.14, and OpenTofu whatever its number (its
// 1.14 is not Terraform's). tfversion.SkipBelow alone cannot tell the two
// apart. Call it after New.
func SkipUnlessActions(t *testing.T) {
	t.Helper()
	out, err := cliIdentity()
	if err != nil {
		t.Fatalf("%s version: %v", os.Getenv("TF_ACC_TERRAFORM_PATH"), err)
	}
	m := cliVersion.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("%s version printed neither Terraform nor OpenTofu: %q", os.Getenv("TF_ACC_TERRAFORM_PATH"), out)
	}
	if m[1] == "OpenTofu" {
		t.Skip("OpenTofu has no actions")
	}
	v, err := version.NewVersion(m[2])
	if err != nil {
		t.Fatalf("Terraform version %q: %v", m[2], err)
	}
	if v.Core().LessThan(ActionsMinimum) {
		t.Skipf("actions need Terraform %s or later; this is %s", ActionsMinimum, v)
	}
}
