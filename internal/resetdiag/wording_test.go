package resetdiag

import (
	"errors"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
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
			"not from Elasticsearch", errors.New("reading the answer of Elasticsearch: unexpected EOF"),
			`Reset of ML job "web" failed`, "reading the answer of Elasticsearch: unexpected EOF",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ex := DescribeError("web", tc.err)
			if ex.Summary != tc.summary || ex.Detail != tc.detail {
				t.Errorf("got\n  %q\n  %q\nwant\n  %q\n  %q", ex.Summary, ex.Detail, tc.summary, tc.detail)
			}
		})
	}
}
