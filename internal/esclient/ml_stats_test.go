package esclient

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// Stats as Elasticsearch answers them: job stats and datafeed stats.
const (
	statsOpenedJob = `{"count":1,"jobs":[{"job_id":"my-job","data_counts":{"job_id":"my-job","processed_record_count":86275,"processed_field_count":172550,"input_bytes":6744714,"input_field_count":172550,"invalid_date_count":0,"missing_field_count":0,"out_of_order_timestamp_count":0,"empty_bucket_count":0,"sparse_bucket_count":1,"bucket_count":1199,"earliest_record_timestamp":1486425600000,"latest_record_timestamp":1486511998000,"last_data_time":1700000000000,"input_record_count":86275},"model_size_stats":{"job_id":"my-job","result_type":"model_size_stats","model_bytes":1322464,"total_by_field_count":3},"forecasts_stats":{"total":0,"forecasted_jobs":0},"state":"opened","node":{"id":"oTUltX4IQMOUUVeiohTt8A","name":"node-0","ephemeral_id":"e","transport_address":"127.0.0.1:9300","attributes":{"ml.machine_memory":"17179869184"}},"assignment_explanation":"","open_time":"13s","timing_stats":{"job_id":"my-job","bucket_count":1199,"total_bucket_processing_time_ms":512.0}}]}`
	statsResetJob  = `{"count":1,"jobs":[{"job_id":"my-job","data_counts":{"job_id":"my-job","processed_record_count":0,"processed_field_count":0,"input_bytes":0,"input_field_count":0,"invalid_date_count":0,"missing_field_count":0,"out_of_order_timestamp_count":0,"empty_bucket_count":0,"sparse_bucket_count":0,"bucket_count":0,"input_record_count":0},"model_size_stats":{"job_id":"my-job","result_type":"model_size_stats","model_bytes":0},"forecasts_stats":{"total":0,"forecasted_jobs":0},"state":"closed","timing_stats":{"job_id":"my-job","bucket_count":0,"total_bucket_processing_time_ms":0.0}}]}`
	statsLazyJob   = `{"count":1,"jobs":[{"job_id":"my-job","data_counts":{"job_id":"my-job","processed_record_count":0},"forecasts_stats":{"total":0},"state":"opening","assignment_explanation":"persistent task is awaiting node assignment.","timing_stats":{"job_id":"my-job","bucket_count":0}}]}`
	statsGroupHit  = `{"count":2,"jobs":[{"job_id":"my-job","data_counts":{},"state":"failed"},{"job_id":"my-job-2","data_counts":{},"state":"opened"}]}`

	statsRealTimeFeed = `{"count":1,"datafeeds":[{"datafeed_id":"my-df","state":"started","node":{"id":"n","name":"node-0","ephemeral_id":"e","transport_address":"127.0.0.1:9300","attributes":{"ml.machine_memory":"1"}},"assignment_explanation":"","timing_stats":{"job_id":"my-job","search_count":7,"bucket_count":743,"total_search_time_ms":134.0,"average_search_time_per_bucket_ms":0.18},"running_state":{"real_time_configured":true,"real_time_running":true,"search_interval":{"start_ms":1700000000000,"end_ms":1700000060000}}}]}`
	statsLookbackFeed = `{"count":1,"datafeeds":[{"datafeed_id":"my-df","state":"started","assignment_explanation":"","timing_stats":{"job_id":"my-job","search_count":1,"bucket_count":0,"total_search_time_ms":3.0},"running_state":{"real_time_configured":false,"real_time_running":false}}]}`
	statsStoppedFeed  = `{"count":1,"datafeeds":[{"datafeed_id":"my-df","state":"stopped","timing_stats":{"job_id":"my-job","search_count":0,"bucket_count":0,"total_search_time_ms":0.0}}]}`
)

func TestJobStats(t *testing.T) {
	cases := []struct {
		name, body string
		want       JobStats
	}{
		{"opened, with data", statsOpenedJob, JobStats{
			State: JobOpened, ProcessedRecordCount: 86275, ModelBytes: 1322464,
			EarliestRecord: time.UnixMilli(1486425600000).UTC(), LatestRecord: time.UnixMilli(1486511998000).UTC(),
		}},
		{"just reset", statsResetJob, JobStats{State: JobClosed}},
		{"opening lazily", statsLazyJob, JobStats{State: JobOpening, AssignmentExplanation: "persistent task is awaiting node assignment."}},
		{"id that also names a group", statsGroupHit, JobStats{State: JobFailed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, f := newFakeClient(t, map[string]fakeAnswer{"GET /_ml/anomaly_detectors/my-job/_stats": ok(tc.body)})
			got, err := c.JobStats(context.Background(), "my-job")
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, tc.want)
			}
			if sent := f.sent(); !reflect.DeepEqual(sent, []string{"GET /_ml/anomaly_detectors/my-job/_stats"}) {
				t.Fatalf("sent %v", sent)
			}
		})
	}
}

func TestStatsOfWhatIsMissing(t *testing.T) {
	c, _ := newFakeClient(t, map[string]fakeAnswer{
		"GET /_ml/anomaly_detectors/gone/_stats": {404, bodyJobNotFound},
		"GET /_ml/anomaly_detectors/grp/_stats":  ok(statsGroupHit), // a group, not a job
		"GET /_ml/datafeeds/gone/_stats":         {404, bodyDatafeedNotFound},
		"GET /_ml/datafeeds/other/_stats":        ok(statsStoppedFeed),
	})
	ctx := context.Background()
	if _, err := c.JobStats(ctx, "gone"); !IsJobNotFound(err) {
		t.Errorf("missing job: %v", err)
	}
	if _, err := c.JobStats(ctx, "grp"); !IsJobNotFound(err) {
		t.Errorf("a group's name: %v", err)
	}
	if _, err := c.DatafeedStats(ctx, "gone"); !IsDatafeedNotFound(err) {
		t.Errorf("missing datafeed: %v", err)
	}
	if _, err := c.DatafeedStats(ctx, "other"); !IsDatafeedNotFound(err) {
		t.Errorf("answer without the datafeed: %v", err)
	}
}

func TestDatafeedStats(t *testing.T) {
	cases := []struct {
		name, body string
		want       DatafeedStats
		realTime   bool
	}{
		{"real time", statsRealTimeFeed, DatafeedStats{State: DatafeedStarted, JobID: "my-job", RunningState: &RunningState{RealTimeConfigured: true, RealTimeRunning: true}}, true},
		{"lookback with an end", statsLookbackFeed, DatafeedStats{State: DatafeedStarted, JobID: "my-job", RunningState: &RunningState{}}, false},
		{"stopped: no running_state", statsStoppedFeed, DatafeedStats{State: DatafeedStopped, JobID: "my-job"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeClient(t, map[string]fakeAnswer{"GET /_ml/datafeeds/my-df/_stats": ok(tc.body)})
			got, err := c.DatafeedStats(context.Background(), "my-df")
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, tc.want)
			}
			if got.RunsInRealTime() != tc.realTime {
				t.Fatalf("RunsInRealTime = %v", got.RunsInRealTime())
			}
		})
	}
}
