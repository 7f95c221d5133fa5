package esclient

import (
	"errors"
	"fmt"
	"testing"
)

// Bodies as Elasticsearch answers them: close, reset, tasks, security.
const (
	bodyJobNotFound = `{"error":{"root_cause":[{"type":"resource_not_found_exception","reason":"No known job with id 'my-job'"}],"type":"resource_not_found_exception","reason":"No known job with id 'my-job'"},"status":404}`
	bodyNotClosed   = `{"error":{"root_cause":[{"type":"status_exception","reason":"Can only reset a job when it is closed."}],"type":"status_exception","reason":"Can only reset a job when it is closed."},"status":409}`
	bodyFailedJob   = `{"error":{"root_cause":[{"type":"status_exception","reason":"cannot close job [my-job] because it failed, use force close"}],"type":"status_exception","reason":"cannot close job [my-job] because it failed, use force close"},"status":409}`
	bodyFailedJobs  = `{"error":{"type":"status_exception","reason":"one or more jobs have state failed, use force close"},"status":409}`
	bodyBlocked     = `{"error":{"root_cause":[{"type":"status_exception","reason":"cannot reset job while it is blocked with [delete]"}],"type":"status_exception","reason":"cannot reset job while it is blocked with [delete]"},"status":409}`
	bodyPollTimeout = `{"error":{"root_cause":[{"type":"timeout_exception","reason":"Timed out waiting for completion of task"}],"type":"timeout_exception","reason":"Timed out waiting for completion of task"},"status":%d}`
	bodyForbidden   = `{"error":{"root_cause":[{"type":"security_exception","reason":"action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [tf-user] with effective roles [viewer], this action is granted by the cluster privileges [manage_ml,manage,all]"}],"type":"security_exception","reason":"action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [tf-user] with effective roles [viewer], this action is granted by the cluster privileges [manage_ml,manage,all]"},"status":403}`
	bodyRejected    = `{"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [bob] for REST request [/]"}],"type":"security_exception","reason":"unable to authenticate user [bob] for REST request [/]"},"status":401}`
	bodyTaskGone    = `{"error":{"root_cause":[{"type":"resource_not_found_exception","reason":"task [oTUltX4IQMOUUVeiohTt8A:999] isn't running and hasn't stored its results"}],"type":"resource_not_found_exception","reason":"task [oTUltX4IQMOUUVeiohTt8A:999] isn't running and hasn't stored its results"},"status":404}`
	bodyNoHandler   = `{"error":"no handler found for uri [/_ml/anomaly_detectors/j/_reset] and method [POST]"}`

	// Open and start-datafeed answers.
	bodyAlreadyOpened    = `{"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"task with id {job-my-job} already exist"}],"type":"status_exception","reason":"Cannot open job [my-job] because it has already been opened","caused_by":{"type":"resource_already_exists_exception","reason":"task with id {job-my-job} already exist"}},"status":409}`
	bodyJobTaskExists    = `{"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"task with id {job-my-job} already exist"}],"type":"resource_already_exists_exception","reason":"task with id {job-my-job} already exist"},"status":400}`
	bodyAlreadyStarted   = `{"error":{"root_cause":[{"type":"status_exception","reason":"cannot start datafeed [my-df] because it has already been started"}],"type":"status_exception","reason":"cannot start datafeed [my-df] because it has already been started"},"status":409}`
	bodyOpenBlocked      = `{"error":{"root_cause":[{"type":"status_exception","reason":"Cannot open job [my-job] because it is executing [reset]"}],"type":"status_exception","reason":"Cannot open job [my-job] because it is executing [reset]"},"status":409}`
	bodyNoMLCapacity     = `{"error":{"root_cause":[{"type":"status_exception","reason":"Could not open job because no ML nodes with sufficient capacity were found"}],"type":"status_exception","reason":"Could not open job because no ML nodes with sufficient capacity were found","caused_by":{"type":"illegal_state_exception","reason":"Could not open job because no suitable nodes were found, allocation explanation [...]"}},"status":429}`
	bodyOpenTimedOut     = `{"error":{"root_cause":[{"type":"status_exception","reason":"Opening job [my-job] timed out after [30m]"}],"type":"status_exception","reason":"Opening job [my-job] timed out after [30m]"},"status":408}`
	bodyOpenTimedOut7    = `{"error":{"root_cause":[{"type":"exception","reason":"Opening job [my-job] timed out after [30m]"}],"type":"exception","reason":"Opening job [my-job] timed out after [30m]"},"status":500}`
	bodyStartTimedOut    = `{"error":{"root_cause":[{"type":"status_exception","reason":"Starting datafeed [my-df] timed out after [20s]"}],"type":"status_exception","reason":"Starting datafeed [my-df] timed out after [20s]"},"status":408}`
	bodyClosedWhileOpen  = `{"error":{"root_cause":[{"type":"status_exception","reason":"The job has been closed while waiting to be opened"}],"type":"status_exception","reason":"The job has been closed while waiting to be opened"},"status":409}`
	bodyFailedWhileOpen  = `{"error":{"root_cause":[{"type":"exception","reason":"Unexpected job state [failed] with reason [out of memory] while waiting for job to be opened"}],"type":"exception","reason":"Unexpected job state [failed] with reason [out of memory] while waiting for job to be opened"},"status":500}`
	bodyDatafeedNotFound = `{"error":{"root_cause":[{"type":"resource_not_found_exception","reason":"No datafeed with id [my-df] exists"}],"type":"resource_not_found_exception","reason":"No datafeed with id [my-df] exists"},"status":404}`
	bodyJobIsClosed      = `{"error":{"root_cause":[{"type":"status_exception","reason":"cannot start datafeed [my-df] because job [my-job] is closed"}],"type":"status_exception","reason":"cannot start datafeed [my-df] because job [my-job] is closed"},"status":409}`
	bodyJobIsFailed      = `{"error":{"root_cause":[{"type":"status_exception","reason":"cannot start datafeed [my-df] because job [my-job] is failed"}],"type":"status_exception","reason":"cannot start datafeed [my-df] because job [my-job] is failed"},"status":409}`
	bodyNonCompliant     = `{"error":{"root_cause":[{"type":"security_exception","reason":"current license is non-compliant for [ml]"}],"type":"security_exception","reason":"current license is non-compliant for [ml]","license.expired.feature":"ml"},"status":403}`

	taskFailed      = `{"completed":true,"task":{"node":"n","id":39,"action":"cluster:admin/xpack/ml/job/reset"},"error":{"type":"status_exception","reason":"Can only reset a job when it is closed."}}`
	taskGaveUp      = `{"completed":true,"task":{"node":"n","id":39},"error":{"type":"timeout_exception","reason":"Timed out waiting for completion of task"}}`
	taskForbidden   = `{"completed":true,"task":{"node":"n","id":39},"error":{"type":"security_exception","reason":"action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [tf-user]"}}`
	taskCancelled   = `{"completed":true,"task":{"node":"n","id":39},"response":{"acknowledged":false}}`
	taskSucceeded   = `{"completed":true,"task":{"node":"n","id":39},"response":{"acknowledged":true}}`
	taskNothingKept = `{"completed":true,"task":{"node":"n","id":39}}`
	taskLost        = `{"completed":true,"task":{"node":"n","id":39},"error":{"type":"resource_not_found_exception","reason":"task [oTUltX4IQMOUUVeiohTt8A:999] isn't running and hasn't stored its results"}}`
)

