package diagnostics

import (
	"errors"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Each read names itself, its object and monitor_ml when refused, and
// itself and its object when it fails otherwise; Elasticsearch's reason
// is kept either way.
func TestReadsNameThemselvesAndMonitorML(t *testing.T) {
	forbidden := &esclient.Error{Status: 403, Type: "security_exception",
		Reason: "action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]"}
	unavailable := &esclient.Error{Status: 500, Type: "exception", Reason: "shard failure reading .ml-config"}
	cases := []struct {
		op                       Operation
		forbiddenDetail          string
		failedSummary, failedWhy string
	}{
		{
			Refresh("web"),
			`Refreshing job "web" needs the monitor_ml cluster privilege (get jobs). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]`,
			`Refreshing ML job "web" failed`, "Elasticsearch said: HTTP 500 [exception]: shard failure reading .ml-config",
		},
		{
			Import("web"),
			`Importing job "web" needs the monitor_ml cluster privilege (get jobs). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]`,
			`Importing ML job "web" failed`, "Elasticsearch said: HTTP 500 [exception]: shard failure reading .ml-config",
		},
		{
			List("web-*"),
			`Listing jobs "web-*" needs the monitor_ml cluster privilege (get jobs). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]`,
			`Listing ML jobs "web-*" failed`, "Elasticsearch said: HTTP 500 [exception]: shard failure reading .ml-config",
		},
		{
			ReadJob("web"),
			`Reading job "web" needs the monitor_ml cluster privilege (get jobs, job statistics and datafeed statistics). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]`,
			`Reading ML job "web" failed`, "Elasticsearch said: HTTP 500 [exception]: shard failure reading .ml-config",
		},
		{
			ReadJobs("_all"),
			`Reading jobs "_all" needs the monitor_ml cluster privilege (get jobs and job statistics). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/xpack/ml/job/get] is unauthorized for user [viewer]`,
			`Reading ML jobs "_all" failed`, "Elasticsearch said: HTTP 500 [exception]: shard failure reading .ml-config",
		},
	}
	for _, tc := range cases {
		t.Run(tc.op.Doing+" "+tc.op.Object, func(t *testing.T) {
			ex := tc.op.Describe(forbidden)
			if ex.Summary != "Missing Elasticsearch privilege" || ex.Detail != tc.forbiddenDetail {
				t.Errorf("403: got %q / %q, want the privilege missing / %q", ex.Summary, ex.Detail, tc.forbiddenDetail)
			}
			if strings.Contains(ex.Summary+ex.Detail, ManageML) {
				t.Errorf("403 of a read names %s: %q", ManageML, ex.Detail)
			}
			ex = tc.op.Describe(unavailable)
			if ex.Summary != tc.failedSummary || ex.Detail != tc.failedWhy {
				t.Errorf("500: got %q / %q, want %q / %q", ex.Summary, ex.Detail, tc.failedSummary, tc.failedWhy)
			}
		})
	}
}

// The transform reads name themselves, the transform (or expression) and
// monitor_transform; their summaries say "transform", not "ML".
func TestTransformReadsNameMonitorTransform(t *testing.T) {
	forbidden := &esclient.Error{Status: 403, Type: "security_exception",
		Reason: "action [cluster:monitor/transform/get] is unauthorized for user [viewer]"}
	unavailable := &esclient.Error{Status: 500, Type: "exception", Reason: "shard failure reading .transform-internal-007"}
	cases := []struct {
		op                     Operation
		forbiddenDetail, fails string
	}{
		{
			ReadTransform("ecommerce"),
			`Reading transform "ecommerce" needs the monitor_transform cluster privilege (get transforms and transform statistics). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/transform/get] is unauthorized for user [viewer]`,
			`Reading transform "ecommerce" failed`,
		},
		{
			ReadTransforms("ecommerce-*"),
			`Reading transforms "ecommerce-*" needs the monitor_transform cluster privilege (get transforms and transform statistics). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:monitor/transform/get] is unauthorized for user [viewer]`,
			`Reading transforms "ecommerce-*" failed`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.op.Object, func(t *testing.T) {
			if ex := tc.op.Describe(forbidden); ex.Summary != "Missing Elasticsearch privilege" || ex.Detail != tc.forbiddenDetail {
				t.Errorf("403: got %q / %q, want the privilege missing / %q", ex.Summary, ex.Detail, tc.forbiddenDetail)
			}
			ex := tc.op.Describe(unavailable)
			if ex.Summary != tc.fails || ex.Detail != "Elasticsearch said: HTTP 500 [exception]: shard failure reading .transform-internal-007" {
				t.Errorf("500: got %q / %q, want %q and Elasticsearch's reason", ex.Summary, ex.Detail, tc.fails)
			}
		})
	}
}

// A missing privilege of the reset names manage_ml and what needs it.
func TestResetNeedsManageML(t *testing.T) {
	ex := Reset("web").MissingPrivilege(&esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:admin/xpack/ml/job/reset] is unauthorized"})
	want := `Resetting job "web" needs the manage_ml cluster privilege (close and reset). Elasticsearch said: HTTP 403 [security_exception]: action [cluster:admin/xpack/ml/job/reset] is unauthorized`
	if ex.Detail != want {
		t.Errorf("got %q, want %q", ex.Detail, want)
	}
}

// Errors that are not about the operation's privilege still name the
// operation and its object.
func TestOtherErrorsNameTheOperation(t *testing.T) {
	op := Refresh("web")
	cases := []struct {
		name            string
		err             error
		summary, detail string
	}{
		{
			"no answer", &esclient.TransportError{Method: "GET", Path: "/_ml/anomaly_detectors/web", Err: errors.New("connection refused")},
			"Cannot reach Elasticsearch",
			`Refreshing job "web": the request got no answer (is the endpoint right, the cluster up, its certificate trusted?). GET /_ml/anomaly_detectors/web: connection refused`,
		},
		{
			"401", &esclient.Error{Status: 401, Type: "security_exception", Reason: "unable to authenticate user [bob]"},
			"Elasticsearch rejected the credentials",
			`Refreshing job "web": check username and password, api_key or bearer_token (or their ELASTICSEARCH_* variables). Elasticsearch said: HTTP 401 [security_exception]: unable to authenticate user [bob]`,
		},
		{
			"not from Elasticsearch", errors.New("reading the answer of Elasticsearch: unexpected EOF"),
			`Refreshing ML job "web" failed`, "reading the answer of Elasticsearch: unexpected EOF",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ex := op.Describe(tc.err)
			if ex.Summary != tc.summary || ex.Detail != tc.detail {
				t.Errorf("got\n  %q\n  %q\nwant\n  %q\n  %q", ex.Summary, ex.Detail, tc.summary, tc.detail)
			}
		})
	}
}
