package resetdiag

import (
	"errors"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// The reset's wording of the errors every operation can meet is its own and
// stays word for word: other operations name themselves and their
// privilege, the reset keeps what its users and tests already read.
func TestResetWordingIsExact(t *testing.T) {
	forbidden := &esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [bob]"}
	cases := []struct {
		name            string
		err             error
		summary, detail string
	}{
		{
			"403", forbidden, "Missing Elasticsearch privilege",
			`Resetting job "web" needs the manage_ml cluster privilege (close and reset). ` +
				"Elasticsearch said: HTTP 403 [security_exception]: action [cluster:admin/xpack/ml/job/reset] is unauthorized for user [bob]",
		},
		{
			"403 stored in a task", &esclient.TaskFailedError{TaskID: "n:1", Err: &esclient.Error{Type: "security_exception", Reason: "action [x] is unauthorized for user [bob]"}},
			"Missing Elasticsearch privilege",
			`Resetting job "web" needs the manage_ml cluster privilege (close and reset). ` +
				"Elasticsearch said: task n:1 ended with [security_exception] action [x] is unauthorized for user [bob]",
		},
		{
			"401", &esclient.Error{Status: 401, Type: "security_exception", Reason: "unable to authenticate user [bob]"},
			"Elasticsearch rejected the credentials",
			"Check username and password, api_key or bearer_token (or their ELASTICSEARCH_* variables). " +
				"Elasticsearch said: HTTP 401 [security_exception]: unable to authenticate user [bob]",
		},
		{
			"5xx", &esclient.Error{Status: 500, Type: "exception", Reason: "disk full"},
			`Reset of ML job "web" failed`, "Elasticsearch said: HTTP 500 [exception]: disk full",
		},
		{
			"no answer", &esclient.TransportError{Method: "POST", Path: "/x", Err: errors.New("connection refused")},
			"Cannot reach Elasticsearch",
			"The request got no answer (is the endpoint right, the cluster up, its certificate trusted?). POST /x: connection refused",
		},
		{
			// A gateway's page reads as its title (esclient).
			"a gateway's answer", &esclient.Error{Status: 504, Reason: "504 Gateway Time-out"},
			`Reset of ML job "web" failed`, "The gateway in front of Elasticsearch answered: HTTP 504: 504 Gateway Time-out",
		},
		{
			"every call cut before it reached Elasticsearch", &esclient.WaitCutError{Err: &esclient.Error{Status: 502, Reason: "502 Bad Gateway"}},
			`Reset of ML job "web" never reached Elasticsearch`,
			`A gateway between Terraform and Elasticsearch (a load balancer or a proxy) cut every reset call before Elasticsearch answered, and job "web" ` +
				"shows no sign that any reached it. Check the gateway, then try again. The gateway answered: HTTP 502: 502 Bad Gateway",
		},
		{
			"the reason lost with the cut twice", &mlreset.OutcomeLostError{TaskID: "n:7", Cut: &esclient.WaitCutError{Err: &esclient.TransportError{Method: "POST", Path: "/x", Err: errors.New("EOF")}}},
			`Reset of ML job "web" failed`,
			"Reset task n:7 ended without completing the reset (it failed or was cancelled), and a gateway between Terraform and Elasticsearch " +
				`(a load balancer or a proxy) cut the answer that says why, again when the reset was sent once more. Job "web" stays blocked until a reset completes: ` +
				"find the reason in Elasticsearch's log, or raise the gateway's timeout, then try again. The connection dropped: POST /x: EOF",
		},
		{
			"not from Elasticsearch", errors.New("reading the answer of Elasticsearch: unexpected EOF"),
			`Reset of ML job "web" failed`, "reading the answer of Elasticsearch: unexpected EOF",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ex := Describe(ResetOf("web"), tc.err)
			if ex.Summary != tc.summary || ex.Detail != tc.detail {
				t.Errorf("got\n  %q\n  %q\nwant\n  %q\n  %q", ex.Summary, ex.Detail, tc.summary, tc.detail)
			}
		})
	}
}
