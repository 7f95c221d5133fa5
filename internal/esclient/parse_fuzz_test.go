package esclient

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Whatever a cluster or a proxy answers, parsing never panics and an error
// always reads as something.
func FuzzParseError(f *testing.F) {
	for _, seed := range []string{
		`{"error":{"root_cause":[{"type":"status_exception","reason":"Can only reset a job when it is closed."}],"type":"status_exception","reason":"Can only reset a job when it is closed."},"status":409}`,
		`{"error":"no handler found for uri [/_ml/anomaly_detectors/j/_reset] and method [POST]"}`,
		`{"error":{"type":"x","reason":"y","caused_by":{"type":"z","reason":"inner"}}}`,
		`<html>502 Bad Gateway</html>`, ``, `{"error":null}`, `{"error":{}}`, `[]`,
	} {
		f.Add(502, []byte(seed))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		e := parseError(status, body)
		if e == nil || e.Error() == "" {
			t.Fatal("an error must read as something")
		}
	})
}

// What a task or the cluster's version is, written the way Elasticsearch
// writes GET _tasks/<id> and GET /, reads back as itself: the completed
// flag; a stored error as a *TaskFailedError naming the task, with the
// error's type, reason and innermost cause; a stored acknowledged false as
// a cancelled reset; anything else as success. A version number in
// Elasticsearch's form reads as its major.minor.patch, without the
// pre-release tag; a serverless cluster has no version.
func FuzzParseTaskAndInfo(f *testing.F) {
	// Real answers, as fields: GET _tasks/<id> running, done, failed,
	// cancelled, not stored, given up on an earlier reset; GET / of 9.1.0,
	// of serverless (its fixed 8.11.0), of a snapshot build, of 7.x.
	const node, id = "oTUltX4IQMOUUVeiohTt8A", int64(39)
	for _, s := range []answerFields{
		{Node: node, ID: id, Number: "9.1.0", Flavor: "default"},
		{Completed: true, Node: node, ID: id, Stored: storedResponse, Acknowledged: true, Number: "8.11.0", Flavor: "serverless"},
		{Completed: true, Node: node, ID: id, Stored: storedError, ErrType: "status_exception", ErrReason: "Can only reset a job when it is closed.", Number: "8.7.0-SNAPSHOT", Flavor: "default"},
		{Completed: true, Node: node, ID: id, Stored: storedResponse, Acknowledged: false, Number: "7.17.29", Flavor: "default"},
		{Completed: true, Node: node, ID: id, Stored: storedNothing, Number: "7.14.0", Flavor: "default"},
		{Completed: true, Node: node, ID: id, Stored: storedError, ErrType: "timeout_exception", ErrReason: "Timed out waiting for completion of task", Number: "9.0.0", Flavor: "default"},
		{Completed: true, Node: node, ID: id, Stored: storedError, ErrType: "status_exception", ErrReason: "Could not open job because no ML nodes with sufficient capacity were found",
			CauseReason: "Could not open job because no suitable nodes were found, allocation explanation [...]", Number: "8.19.0", Flavor: "default"},
		{Completed: true, Node: node, ID: id, Stored: storedError, ErrType: "security_exception", ErrReason: "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [tf-user]", Number: "not a version", Flavor: "default"},
	} {
		f.Add(s.Completed, s.Node, s.ID, s.Stored, s.Acknowledged, s.ErrType, s.ErrReason, s.CauseReason, s.Number, s.Flavor)
	}
	f.Fuzz(func(t *testing.T, completed bool, node string, id int64, stored uint8, acknowledged bool, errType, errReason, causeReason, number, flavor string) {
		for _, s := range []string{node, errType, errReason, causeReason, number, flavor} {
			if !utf8.ValidString(s) {
				t.Skip("Elasticsearch answers in UTF-8")
			}
		}
		a := answerFields{completed, node, id, stored % 3, acknowledged, errType, errReason, causeReason, number, flavor}
		checkTaskRoundTrip(t, a)
		checkInfoRoundTrip(t, a)
	})
}

// answerFields is what a task answer and a GET / answer carry.
type answerFields struct {
	Completed    bool
	Node         string
	ID           int64
	Stored       uint8 // storedNothing, storedResponse or storedError
	Acknowledged bool
	ErrType      string
	ErrReason    string
	CauseReason  string // a caused_by under the error, when not empty
	Number       string
	Flavor       string
}

const (
	storedNothing uint8 = iota
	storedResponse
	storedError
)

