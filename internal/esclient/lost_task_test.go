package esclient

import (
	"fmt"
	"testing"
)

func TestLostTask(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		wantTask string
	}{
		{"not running, not stored (HTTP answer)", &Error{Status: 404, Type: "resource_not_found_exception",
			Reason: "task [U325otijTPOipQrqz-0SRQ:22784192] isn't running and hasn't stored its results"}, "U325otijTPOipQrqz-0SRQ:22784192"},
		{"stored in a task result (no status)", fmt.Errorf("reset task n:2 ended with %w", &Error{Type: "resource_not_found_exception",
			Reason: "task [n:1] isn't running and hasn't stored its results"}), "n:1"},
		{"stored in a task the engine waited for", &TaskFailedError{TaskID: "n:2", Err: &Error{Type: "resource_not_found_exception",
			Reason: "task [n:1] isn't running and hasn't stored its results"}}, "n:1"},
		{"node left the cluster", &Error{Status: 404, Type: "resource_not_found_exception",
			Reason: "task [gone:7] belongs to the node [gone] which isn't part of the cluster and there is no record of the task"}, "gone:7"},
		{"missing job", &Error{Status: 404, Type: "resource_not_found_exception", Reason: "No known job with id 'task [x:1]'"}, ""},
		{"other type", &Error{Status: 500, Type: "exception", Reason: "task [n:1] isn't running and hasn't stored its results"}, ""},
		{"not an Elasticsearch answer", fmt.Errorf("task [n:1] isn't running and hasn't stored its results"), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			task, ok := LostTask(tc.err)
			if ok != (tc.wantTask != "") || task != tc.wantTask {
				t.Fatalf("LostTask = %q, %v; want %q", task, ok, tc.wantTask)
			}
		})
	}
}

// An async reset stores the lost task's "not found" as its own result:
// WaitForTask's reading of that result must still say which task is lost.
func TestLostTaskInAStoredTaskResult(t *testing.T) {
	err := storedOutcome(t, taskLost)
	if _, ended := AsTaskFailure(err); !ended {
		t.Fatalf("want a task failure, got %v", err)
	}
	if task, ok := LostTask(err); !ok || task != "oTUltX4IQMOUUVeiohTt8A:999" {
		t.Fatalf("LostTask(%v) = %q, %v; want the lost task", err, task, ok)
	}
	if IsJobNotFound(err) {
		t.Fatalf("a lost task is not a missing job: %v", err)
	}
}
