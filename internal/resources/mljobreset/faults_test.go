package mljobreset_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// An interrupted earlier apply left a reset running: the new apply waits
// for it instead of failing.
func TestAccReset_waitsForARunningReset(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.Emulator.SetJobResetDuration(jobID, 300*time.Millisecond)
	if _, err := c.Emulator.StartReset(jobID); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			Check: resource.ComposeTestCheckFunc(
				c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
				c.CheckJob(jobID, func(j acctest.Job) error {
					if j.BlockedReason != "" {
						return fmt.Errorf("want the job unblocked, got %+v", j)
					}
					return nil
				}),
			),
		}},
	})
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
