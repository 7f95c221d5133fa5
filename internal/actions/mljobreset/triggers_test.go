package mljobreset_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// on_failure and the destroy events (Terraform 1.16): the reset fails for
// a job that does not exist, and succeeds for a trained one, which it
// closes and resets.
func TestAccAction_triggers(t *testing.T) {
	acctest.RunActionTriggerTests(t, acctest.TriggeredAction{
		Type:      actionType,
		ConfigDir: "testdata/triggers",
		Failing: func(t *testing.T, c *acctest.Cluster) (config.Variables, string) {
			jobID := c.JobID(t)
			return acctest.Variables(jobID), fmt.Sprintf("ML job %q not found", jobID)
		},
		Succeeding: func(t *testing.T, c *acctest.Cluster) (config.Variables, func(*testing.T)) {
			jobID := c.JobID(t)
			c.CreateTrainedJob(t, jobID, 20)
			return acctest.Variables(jobID), func(t *testing.T) {
				t.Helper()
				if err := expectCalls(c, "POST "+jobPath(jobID, "_close"), "POST "+jobPath(jobID, "_reset"))(nil); err != nil {
					t.Error(err)
				}
				// The datafeed is left as it was: none on the emulator, a
				// stopped one on a real cluster (its records came through it).
				if j := c.Job(t, jobID); j.State != "closed" || j.ProcessedRecords != 0 || j.ModelSnapshotID != "" || j.BlockedReason != "" {
					t.Errorf("want job %s reset and closed, got %+v", jobID, j)
				}
			}
		},
	})
}