func checkTaskRoundTrip(t *testing.T, a answerFields) {
	t.Helper()
	body := taskAnswer(t, a)
	tk, err := parseTask(body)
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	if tk.Completed != a.Completed {
		t.Fatalf("%s: completed = %v", body, tk.Completed)
	}
	if !a.Completed {
		return
	}
	taskID := a.Node + ":" + strconv.FormatInt(a.ID, 10)
	got := tk.outcome(taskID)
	switch {
	case a.Stored == storedError:
		f, ok := AsTaskFailure(got)
		if !ok || f.TaskID != taskID || !strings.Contains(got.Error(), "task "+taskID+" ") {
			t.Fatalf("%s: want a failure of task %s, got %v", body, taskID, got)
		}
		want := &Error{Type: a.ErrType, Reason: a.ErrReason}
		if a.CauseReason != "" && a.CauseReason != a.ErrReason {
			want.RootCause = a.CauseReason
		}
		if e, ok := AsError(f.Err); !ok || *e != *want {
			t.Fatalf("%s: want the stored error %+v, got %#v", body, want, f.Err)
		}
	case a.Stored == storedResponse && !a.Acknowledged:
		f, ok := AsTaskFailure(got)
		if !ok || f.TaskID != taskID || !errors.Is(got, ErrResetCancelled) || !strings.Contains(got.Error(), "task "+taskID+" ") {
			t.Fatalf("%s: want task %s cancelled, got %v", body, taskID, got)
		}
	case got != nil:
		t.Fatalf("%s: want success, got %v", body, got)
	}
}

// esVersion is a version number as Elasticsearch writes it: three numbers
// and, on a snapshot or pre-release build, a tag.
var esVersion = regexp.MustCompile(`^([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})(-[0-9A-Za-z]+)?$`)

