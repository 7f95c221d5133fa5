package esclient

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// Answers as Elasticsearch gives them: get jobs, job stats, datafeed stats.
const (
	jobsOfGroup = `{"count":2,"jobs":[` +
		`{"job_id":"checkout-a","job_type":"anomaly_detector","job_version":"12.0.0","create_time":1700000000123,"model_snapshot_id":"1700000900","groups":["checkout","web"],"description":"cart latency","analysis_config":{"bucket_span":"15m"},"allow_lazy_open":false},` +
		`{"job_id":"checkout-b","job_type":"anomaly_detector","job_version":"12.0.0","create_time":1700000000000,"groups":["checkout"],"analysis_config":{"bucket_span":"15m"},"allow_lazy_open":false,"blocked":{"reason":"reset","task_id":"node-1:77"}}]}`
	statsOfGroup = `{"count":2,"jobs":[` +
		`{"job_id":"checkout-a","data_counts":{"job_id":"checkout-a","processed_record_count":12,"earliest_record_timestamp":1700000001000,"latest_record_timestamp":1700000012000},"model_size_stats":{"job_id":"checkout-a","model_bytes":4096},"forecasts_stats":{"total":0},"state":"opened","assignment_explanation":""},` +
		`{"job_id":"checkout-b","data_counts":{"job_id":"checkout-b","processed_record_count":0},"state":"closed"}]}`
	emptyJobs = `{"count":0,"jobs":[]}`

	datafeedStats714 = `{"count":2,"datafeeds":[` +
		`{"datafeed_id":"feed-x","state":"stopped","timing_stats":{"job_id":"other-job","search_count":0}},` +
		`{"datafeed_id":"feed-for-my-job","state":"started","assignment_explanation":"","timing_stats":{"job_id":"my-job","search_count":3}}]}`
	myJobInGroupMyJob = `{"count":2,"jobs":[{"job_id":"my-job","create_time":1700000000000,"groups":["x"]},{"job_id":"my-job-2","create_time":1700000000000,"groups":["my-job"]}]}`
	statsMyFeed       = `{"count":1,"datafeeds":[{"datafeed_id":"feed-for-my-job","state":"stopped","timing_stats":{"job_id":"my-job","search_count":0}}]}`
	statsMyJob        = `{"count":1,"jobs":[{"job_id":"my-job","data_counts":{"job_id":"my-job","processed_record_count":5},"state":"opened"}]}`
)

func TestGetJobsAndStats(t *testing.T) {
	c, f := newFakeClient(t, map[string]fakeAnswer{
		"GET /_ml/anomaly_detectors/checkout":        ok(jobsOfGroup),
		"GET /_ml/anomaly_detectors/checkout/_stats": ok(statsOfGroup),
	})
	ctx := context.Background()
	jobs, err := c.GetJobs(ctx, "checkout", false)
	if err != nil {
		t.Fatal(err)
	}
	want := []JobInfo{
		{ID: "checkout-a", Groups: []string{"checkout", "web"}, Description: "cart latency", CreateTime: time.UnixMilli(1700000000123).UTC(), ModelSnapshotID: "1700000900"},
		{ID: "checkout-b", Groups: []string{"checkout"}, CreateTime: time.UnixMilli(1700000000000).UTC(), Blocked: &Blocked{Reason: "reset", TaskID: "node-1:77"}},
	}
	if !reflect.DeepEqual(jobs, want) {
		t.Fatalf("jobs:\n got %+v\nwant %+v", jobs, want)
	}
	stats, err := c.JobsStats(ctx, "checkout", false)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := map[string]JobStats{
		"checkout-a": {State: JobOpened, ProcessedRecordCount: 12, ModelBytes: 4096, EarliestRecord: time.UnixMilli(1700000001000).UTC(), LatestRecord: time.UnixMilli(1700000012000).UTC()},
		"checkout-b": {State: JobClosed},
	}
	if !reflect.DeepEqual(stats, wantStats) {
		t.Fatalf("stats:\n got %+v\nwant %+v", stats, wantStats)
	}
	// allow_no_match is always sent, so both requests agree on it.
	wantSent := []string{"GET /_ml/anomaly_detectors/checkout?allow_no_match=false", "GET /_ml/anomaly_detectors/checkout/_stats?allow_no_match=false"}
	if sent := f.sent(); !reflect.DeepEqual(sent, wantSent) {
		t.Fatalf("sent %v", sent)
	}
}

