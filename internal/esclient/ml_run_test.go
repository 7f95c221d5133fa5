package esclient

import (
	"context"
	"reflect"
	"testing"
)

// Answers to open and start as Elasticsearch gives them.
func TestOpenJobReportsWhereTheJobRuns(t *testing.T) {
	cases := []struct {
		name, body string
		want       Assignment
	}{
		{"assigned", `{"opened":true,"node":"oTUltX4IQMOUUVeiohTt8A"}`, Assignment{Done: true, Node: "oTUltX4IQMOUUVeiohTt8A"}},
		{"lazy open", `{"opened":true,"node":""}`, Assignment{Done: true, AwaitingNode: true}},
		{"not opened", `{"opened":false,"node":""}`, Assignment{AwaitingNode: true}},
		{"serverless", `{"opened":true,"node":"serverless"}`, Assignment{Done: true, Node: "serverless"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeClient(t, map[string]fakeAnswer{"POST /_ml/anomaly_detectors/my-job/_open": ok(tc.body)})
			got, err := c.OpenJob(context.Background(), "my-job")
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			if sent := f.sent(); !reflect.DeepEqual(sent, []string{"POST /_ml/anomaly_detectors/my-job/_open"}) {
				t.Fatalf("sent %v", sent)
			}
		})
	}
}

func TestStartDatafeedSendsStartOnlyWhenSet(t *testing.T) {
	const path = "/_ml/datafeeds/my-df/_start"
	cases := []struct {
		name, start, body string
		wantSent          string
		want              Assignment
	}{
		{"from the earliest data", "", `{"started":true,"node":"n1"}`, "POST " + path, Assignment{Done: true, Node: "n1"}},
		{"from a time", "2024-01-01T00:00:00Z", `{"started":true,"node":"n1"}`, "POST " + path + "?start=2024-01-01T00%3A00%3A00Z", Assignment{Done: true, Node: "n1"}},
		{"waiting for a lazily opening job", "", `{"started":true,"node":""}`, "POST " + path, Assignment{Done: true, AwaitingNode: true}},
		{"node as a list", "", `{"started":true,"node":["n1"]}`, "POST " + path, Assignment{Done: true, Node: "n1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeClient(t, map[string]fakeAnswer{"POST " + path: ok(tc.body)})
			got, err := c.StartDatafeed(context.Background(), "my-df", tc.start)
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
			if sent := f.sent(); !reflect.DeepEqual(sent, []string{tc.wantSent}) {
				t.Fatalf("sent %v, want %s", sent, tc.wantSent)
			}
		})
	}
}

// A refusal reaches the caller as *Error, sent once: a 409 is not retried.
func TestOpenJobRefusalIsAnError(t *testing.T) {
	c, f := newFakeClient(t, map[string]fakeAnswer{"POST /_ml/anomaly_detectors/my-job/_open": {409, bodyAlreadyOpened}})
	_, err := c.OpenJob(context.Background(), "my-job")
	if !IsAlreadyOpened(err) || len(f.sent()) != 1 {
		t.Fatalf("got %v after %d requests", err, len(f.sent()))
	}
}

// An open without ML capacity is a 429 that retrying within seconds cannot
// cure: it reaches the caller after one request, unlike a busy cluster's.
func TestOpenJobWithoutMLCapacityIsNotRetried(t *testing.T) {
	c, f := newFakeClient(t, map[string]fakeAnswer{"POST /_ml/anomaly_detectors/my-job/_open": {429, bodyNoMLCapacity}})
	_, err := c.OpenJob(context.Background(), "my-job")
	if !IsNoMLCapacity(err) || len(f.sent()) != 1 {
		t.Fatalf("got %v after %d requests, want the 429 after 1", err, len(f.sent()))
	}
}
