package mljobreset_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

func TestAccReset_openedJobWithStartedDatafeed(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.OpenJob(t, jobID)
	c.ProcessRecords(t, jobID, 50)
	c.StartDatafeed(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			Check: resource.ComposeTestCheckFunc(
				// Close stops the datafeed itself: two requests, no more.
				c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID)),
				c.CheckJob(jobID, func(j acctest.Job) error {
					if j.State != "closed" || j.DatafeedState != "stopped" || j.ProcessedRecords != 0 {
						return fmt.Errorf("want a closed, reset job with its datafeed stopped, got %+v", j)
					}
					return nil
				}),
			),
		}},
	})
}

func TestAccReset_async(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateTrainedJob(t, jobID, 20)
	var taskID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "wait_for_completion", false),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("task_id"))},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[\w-]+:\d+$`))),
			},
			Check: resource.ComposeTestCheckFunc(
				func(s *terraform.State) error {
					taskID = s.RootModule().Resources[resourceName].Primary.Attributes["task_id"]
					return c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID, "wait_for_completion", "false"), taskPoll(taskID))(s)
				},
				expectReset(c, jobID),
			),
		}},
	})
}

func TestAccReset_deleteUserAnnotations(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	c.AddAnnotation(t, jobID, "incident 42", true)
	c.AddAnnotation(t, jobID, "delayed data", false)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, "delete_user_annotations", true),
			Check: resource.ComposeTestCheckFunc(
				c.ExpectResetCalls(jobID, closeCall(jobID), resetCall(jobID, "delete_user_annotations", "true")),
				c.CheckJob(jobID, func(j acctest.Job) error {
					if j.UserAnnotations != 0 || j.GeneratedAnnotations != 0 {
						return fmt.Errorf("want every annotation deleted, got %+v", j)
					}
					return nil
				}),
			),
		}},
	})
}

func TestAccReset_missingJob(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID),
			ExpectError:     regexp.MustCompile(`(?s)ML job "` + jobID + `" not found.*No known job\s+with id`),
		}},
	})
	// Nothing was reset and nothing reached the state (the step failed
	// before any state was written, which the framework checks by
	// planning the destroy of an empty state).
	if got := c.ResetCalls(jobID); len(got) != 1 || got[0] != closeCall(jobID) {
		t.Fatalf("want only the failed close, got %q", got)
	}
}

func TestAccReset_invalidJobIDSendsNothing(t *testing.T) {
	c := acctest.New(t)
	for _, bad := range []string{"Upper", "-leading", "trailing_", "white space", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: vars(bad),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`job_id (is not a valid Elasticsearch job id|string length must be between 1 and 64)`),
			}},
		})
	}
	if got := c.Requests(); len(got) != 0 {
		t.Fatalf("an invalid job id must cost no request, got %d, first %s %s", len(got), got[0].Method, got[0].Path)
	}
}

func TestAccReset_jobDeletedOutOfBand(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(jobID)},
			{
				// The refresh drops the resource, so the plan creates it
				// again, and that reset fails on the missing job.
				PreConfig:       func() { c.DeleteJob(t, jobID); c.ClearRequests() },
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID),
				ExpectError:     regexp.MustCompile(`ML job "` + jobID + `" not found`),
			},
		},
	})
	reads := 0
	for _, r := range c.Requests() {
		if r.Method == "GET" && r.Path == "/_ml/anomaly_detectors/"+jobID {
			reads++
			if r.Status != 404 {
				t.Fatalf("read of the deleted job answered %d", r.Status)
			}
		}
	}
	if reads == 0 {
		t.Fatal("the refresh never read the job")
	}
}

func TestAccReset_inPlaceUpdatesSendNothing(t *testing.T) {
	c := acctest.New(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	triggers := map[string]string{"data": "v1"}

	update := func(kv ...any) resource.TestStep {
		return resource.TestStep{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: configDir,
			ConfigVariables: vars(jobID, append([]any{"triggers", triggers}, kv...)...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
			},
			Check: c.ExpectResetCalls(jobID),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(jobID, "triggers", triggers)},
			update("force_close", true),
			update("force_close", true, "delete_user_annotations", true),
			update("force_close", true, "delete_user_annotations", true, "wait_for_completion", false),
			update("force_close", true, "delete_user_annotations", true, "wait_for_completion", false, "create_timeout", "5m"),
		},
	})
}

func TestAccReset_failedJob(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	if err := c.Emulator.SetJobState(jobID, "failed"); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID),
				ExpectError:     regexp.MustCompile(`(?s)set force_close = true.*because it failed, use force close`),
			},
			{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID, "force_close", true),
				Check: resource.ComposeTestCheckFunc(
					c.ExpectResetCalls(jobID, closeCall(jobID, "force", "true"), resetCall(jobID)),
					c.CheckJob(jobID, func(j acctest.Job) error {
						if j.State != "closed" {
							return fmt.Errorf("want closed, got %+v", j)
						}
						return nil
					}),
				),
			},
		},
	})
}

// A 404 that is not Elasticsearch's "no such job" (a proxy, a wrong path)
// fails the refresh instead of dropping the resource, so the next apply
// does not reset the job again.
func TestAccReset_bare404KeepsTheState(t *testing.T) {
	c := acctest.NewEmulated(t)
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{
			{ConfigDirectory: configDir, ConfigVariables: vars(jobID)},
			{
				PreConfig: func() {
					c.Emulator.InjectError("GET", "/_ml/anomaly_detectors/"+jobID, http.StatusNotFound, "", "Not Found", 100)
				},
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID),
				ExpectError:     acctest.ErrorText("HTTP 404"),
			},
			{
				PreConfig: func() {
					c.Emulator.ClearFaults()
					c.ClearRequests()
				},
				ConfigDirectory: configDir,
				ConfigVariables: vars(jobID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionNoop)},
				},
				Check: c.ExpectResetCalls(jobID),
			},
		},
	})
}