func TestGetJobsNoMatch(t *testing.T) {
	c, _ := newFakeClient(t, map[string]fakeAnswer{
		"GET /_ml/anomaly_detectors/nothing-*":        ok(emptyJobs),
		"GET /_ml/anomaly_detectors/nothing-*/_stats": ok(emptyJobs),
		"GET /_ml/anomaly_detectors/gone":             {404, bodyJobNotFound},
		"GET /_ml/anomaly_detectors/gone/_stats":      {404, bodyJobNotFound},
	})
	ctx := context.Background()
	if jobs, err := c.GetJobs(ctx, "nothing-*", true); err != nil || len(jobs) != 0 {
		t.Errorf("wildcard matching nothing: %v, %v", jobs, err)
	}
	if stats, err := c.JobsStats(ctx, "nothing-*", true); err != nil || len(stats) != 0 {
		t.Errorf("stats of a wildcard matching nothing: %v, %v", stats, err)
	}
	if _, err := c.GetJobs(ctx, "gone", true); !IsJobNotFound(err) {
		t.Errorf("missing exact id: %v", err)
	}
	if _, err := c.JobsStats(ctx, "gone", true); !IsJobNotFound(err) {
		t.Errorf("stats of a missing exact id: %v", err)
	}
}

func TestJobReport(t *testing.T) {
	const (
		getJob, getStats   = "GET /_ml/anomaly_detectors/my-job", "GET /_ml/anomaly_detectors/my-job/_stats"
		feedStats, allFeed = "GET /_ml/datafeeds/feed-for-my-job/_stats", "GET /_ml/datafeeds/_stats"
	)
	cases := []struct {
		name     string
		answers  map[string]fakeAnswer
		want     *JobDatafeed
		wantSent []string
	}{
		{
			"8.x: the datafeed GET job names", map[string]fakeAnswer{getJob: ok(jobWithDatafeed), getStats: ok(statsMyJob), feedStats: ok(statsMyFeed)},
			&JobDatafeed{ID: "feed-for-my-job", State: DatafeedStopped}, []string{getJob + "?allow_no_match=true", getStats, feedStats},
		},
		{
			"8.x: no datafeed", map[string]fakeAnswer{"GET /": info("8.19.0", "default"), getJob: ok(jobWithoutDatafeed), getStats: ok(statsMyJob)},
			nil, []string{getJob + "?allow_no_match=true", getStats, "GET /"},
		},
		{
			"7.14: found by the stats of every datafeed", map[string]fakeAnswer{"GET /": info("7.14.2", "default"), getJob: ok(jobWithoutDatafeed), getStats: ok(statsMyJob), allFeed: ok(datafeedStats714)},
			&JobDatafeed{ID: "feed-for-my-job", State: DatafeedStarted}, []string{getJob + "?allow_no_match=true", getStats, "GET /", allFeed},
		},
		{
			"7.14: none", map[string]fakeAnswer{"GET /": info("7.14.2", "default"), getJob: ok(jobWithoutDatafeed), getStats: ok(statsMyJob), allFeed: ok(noDatafeeds)},
			nil, []string{getJob + "?allow_no_match=true", getStats, "GET /", allFeed},
		},
		{
			"version unknown: the stats of every datafeed", map[string]fakeAnswer{"GET /": {403, bodyForbidden}, getJob: ok(jobWithoutDatafeed), getStats: ok(statsMyJob), allFeed: ok(datafeedStats714)},
			&JobDatafeed{ID: "feed-for-my-job", State: DatafeedStarted}, []string{getJob + "?allow_no_match=true", getStats, "GET /", allFeed},
		},
		{
			"datafeed deleted after GET job", map[string]fakeAnswer{getJob: ok(jobWithDatafeed), getStats: ok(statsMyJob), feedStats: {404, bodyDatafeedNotFound}},
			nil, []string{getJob + "?allow_no_match=true", getStats, feedStats},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeClient(t, tc.answers)
			got, err := c.JobReport(context.Background(), "my-job")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != "my-job" || got.Stats.State != JobOpened || got.Stats.ProcessedRecordCount != 5 || !got.CreateTime.Equal(time.UnixMilli(1700000000000)) {
				t.Fatalf("report %+v", got)
			}
			if !reflect.DeepEqual(got.Datafeed, tc.want) {
				t.Fatalf("datafeed %+v, want %+v", got.Datafeed, tc.want)
			}
			if sent := f.sent(); !reflect.DeepEqual(sent, tc.wantSent) {
				t.Fatalf("sent %v\nwant %v", sent, tc.wantSent)
			}
		})
	}
}

func TestJobReportOfWhatIsNotAJob(t *testing.T) {
	c, f := newFakeClient(t, map[string]fakeAnswer{
		"GET /_ml/anomaly_detectors/gone":   {404, bodyJobNotFound},
		"GET /_ml/anomaly_detectors/my-job": ok(myJobInGroupMyJob),
	})
	if _, err := c.JobReport(context.Background(), "gone"); !IsJobNotFound(err) {
		t.Errorf("missing job: %v", err)
	}
	// A group named like the job matches other jobs too: only the job
	// itself counts, and a group without that job is no job.
	f.answers["GET /_ml/anomaly_detectors/my-job"] = ok(`{"count":1,"jobs":[{"job_id":"my-job-2","groups":["my-job"]}]}`)
	if _, err := c.JobReport(context.Background(), "my-job"); !IsJobNotFound(err) {
		t.Errorf("a group's name: %v", err)
	}
}