// storedOutcome is what WaitForTask returns for a finished task's body.
func storedOutcome(t *testing.T, body string) error {
	t.Helper()
	tk, err := parseTask([]byte(body))
	if err != nil || !tk.Completed {
		t.Fatalf("%s: %v", body, err)
	}
	return tk.outcome("n:39")
}

func TestPredicates(t *testing.T) {
	answer := func(status int, body string) error { return parseError(status, []byte(body)) }
	type check struct {
		name string
		is   func(error) bool
	}
	blockedBy := func(op string) func(error) bool {
		return func(err error) bool { got, ok := BlockedBy(err); return ok && got == op }
	}
	lostTask := func(err error) bool {
		id, ok := LostTask(err)
		return ok && id == "oTUltX4IQMOUUVeiohTt8A:999"
	}
	all := []check{
		{"IsJobNotFound", IsJobNotFound},
		{"IsJobNotClosed", IsJobNotClosed},
		{"IsJobFailed", IsJobFailed},
		{"BlockedBy(delete)", blockedBy(BlockedByDelete)},
		{"IsTaskStillRunning", IsTaskStillRunning},
		{"IsEarlierResetStillRunning", IsEarlierResetStillRunning},
		{"IsForbidden", IsForbidden},
		{"IsCredentialsRejected", IsCredentialsRejected},
		{"IsUnreachable", IsUnreachable},
		{"IsResetCancelled", IsResetCancelled},
		{"IsTaskVanished", IsTaskVanished},
		{"LostTask", lostTask},
		{"IsDatafeedNotFound", IsDatafeedNotFound},
		{"IsAlreadyOpened", IsAlreadyOpened},
		{"IsAlreadyStarted", IsAlreadyStarted},
		{"IsNoMLCapacity", IsNoMLCapacity},
		{"BlockedBy(reset)", blockedBy(BlockedByReset)},
	}
	cases := []struct {
		name string
		err  error
		want []string // the predicates that hold; every other one must not
	}{
		{"job missing", answer(404, bodyJobNotFound), []string{"IsJobNotFound"}},
		{"job missing, stored in a task", storedOutcome(t, `{"completed":true,"error":{"type":"resource_not_found_exception","reason":"No known job with id 'my-job'"}}`), []string{"IsJobNotFound"}},
		{"bare 404 from a proxy", answer(404, `<html>Not Found</html>`), nil},
		{"not closed", answer(409, bodyNotClosed), []string{"IsJobNotClosed"}},
		{"not closed, stored in a task", storedOutcome(t, taskFailed), []string{"IsJobNotClosed"}},
		{"failed job", answer(409, bodyFailedJob), []string{"IsJobFailed"}},
		{"failed jobs", answer(409, bodyFailedJobs), []string{"IsJobFailed"}},
		{"blocked by delete", answer(409, bodyBlocked), []string{"BlockedBy(delete)"}},
		{"poll timeout before 9.0", answer(500, fmt.Sprintf(bodyPollTimeout, 500)), []string{"IsTaskStillRunning"}},
		{"poll timeout since 9.0", answer(429, fmt.Sprintf(bodyPollTimeout, 429)), []string{"IsTaskStillRunning"}},
		{"task gave up waiting for an earlier reset", storedOutcome(t, taskGaveUp), []string{"IsEarlierResetStillRunning"}},
		{"forbidden", answer(403, bodyForbidden), []string{"IsForbidden"}},
		{"forbidden, stored in a task", storedOutcome(t, taskForbidden), []string{"IsForbidden"}},
		{"credentials rejected", answer(401, bodyRejected), []string{"IsCredentialsRejected"}},
		{"no answer", &TransportError{Method: "GET", Path: "/", Err: errors.New("connection refused")}, []string{"IsUnreachable"}},
		{"cancelled blocking reset", ErrResetCancelled, []string{"IsResetCancelled"}},
		{"cancelled task", storedOutcome(t, taskCancelled), []string{"IsResetCancelled"}},
		{"task vanished", &TaskVanishedError{TaskID: "n:39", Cause: parseError(404, []byte(bodyTaskGone))}, []string{"IsTaskVanished", "LostTask"}},
		{"reset blocked by a vanished task (before 8.13)", answer(404, bodyTaskGone), []string{"LostTask"}},
		{"reset blocked by a vanished task, stored in a task", storedOutcome(t, taskLost), []string{"LostTask"}},
		{"no handler (before 7.14)", answer(400, bodyNoHandler), nil},
		{"job already opened", answer(409, bodyAlreadyOpened), []string{"IsAlreadyOpened"}},
		{"job already opened, raw task conflict", answer(400, bodyJobTaskExists), []string{"IsAlreadyOpened"}},
		{"datafeed already started", answer(409, bodyAlreadyStarted), []string{"IsAlreadyStarted"}},
		{"open while a reset holds the job", answer(409, bodyOpenBlocked), []string{"BlockedBy(reset)"}},
		{"no ML node with room", answer(429, bodyNoMLCapacity), []string{"IsNoMLCapacity"}},
		{"datafeed missing", answer(404, bodyDatafeedNotFound), []string{"IsDatafeedNotFound"}},
		{"ML license non-compliant", answer(403, bodyNonCompliant), []string{"IsForbidden"}},
		// Refusals of an open or a start that no predicate names: none may
		// be mistaken for another (a job that failed while opening is not
		// IsJobFailed, which would force-close it).
		{"open timed out", answer(408, bodyOpenTimedOut), nil},
		{"open timed out (7.x)", answer(500, bodyOpenTimedOut7), nil},
		{"start timed out", answer(408, bodyStartTimedOut), nil},
		{"job closed while opening", answer(409, bodyClosedWhileOpen), nil},
		{"job failed while opening", answer(500, bodyFailedWhileOpen), nil},
		{"datafeed's job closed", answer(409, bodyJobIsClosed), nil},
		{"datafeed's job failed", answer(409, bodyJobIsFailed), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := map[string]bool{}
			for _, w := range tc.want {
				want[w] = true
			}
			for _, c := range all {
				if got := c.is(tc.err); got != want[c.name] {
					t.Errorf("%s(%v) = %v, want %v", c.name, tc.err, got, want[c.name])
				}
			}
		})
	}
}

func TestFinishedTasks(t *testing.T) {
	for _, body := range []string{taskSucceeded, taskNothingKept} {
		if err := storedOutcome(t, body); err != nil {
			t.Errorf("%s: want success, got %v", body, err)
		}
	}
	err := storedOutcome(t, taskFailed)
	f, ok := AsTaskFailure(err)
	if !ok || f.TaskID != "n:39" || err.Error() != "task n:39 ended with [status_exception] Can only reset a job when it is closed." {
		t.Fatalf("want the task and its reason, got %v", err)
	}
}