func checkInfoRoundTrip(t *testing.T, a answerFields) {
	t.Helper()
	body := infoAnswer(t, a)
	info, err := parseInfo(body)
	if a.Flavor == "serverless" {
		if err != nil || !info.Serverless || info.Version != nil {
			t.Fatalf("%s: want serverless without a version, got %+v, %v", body, info, err)
		}
		return
	}
	if err == nil && (info.Serverless || info.Version == nil) {
		t.Fatalf("%s: want a version, got %+v", body, info)
	}
	m := esVersion.FindStringSubmatch(a.Number)
	if m == nil {
		return // not Elasticsearch's form: a refusal or any reading will do
	}
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	want := []int64{atoi(m[1]), atoi(m[2]), atoi(m[3])}
	if got := info.Version.Segments64(); !slices.Equal(got, want) || info.Version.Prerelease() != "" || info.Version.Metadata() != "" {
		t.Fatalf("%s: version %s, want %v", body, info.Version, want)
	}
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// taskAnswer writes GET _tasks/<id>'s answer, fields in Elasticsearch's
// order; only a completed task has a stored response or error.
func taskAnswer(t *testing.T, a answerFields) []byte {
	t.Helper()
	type cause struct {
		Type     string `json:"type"`
		Reason   string `json:"reason"`
		CausedBy *cause `json:"caused_by,omitempty"`
	}
	type taskInfo struct {
		Node               string         `json:"node"`
		ID                 int64          `json:"id"`
		Type               string         `json:"type"`
		Action             string         `json:"action"`
		Description        string         `json:"description"`
		StartTimeInMillis  int64          `json:"start_time_in_millis"`
		RunningTimeInNanos int64          `json:"running_time_in_nanos"`
		Cancellable        bool           `json:"cancellable"`
		Cancelled          bool           `json:"cancelled"`
		Headers            map[string]any `json:"headers"`
	}
	answer := struct {
		Completed bool            `json:"completed"`
		Task      taskInfo        `json:"task"`
		Response  map[string]bool `json:"response,omitempty"`
		Error     *cause          `json:"error,omitempty"`
	}{
		Completed: a.Completed,
		Task: taskInfo{Node: a.Node, ID: a.ID, Type: "transport", Action: "cluster:admin/xpack/ml/job/reset",
			Description: "job-my-job", StartTimeInMillis: 1700000000000, RunningTimeInNanos: 5123456789,
			Cancellable: true, Headers: map[string]any{}},
	}
	if a.Completed {
		switch a.Stored {
		case storedResponse:
			answer.Response = map[string]bool{"acknowledged": a.Acknowledged}
		case storedError:
			answer.Error = &cause{Type: a.ErrType, Reason: a.ErrReason}
			if a.CauseReason != "" {
				answer.Error.CausedBy = &cause{Type: "illegal_state_exception", Reason: a.CauseReason}
			}
		}
	}
	body, err := json.Marshal(answer)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// infoAnswer writes GET /'s answer.
func infoAnswer(t *testing.T, a answerFields) []byte {
	t.Helper()
	type versionInfo struct {
		Number                           string `json:"number"`
		BuildFlavor                      string `json:"build_flavor"`
		BuildType                        string `json:"build_type"`
		BuildHash                        string `json:"build_hash"`
		BuildDate                        string `json:"build_date"`
		BuildSnapshot                    bool   `json:"build_snapshot"`
		LuceneVersion                    string `json:"lucene_version"`
		MinimumWireCompatibilityVersion  string `json:"minimum_wire_compatibility_version"`
		MinimumIndexCompatibilityVersion string `json:"minimum_index_compatibility_version"`
	}
	body, err := json.Marshal(struct {
		Name        string      `json:"name"`
		ClusterName string      `json:"cluster_name"`
		ClusterUUID string      `json:"cluster_uuid"`
		Version     versionInfo `json:"version"`
		Tagline     string      `json:"tagline"`
	}{
		Name: "instance-0000000000", ClusterName: "my_test_cluster", ClusterUUID: "zk-HjQtYQGyL3NFSSu7InA",
		Version: versionInfo{Number: a.Number, BuildFlavor: a.Flavor, BuildType: "docker", BuildHash: "00000000",
			BuildDate: "2025-07-09T22:10:13.578182715Z", BuildSnapshot: strings.HasSuffix(a.Number, "-SNAPSHOT"),
			LuceneVersion: "10.2.2", MinimumWireCompatibilityVersion: "8.19.0", MinimumIndexCompatibilityVersion: "8.0.0"},
		Tagline: "You Know, for Search",
	})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// Whatever a cluster or a proxy answers to GET _tasks/<id> or GET /, what
// parses holds together: a finished task is a success or a failure of that
// very task, and a cluster is serverless or has a release version.
func FuzzParseAnyTaskAndInfo(f *testing.F) {
	for _, seed := range []string{
		`{"completed":false,"task":{"node":"oTUltX4IQMOUUVeiohTt8A","id":39,"type":"transport","action":"cluster:admin/xpack/ml/job/reset","description":"job-my-job","start_time_in_millis":1700000000000,"running_time_in_nanos":2500000000,"cancellable":true,"cancelled":false,"headers":{}}}`,
		`{"completed":true,"task":{"node":"oTUltX4IQMOUUVeiohTt8A","id":39,"type":"transport","action":"cluster:admin/xpack/ml/job/reset","description":"job-my-job","start_time_in_millis":1700000000000,"running_time_in_nanos":5123456789,"cancellable":true,"cancelled":false,"headers":{}},"response":{"acknowledged":true}}`,
		`{"completed":true,"task":{"node":"oTUltX4IQMOUUVeiohTt8A","id":39},"error":{"type":"status_exception","reason":"Can only reset a job when it is closed."}}`,
		`{"completed":true,"task":{"node":"oTUltX4IQMOUUVeiohTt8A","id":39},"response":{"acknowledged":false}}`,
		`{"completed":true,"task":{"node":"oTUltX4IQMOUUVeiohTt8A","id":39}}`,
		`{"name":"instance-0000000000","cluster_name":"my_test_cluster","cluster_uuid":"zk-HjQtYQGyL3NFSSu7InA","version":{"number":"9.1.0","build_flavor":"default","build_type":"docker","build_hash":"00000000","build_date":"2025-07-09T22:10:13.578182715Z","build_snapshot":false,"lucene_version":"10.2.2","minimum_wire_compatibility_version":"8.19.0","minimum_index_compatibility_version":"8.0.0"},"tagline":"You Know, for Search"}`,
		`{"name":"serverless","version":{"number":"8.11.0","build_flavor":"serverless","build_date":"2023-10-31","lucene_version":"9.7.0","minimum_wire_compatibility_version":"8.11.0","minimum_index_compatibility_version":"8.11.0"}}`,
		`{"version":{"number":"8.7.0-SNAPSHOT","build_flavor":"default","build_snapshot":true}}`,
		`{"version":{"number":"not a version"}}`, `null`, `{"completed":"yes"}`, `{"completed":true,"response":"x"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if tk, err := parseTask(body); err == nil && tk.Completed {
			const taskID = "n:1"
			if err := tk.outcome(taskID); err != nil {
				f, ok := AsTaskFailure(err)
				if !ok || f.TaskID != taskID || !strings.Contains(err.Error(), "task "+taskID+" ") {
					t.Fatalf("%s: a finished task fails as itself, got %v", body, err)
				}
			}
		}
		if info, err := parseInfo(body); err == nil {
			if info.Serverless == (info.Version != nil) {
				t.Fatalf("%s: serverless or a version, got %+v", body, info)
			}
			if v := info.Version; v != nil && (len(v.Segments64()) != 3 || v.Prerelease() != "" || v.Metadata() != "") {
				t.Fatalf("%s: want a release version, got %s", body, v)
			}
		}
	})
}
