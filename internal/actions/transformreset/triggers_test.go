package transformreset_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// on_failure and the destroy events (Terraform 1.16): the reset fails for
// a transform that does not exist, and succeeds for a batch transform that
// has run to its checkpoint, which it stops and resets to none.
func TestAccAction_triggers(t *testing.T) {
	acctest.RunActionTriggerTests(t, acctest.TriggeredAction{
		Type:      actionType,
		ConfigDir: "testdata/triggers",
		Failing: func(t *testing.T, c *acctest.Cluster) (config.Variables, string) {
			id := c.TransformID(t)
			return config.Variables{"transform_id": config.StringVariable(id)}, fmt.Sprintf("Transform %q not found", id)
		},
		Succeeding: func(t *testing.T, c *acctest.Cluster) (config.Variables, func(*testing.T)) {
			f := ranBatch(t, c)
			return config.Variables{"transform_id": config.StringVariable(f.ID)}, func(t *testing.T) {
				t.Helper()
				if err := expectCalls(c, stop(f.ID), reset(f.ID))(nil); err != nil {
					t.Error(err)
				}
				if err := expectReset(t, c, f.ID, false)(nil); err != nil {
					t.Error(err)
				}
			}
		},
	})
}
