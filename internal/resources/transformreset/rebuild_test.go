package transformreset_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

// A rebuild resets the job and the transform of the same source in one
// apply, and both again when the source's generation changes; the
// transform rebuilds its destination from all the data each time.
func TestAccRebuild_jobAndTransformInOneApply(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)
	f, _ := ranBatch(t, c)
	generation := func(g string) config.Variables {
		return acctest.Variables(jobID, "transform_id", f.ID, "source_generation", g)
	}
	jobReset := c.CheckJob(jobID, func(j acctest.Job) error {
		if j.State != "closed" || j.ProcessedRecords != 0 || j.ModelSnapshotID != "" {
			return fmt.Errorf("job %s not reset: %+v", jobID, j)
		}
		return nil
	})
	bothReset := resource.ComposeTestCheckFunc(
		expectCalls(c, f.ID, stopCall(f.ID, false), resetCall(f.ID), startCall(f.ID)),
		c.ExpectResetCalls(jobID, "POST /_ml/anomaly_detectors/"+jobID+"/_close", "POST /_ml/anomaly_detectors/"+jobID+"/_reset"),
		jobReset,
		rebuilt(t, c, f.ID),
	)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: config.StaticDirectory("testdata/rebuild"),
				ConfigVariables: generation("1"),
				Check:           bothReset,
			},
			{
				// Both learn again before the next generation.
				PreConfig: func() {
					c.OpenJob(t, jobID)
					c.ProcessRecords(t, jobID, 10)
					c.CloseJob(t, jobID)
					c.ClearRequests()
				},
				ConfigDirectory: config.StaticDirectory("testdata/rebuild"),
				ConfigVariables: generation("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("elasticsearch_ml_job_reset.job", plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction("elasticsearch_transform_reset.transform", plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				Check: bothReset,
			},
		},
	})
}
