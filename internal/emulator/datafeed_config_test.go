package emulator

import "testing"

// GET job embeds the job's datafeed config from 7.15 on, not on 7.14.
func TestGetJobDatafeedConfigFrom715(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    bool
	}{{"7.14.2", false}, {"7.15.0", true}, {"8.17.0", true}} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			sourceWithJob(t, s, u)
			r := do(t, es, "GET", "/_ml/anomaly_detectors/j1", "")
			j := r.body["jobs"].([]any)[0].(map[string]any)
			dc, has := j["datafeed_config"].(map[string]any)
			if has != tc.want {
				t.Fatalf("datafeed_config present %v, want %v: %s", has, tc.want, r.raw)
			}
			if has && (dc["datafeed_id"] != "df1" || dc["job_id"] != "j1") {
				t.Fatalf("datafeed_config %v", dc)
			}
		})
	}
}
