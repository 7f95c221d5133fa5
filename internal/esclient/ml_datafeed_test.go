package esclient

import (
	"context"
	"reflect"
	"testing"
)

// Finding a job's datafeed: GET job embeds it from 7.15; GET datafeeds
// names each datafeed's job on every version.
const (
	jobWithDatafeed    = `{"count":1,"jobs":[{"job_id":"my-job","job_type":"anomaly_detector","job_version":"12.0.0","create_time":1700000000000,"datafeed_config":{"datafeed_id":"feed-for-my-job","job_id":"my-job","query_delay":"60s","indices":["logs"]},"analysis_config":{"bucket_span":"15m"},"allow_lazy_open":false}]}`
	jobWithoutDatafeed = `{"count":1,"jobs":[{"job_id":"my-job","job_type":"anomaly_detector","create_time":1700000000000,"analysis_config":{"bucket_span":"15m"},"allow_lazy_open":false}]}`
	allDatafeeds       = `{"count":2,"datafeeds":[{"datafeed_id":"feed-for-my-job","job_id":"my-job","query_delay":"60s"},{"datafeed_id":"my-job","job_id":"other-job","query_delay":"60s"}]}`
	noDatafeeds        = `{"count":0,"datafeeds":[]}`
)

func info(number, flavor string) fakeAnswer {
	return ok(`{"name":"n","cluster_name":"c","version":{"number":"` + number + `","build_flavor":"` + flavor + `"},"tagline":"You Know, for Search"}`)
}

func TestJobDatafeedID(t *testing.T) {
	const getJob, getDatafeeds = "GET /_ml/anomaly_detectors/my-job", "GET /_ml/datafeeds"
	cases := []struct {
		name     string
		answers  map[string]fakeAnswer
		want     string
		wantSent string // the one request after GET /
	}{
		{"7.15: from the job", map[string]fakeAnswer{"GET /": info("7.15.0", "default"), getJob: ok(jobWithDatafeed)}, "feed-for-my-job", getJob},
		{"8.x: job without a datafeed", map[string]fakeAnswer{"GET /": info("8.19.0", "default"), getJob: ok(jobWithoutDatafeed)}, "", getJob},
		{"serverless: from the job", map[string]fakeAnswer{"GET /": info("8.11.0", "serverless"), getJob: ok(jobWithDatafeed)}, "feed-for-my-job", getJob},
		{"7.14: from the list", map[string]fakeAnswer{"GET /": info("7.14.2", "default"), getDatafeeds: ok(allDatafeeds)}, "feed-for-my-job", getDatafeeds},
		{"7.14: none in the list", map[string]fakeAnswer{"GET /": info("7.14.2", "default"), getDatafeeds: ok(noDatafeeds)}, "", getDatafeeds},
		{"version unknown: from the list", map[string]fakeAnswer{"GET /": {403, bodyForbidden}, getDatafeeds: ok(allDatafeeds)}, "feed-for-my-job", getDatafeeds},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeClient(t, tc.answers)
			got, err := c.JobDatafeedID(context.Background(), "my-job")
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
			if sent := f.sent(); !reflect.DeepEqual(sent, []string{"GET /", tc.wantSent}) {
				t.Fatalf("sent %v", sent)
			}
		})
	}
}

func TestJobDatafeedIDOfAMissingJob(t *testing.T) {
	c, _ := newFakeClient(t, map[string]fakeAnswer{"GET /": info("8.19.0", "default"), "GET /_ml/anomaly_detectors/gone": {404, bodyJobNotFound}})
	if _, err := c.JobDatafeedID(context.Background(), "gone"); !IsJobNotFound(err) {
		t.Fatalf("got %v", err)
	}
}
