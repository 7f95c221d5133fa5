package mljobreset_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// Behind a gateway that gives up waiting long before a reset ends (a load
// balancer, an ingress), the reset still completes, once, within
// timeouts.create (DESIGN.md §3). A real cluster cannot hold a reset
// longer than a gateway's timeout, so these tests need the emulator: its
// gateway (SetGateway) and its hold on a reset.

// gatewayTimeout is how long the tests' gateway waits for Elasticsearch:
// far longer than any other request of a reset takes on the emulator.
const gatewayTimeout = 500 * time.Millisecond

var gatewayAnswers = map[string]int{"504": http.StatusGatewayTimeout, "502": http.StatusBadGateway, "drop": emulator.GatewayDrops}

// behindGateway is an emulator with a trained job that sits behind a
// gateway answering answer after gatewayTimeout, and whose next reset of
// that job is held until the test releases it.
func behindGateway(t *testing.T, answer int) (c *acctest.Cluster, jobID string, hold *emulator.Hold) {
	t.Helper()
	if acctest.RealClusterConfigured() {
		t.Skip("a reset on a real cluster cannot be held longer than a gateway's timeout; needs the emulator")
	}
	c = acctest.NewEmulated(t)
	jobID = c.JobID(t)
	c.CreateTrainedJob(t, jobID, 10)
	if err := c.Emulator.SetGateway(emulator.Gateway{Timeout: gatewayTimeout, Answer: answer}); err != nil {
		t.Fatal(err)
	}
	hold = c.Emulator.HoldNextReset(jobID)
	t.Cleanup(hold.Release)
	return c, jobID, hold
}

// releaseAfterCutPolls lets the held reset end once the gateway has cut n
// long polls and the next has arrived: the reset lasted n gateway
// timeouts and more, and that poll sees it end.
func releaseAfterCutPolls(t *testing.T, c *acctest.Cluster, hold *emulator.Hold, n int) {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if len(cutPolls(c)) >= n && len(taskPolls(c)) > n {
				hold.Release()
				return
			}
		}
	}()
}

// heldTask returns, once the held reset has claimed the job, the task
// that blocks it: the one a reset behind the gateway follows.
func heldTask(t *testing.T, c *acctest.Cluster, jobID string, hold *emulator.Hold) func() string {
	found := make(chan string, 1)
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		select {
		case <-hold.Reached():
			j, _ := c.Emulator.Job(jobID)
			found <- j.BlockedTaskID
		case <-stop:
		}
	}()
	var once sync.Once
	var task string
	return func() string {
		once.Do(func() {
			select {
			case task = <-found:
			case <-time.After(10 * time.Second):
			}
		})
		return task
	}
}

// taskPolls are the long polls of the tasks API received.
func taskPolls(c *acctest.Cluster) (out []emulator.Request) {
	for _, r := range c.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/_tasks/") {
			out = append(out, r)
		}
	}
	return out
}

// cutPolls are the long polls the gateway answered in Elasticsearch's place.
func cutPolls(c *acctest.Cluster) (out []emulator.Request) {
	for _, r := range taskPolls(c) {
		if r.GatewayAnswer != 0 {
			out = append(out, r)
		}
	}
	return out
}

// resetRequests are the reset calls of the job that reached Elasticsearch.
func resetRequests(c *acctest.Cluster, jobID string) (out []emulator.Request) {
	for _, r := range c.Requests() {
		if r.Method == "POST" && r.Path == "/_ml/anomaly_detectors/"+jobID+"/_reset" {
			out = append(out, r)
		}
	}
	return out
}

// expectFollowedThroughTheGateway checks what a reset behind the gateway
// sent: one reset call, cut when it blocks and answered at once when async,
// then four long polls of the reset's task, the first three cut with
// windows that halve from 30 s, and the last answered by Elasticsearch the
// moment the reset ended; and that Elasticsearch reset the job once.
func expectFollowedThroughTheGateway(c *acctest.Cluster, jobID string, async bool, answer int, task func() string) func(*terraform.State) error {
	return func(*terraform.State) error {
		resets := resetRequests(c, jobID)
		wantCut := answer
		if async {
			wantCut = 0 // the task id comes back at once
		}
		if len(resets) != 1 || resets[0].GatewayAnswer != wantCut || resets[0].Status != http.StatusOK {
			return fmt.Errorf("want one reset call that Elasticsearch completed, the gateway's answer %d; got %+v", wantCut, resets)
		}
		polls := taskPolls(c)
		if len(polls) != 4 {
			return fmt.Errorf("want three cut polls and a last one, got %d", len(polls))
		}
		var windows []string
		for i, p := range polls {
			if p.Path != "/_tasks/"+task() {
				return fmt.Errorf("want every poll of task %s, got %s", task(), p.Path)
			}
			if i < 3 {
				windows = append(windows, p.Query.Get("timeout"))
				if p.GatewayAnswer != answer {
					return fmt.Errorf("poll %d: want the gateway's answer %d, got %+v", i+1, answer, p)
				}
			}
		}
		if want := []string{"30000ms", "15000ms", "7500ms"}; !slices.Equal(windows, want) {
			return fmt.Errorf("want windows %q, got %q", want, windows)
		}
		if last := polls[len(polls)-1]; last.GatewayAnswer != 0 || last.Status != http.StatusOK {
			return fmt.Errorf("want the last poll answered by Elasticsearch, got %+v", last)
		}
		if j, _ := c.Emulator.Job(jobID); j.ResetCount != 1 {
			return fmt.Errorf("want the job reset once, got %d resets", j.ResetCount)
		}
		return nil
	}
}

