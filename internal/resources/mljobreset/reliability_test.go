package mljobreset_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// countStatus counts the requests to path (a prefix when it ends in "*")
// that got status.
func countStatus(c *acctest.Cluster, path string, status int) int {
	n := 0
	for _, r := range c.Requests() {
		match := r.Path == path || strings.HasSuffix(path, "*") && strings.HasPrefix(r.Path, strings.TrimSuffix(path, "*"))
		if match && r.Status == status {
			n++
		}
	}
	return n
}

// A burst of transient failures on any call of a reset is retried, and
// the reset completes: the state holds it and the job is reset.
func TestAccReset_transientFailuresOnEveryCall(t *testing.T) {
	statuses := []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}
	calls := []struct {
		name, method, path string
		async              bool
	}{
		{"version", "GET", "/", false},
		{"close", "POST", "/_ml/anomaly_detectors/%s/_close", false},
		{"reset", "POST", "/_ml/anomaly_detectors/%s/_reset", false},
		{"task poll", "GET", "/_tasks/*", true},
	}
	acctest.ParentOfEmulated(t)
	for i, call := range calls {
		status := statuses[i%len(statuses)]
		t.Run(fmt.Sprintf("%s %d", call.name, status), func(t *testing.T) {
			c := acctest.NewEmulated(t, emulator.WithResetDuration(50*time.Millisecond))
			jobID := c.JobID(t)
			c.CreateTrainedJob(t, jobID, 10)
			path := call.path
			if strings.Contains(path, "%s") {
				path = fmt.Sprintf(path, jobID)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					PreConfig:       func() { c.ClearRequests(); c.Emulator.InjectStatus(call.method, path, status, 3) },
					ConfigDirectory: configDir,
					ConfigVariables: vars(jobID, "wait_for_completion", !call.async),
					Check: resource.ComposeTestCheckFunc(
						resource.TestCheckResourceAttr(resourceName, "id", jobID),
						func(*terraform.State) error {
							if n := countStatus(c, path, status); n != 3 {
								return fmt.Errorf("want 3 failed %s calls retried, got %d", call.name, n)
							}
							return nil
						},
						expectReset(c, jobID),
					),
				}},
			})
		})
	}
}

func TestAccReset_droppedConnections(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 10)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				c.ClearRequests()
				c.Emulator.InjectDrop("POST", "/_ml/anomaly_detectors/"+jobID+"/_close", 1)
				c.Emulator.InjectDrop("POST", "/_ml/anomaly_detectors/"+jobID+"/_reset", 2)
			},
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			Check: resource.ComposeTestCheckFunc(
				// A dropped request logs status 0; each is sent again.
				c.ExpectResetCalls(jobID, closeCall(jobID), closeCall(jobID), resetCall(jobID), resetCall(jobID), resetCall(jobID)),
				expectReset(c, jobID),
			),
		}},
	})
}

func TestAccReset_endpointDown(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.SetEnv("ELASTICSEARCH_ENDPOINTS", acctest.ClosedEndpoint(t))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			ExpectError:     acctest.ErrorText("Cannot reach Elasticsearch … connection refused"),
		}},
	})
}

// Many resets in one apply, each on its own job: each job is reset
// exactly once, and the state holds them all.
func TestAccReset_manyJobsInOneApply(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			c := acctest.New(t, emulator.WithResetDuration(100*time.Millisecond))
			var ids []config.Variable
			var jobIDs []string
			for range 25 {
				id := c.JobID(t)
				c.CreateTrainedJob(t, id, 5)
				jobIDs = append(jobIDs, id)
				ids = append(ids, config.StringVariable(id))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					PreConfig:       c.ClearRequests,
					ConfigDirectory: config.StaticDirectory("testdata/many"),
					ConfigVariables: config.Variables{
						"job_id": config.StringVariable("unused"), "job_ids": config.ListVariable(ids...),
						"wait_for_completion": config.BoolVariable(!async),
					},
					Check: func(s *terraform.State) error {
						if n := len(s.RootModule().Resources); n != len(jobIDs) {
							return fmt.Errorf("want %d resources in state, got %d", len(jobIDs), n)
						}
						for _, id := range jobIDs {
							resets := 0
							for _, call := range c.ResetCalls(id) {
								if strings.HasPrefix(call, "POST /_ml/anomaly_detectors/"+id+"/_reset") {
									resets++
								}
							}
							if resets != 1 {
								return fmt.Errorf("job %s: want exactly one reset, got %d", id, resets)
							}
							if err := expectReset(c, id)(s); err != nil {
								return err
							}
						}
						return nil
					},
				}},
			})
		})
	}
}

// Two resources on one job in the same apply: the second reset waits for
// the first (Elasticsearch joins a running reset), both succeed, and the
// job ends reset and unblocked.
func TestAccReset_twoResourcesOnOneJob(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			c := acctest.New(t, emulator.WithResetDuration(300*time.Millisecond))
			jobID := c.JobID(t)
			c.CreateTrainedJob(t, jobID, 5)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					ConfigDirectory: config.StaticDirectory("testdata/same_job"),
					ConfigVariables: vars(jobID, "wait_for_completion", !async),
					Check: resource.ComposeTestCheckFunc(
						resource.TestCheckResourceAttr("elasticsearch_ml_job_reset.first", "id", jobID),
						resource.TestCheckResourceAttr("elasticsearch_ml_job_reset.second", "id", jobID),
						expectReset(c, jobID),
					),
				}},
			})
		})
	}
}
