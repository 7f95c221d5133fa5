package acctest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
)

// StateResource is one resource instance of the state, as
// `terraform show -json` prints it.
type StateResource struct {
	Address string         `json:"address"`
	Values  map[string]any `json:"values"`
	Tainted bool           `json:"tainted"`
}

// State returns the root module's resources in this working directory's
// state, by address.
func (w *CLI) State(t *testing.T) map[string]StateResource {
	t.Helper()
	out, err := w.Run("show", "-json", "-no-color")
	must(t, err)
	var shown struct {
		Values struct {
			RootModule struct {
				Resources []StateResource `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	must(t, json.Unmarshal(out, &shown))
	state := map[string]StateResource{}
	for _, r := range shown.Values.RootModule.Resources {
		state[r.Address] = r
	}
	return state
}

// SetVariables replaces the working directory's terraform.tfvars.json.
func (w *CLI) SetVariables(t *testing.T, vars config.Variables) {
	t.Helper()
	b, err := json.Marshal(vars)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(w.Dir, "terraform.tfvars.json"), b, 0o600))
}