// Blocking and asynchronous resets several gateway timeouts long succeed,
// whatever the gateway answers when it gives up: 504, 502, or a dropped
// connection.
func TestAccReset_behindAGateway(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, async := range []bool{false, true} {
		for name, answer := range gatewayAnswers {
			t.Run(fmt.Sprintf("async=%v/%s", async, name), func(t *testing.T) {
				c, jobID, hold := behindGateway(t, answer)
				// The task followed: the async reset's, or the one that
				// blocks the job during a blocking reset.
				task := heldTask(t, c, jobID, hold)
				var taskID knownvalue.Check = knownvalue.Null()
				if async {
					taskID = knownvalue.StringFunc(func(v string) error {
						if v != task() {
							return fmt.Errorf("want task_id %s, the task followed, got %s", task(), v)
						}
						return nil
					})
				}
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: c.ProviderFactories(),
					Steps: []resource.TestStep{{
						PreConfig: func() {
							c.ClearRequests()
							releaseAfterCutPolls(t, c, hold, 3)
						},
						ConfigDirectory: configDir,
						ConfigVariables: vars(jobID, "wait_for_completion", !async),
						Check: resource.ComposeTestCheckFunc(
							expectFollowedThroughTheGateway(c, jobID, async, answer, task),
							expectReset(c, jobID),
						),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("task_id"), taskID),
						},
					}},
				})
			})
		}
	}
}

// A reset that fails behind the gateway fails with Elasticsearch's reason.
// A blocking one leaves the job blocked by its task, its reason gone with
// the cut: the reset is sent once more, Elasticsearch runs it again, and
// its answer says why. An async one stored the reason in its task.
func TestAccReset_failsBehindAGatewayWithTheReason(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			c, jobID, hold := behindGateway(t, http.StatusGatewayTimeout)
			c.Emulator.FailResets(jobID, 2, "exception", "disk full while deleting results")
			want := acctest.ErrorText(`Reset of ML job "` + jobID + `" failed … Elasticsearch said: HTTP 500 [exception]: disk full while deleting results`)
			if async {
				want = acctest.ErrorText(`Reset of ML job "` + jobID + `" failed … ended with [exception] disk full while deleting results`)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				Steps: []resource.TestStep{{
					PreConfig: func() {
						c.ClearRequests()
						releaseAfterCutPolls(t, c, hold, 1)
					},
					ConfigDirectory: configDir,
					ConfigVariables: vars(jobID, "wait_for_completion", !async),
					ExpectError:     want,
				}},
			})
			resets := resetRequests(c, jobID)
			if async && len(resets) != 1 {
				t.Fatalf("want one reset call, got %+v", resets)
			}
			if !async && (len(resets) != 2 || resets[0].GatewayAnswer != http.StatusGatewayTimeout ||
				resets[1].GatewayAnswer != 0 || resets[1].Status != http.StatusInternalServerError) {
				t.Fatalf("want a cut reset, then one more answered with the failure; got %+v", resets)
			}
			if j, _ := c.Emulator.Job(jobID); j.ResetCount != 0 || j.BlockedReason != "reset" || j.ProcessedRecords == 0 {
				t.Fatalf("want the job blocked by the failed reset, its data kept: %+v", j)
			}
		})
	}
}

// timeouts.create still ends the wait behind a gateway, and the error
// names the task that runs the reset.
func TestAccReset_deadlineBehindAGateway(t *testing.T) {
	acctest.ParentOfEmulated(t)
	for _, async := range []bool{false, true} {
		t.Run(fmt.Sprintf("async=%v", async), func(t *testing.T) {
			t.Parallel()
			c, jobID, hold := behindGateway(t, http.StatusGatewayTimeout)
			var diags []acctest.Diagnostic
			for _, d := range c.CLIDiagnostics(t, "testdata/reset", vars(jobID, "wait_for_completion", !async, "create_timeout", "3s"), "apply") {
				if d.Severity == "error" {
					diags = append(diags, d)
				}
			}
			<-hold.Reached()
			j, _ := c.Emulator.Job(jobID)
			task := j.BlockedTaskID
			if len(diags) != 1 || diags[0].Summary != fmt.Sprintf("Timed out resetting ML job %q", jobID) ||
				!strings.Contains(diags[0].Detail, fmt.Sprintf("as task %s: follow it with GET _tasks/%s.", task, task)) {
				t.Fatalf("want the timeout naming task %s, got %+v", task, diags)
			}
			if n := len(resetRequests(c, jobID)); n != 1 {
				t.Fatalf("want one reset call, got %d", n)
			}
			if len(cutPolls(c)) == 0 {
				t.Fatal("want the reset followed with polls the gateway cut")
			}
		})
	}
}
