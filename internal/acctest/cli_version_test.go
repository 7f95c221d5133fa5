package acctest

import (
	"testing"

	"github.com/hashicorp/go-version"
)

// What `version` prints decides whether a test that needs a Terraform
// feature runs: OpenTofu never does, whatever its number.
func TestSkipReason(t *testing.T) {
	v116 := version.Must(version.NewVersion(ActionTriggersMinimum))
	warning := "There are some problems with the CLI configuration:\n│ Warning: Unable to open CLI configuration file\n"
	for _, tc := range []struct {
		name, out, want string
	}{
		{"newer Terraform", "Terraform v1.16.2\non linux_amd64\n", ""},
		{"a prerelease of the minimum", "Terraform v1.16.0-beta1\non linux_amd64\n", ""},
		{"older Terraform", "Terraform v1.14.9\non linux_amd64\n", "on_failure needs Terraform 1.16.0 or later; the CLI is 1.14.9 (set TF_ACC_TERRAFORM_PATH)"},
		{"the machine's default", warning + "Terraform v1.11.4\non linux_amd64\n", "on_failure needs Terraform 1.16.0 or later; the CLI is 1.11.4 (set TF_ACC_TERRAFORM_PATH)"},
		{"OpenTofu", "OpenTofu v1.12.6\non linux_amd64\n", "on_failure needs Terraform 1.16.0 or later; the CLI is OpenTofu"},
		{"OpenTofu numbered past the minimum, after a warning", warning + "OpenTofu v2.0.0\n", "on_failure needs Terraform 1.16.0 or later; the CLI is OpenTofu"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := skipReason(tc.out, v116, "on_failure")
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := skipReason("something else v1.16.2\n", v116, "on_failure"); err == nil {
		t.Error("want an error for a CLI that is neither Terraform nor OpenTofu")
	}
}
