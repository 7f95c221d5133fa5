package mljobreset_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// An interrupted earlier apply left a reset running: the new apply waits
// for it instead of failing, even through Elasticsearch giving up waiting
// (timeout_exception), and ends only once that reset has ended.
func TestAccReset_waitsForARunningReset(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithResetWaitTimeout(100*time.Millisecond))
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 10)
	running := c.Emulator.HoldNextReset(jobID)
	t.Cleanup(running.Release)
	if _, err := c.Emulator.StartReset(jobID); err != nil {
		t.Fatal(err)
	}
	// The earlier reset ends only once the provider has asked for a reset
	// twice: the first ask gave up waiting, and the provider asked again.
	var releasedAt atomic.Pointer[time.Time]
	releaseAfterSecondAsk := func() {
		c.ClearRequests()
		go func() {
			if awaitResets(c, jobID, 2, 2*time.Minute) {
				now := time.Now()
				releasedAt.Store(&now)
			}
			running.Release()
		}()
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       releaseAfterSecondAsk,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			Check: resource.ComposeTestCheckFunc(
				func(*terraform.State) error {
					var resets []emulator.Request
					for _, r := range c.Requests() {
						if r.Method == "POST" && r.Path == "/_ml/anomaly_detectors/"+jobID+"/_reset" {
							resets = append(resets, r)
						}
					}
					released := releasedAt.Load()
					if released == nil || len(resets) < 2 {
						return fmt.Errorf("want the provider to ask for the reset again while the earlier one ran, got %d asks", len(resets))
					}
					for _, r := range resets[:len(resets)-1] {
						if r.Status != http.StatusInternalServerError || r.Time.After(*released) {
							return fmt.Errorf("want every ask but the last to time out waiting for the held reset, got %d at %v (released %v)", r.Status, r.Time, *released)
						}
					}
					if last := resets[len(resets)-1]; last.Status != http.StatusOK {
						return fmt.Errorf("want the last ask to end with the earlier reset, got %d", last.Status)
					}
					return nil
				},
				c.CheckJob(jobID, func(j acctest.Job) error {
					if j.BlockedReason != "" || j.ProcessedRecords != 0 {
						return fmt.Errorf("want the job reset and unblocked, got %+v", j)
					}
					return nil
				}),
				func(*terraform.State) error {
					// Joined, not repeated: the held reset did the work.
					if j, _ := c.Emulator.Job(jobID); j.ResetCount != 1 {
						return fmt.Errorf("want the earlier reset to be the only one, got %d resets", j.ResetCount)
					}
					return nil
				},
			),
		}},
	})
}

// awaitResets waits until the cluster has received n reset requests for
// the job, or gives up after limit.
func awaitResets(c *acctest.Cluster, jobID string, n int, limit time.Duration) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(limit)
	for {
		asked := 0
		for _, call := range c.ResetCalls(jobID) {
			if strings.HasPrefix(call, resetCall(jobID)) {
				asked++
			}
		}
		if asked >= n {
			return true
		}
		select {
		case <-tick.C:
		case <-deadline:
			return false
		}
	}
}

func TestAccReset_blockedByDelete(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	if err := c.Emulator.SetBlocked(jobID, "delete", "node:1"); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			ExpectError:     regexp.MustCompile(`(?s)ML job "` + jobID + `" is being deleted.*blocked\s+with\s+\[delete\]`),
		}},
	})
}

// Something re-opens the job between the close and the reset: close again
// and retry.
func TestAccReset_jobReopenedBeforeReset(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			c := acctest.NewEmulated(t)
			jobID := c.JobID(t)
			c.CreateJob(t, jobID)
			c.Emulator.ReopenAfterNextClose(jobID, 1)
			want := []string{closeCall(jobID), resetCall(jobID), closeCall(jobID), resetCall(jobID)}
			check := c.ExpectResetCalls(jobID, want...)
			if async {
				check = func(s *terraform.State) error {
					calls := c.ResetCalls(jobID)
					// close, start, poll (the 409 is in the task), close, start, poll
					if len(calls) != 6 || calls[0] != closeCall(jobID) || calls[3] != closeCall(jobID) {
						return fmt.Errorf("want close, reset, poll twice; got %q", calls)
					}
					return nil
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					PreConfig:       c.ClearRequests,
					ConfigDirectory: configDir,
					ConfigVariables: vars(jobID, "wait_for_completion", !async),
					Check:           check,
				}},
			})
		})
	}
}

func TestAccReset_taskEndsInError(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.Emulator.FailNextReset(jobID, "exception", "disk full while deleting results")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "wait_for_completion", false),
			ExpectError:     regexp.MustCompile(`(?s)task [\w-]+:\d+\s+ended\s+with\s+\[exception\]\s+disk\s+full\s+while\s+deleting\s+results`),
		}},
	})
}

func TestAccReset_deadlineNamesTheTask(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.Emulator.SetJobResetDuration(jobID, 10*time.Second)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "wait_for_completion", false, "create_timeout", "1s"),
			ExpectError:     regexp.MustCompile(`(?s)Timed out resetting ML job.*as task [\w-]+:\d+`),
		}},
	})
}

// With manage_ml but not monitor, the tasks API answers 403: the provider
// waits through a blocking reset instead, and the version stays unknown.
func TestAccReset_asyncWithoutMonitorPrivilege(t *testing.T) {
	c := acctest.NewEmulated(t, emulator.WithSecurity())
	c.Emulator.AddUser("ml-operator", "s3cret-pw", "manage_ml")
	c.SetEnv("ELASTICSEARCH_USERNAME", "ml-operator")
	c.SetEnv("ELASTICSEARCH_PASSWORD", "s3cret-pw")
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.Emulator.SetJobResetDuration(jobID, 100*time.Millisecond)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "wait_for_completion", false),
			Check: func(s *terraform.State) error {
				calls := c.ResetCalls(jobID)
				if len(calls) != 4 || calls[1] != resetCall(jobID, "wait_for_completion", "false") || calls[3] != resetCall(jobID) {
					return fmt.Errorf("want close, async reset, forbidden task poll, blocking reset; got %q", calls)
				}
				j := c.Job(t, jobID)
				if j.BlockedReason != "" {
					return fmt.Errorf("job still blocked: %+v", j)
				}
				return nil
			},
		}},
	})
}
