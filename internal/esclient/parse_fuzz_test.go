package esclient

import (
	"testing"
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

func FuzzParseTaskAndInfo(f *testing.F) {
	for _, seed := range []string{
		`{"completed":true,"task":{"node":"n","id":1},"response":{"acknowledged":true}}`,
		`{"completed":true,"error":{"type":"status_exception","reason":"x"}}`,
		`{"completed":false}`,
		`{"version":{"number":"8.19.0","build_flavor":"default"}}`,
		`{"version":{"number":"8.11.0","build_flavor":"serverless"}}`,
		`{"version":{"number":"not a version"}}`, `null`, `{"completed":"yes"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(_ *testing.T, body []byte) {
		if t, err := parseTask(body); err == nil && t.Completed {
			_ = t.outcome("n:1")
		}
		_, _ = parseInfo(body)
	})
}
