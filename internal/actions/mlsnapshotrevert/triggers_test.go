package mlsnapshotrevert_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// on_failure and the destroy events (Terraform 1.16): the revert fails for
// a job that does not exist, and succeeds for a job that learned in steps,
// which it closes and takes back to its first snapshot.
func TestAccAction_triggers(t *testing.T) {
	acctest.RunActionTriggerTests(t, acctest.TriggeredAction{
		Type:      actionType,
		ConfigDir: "testdata/triggers",
		Failing: func(t *testing.T, c *acctest.Cluster) (config.Variables, string) {
			jobID := c.JobID(t)
			return vars(jobID, "1700000000"), fmt.Sprintf("ML job %q not found", jobID)
		},
		Succeeding: func(t *testing.T, c *acctest.Cluster) (config.Variables, func(*testing.T)) {
			jobID, steps, _ := learnedJob(t, c)
			first := steps[0].SnapshotID
			return vars(jobID, first), func(t *testing.T) {
				t.Helper()
				if err := expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+revertPath(jobID, first))(nil); err != nil {
					t.Error(err)
				}
				if err := expectModel(c, jobID, first, "closed")(nil); err != nil {
					t.Error(err)
				}
			}
		},
	})
}
