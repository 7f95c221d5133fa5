package diagnostics

import (
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// The revert names manage_ml, the reads around it monitor_ml, each with
// the job and the snapshot.
func TestRevertAndItsReadsNameTheirPrivileges(t *testing.T) {
	forbidden := &esclient.Error{Status: 403, Type: "security_exception", Reason: "action [x] is unauthorized for user [bob]"}
	for _, tc := range []struct {
		op   Operation
		want string
	}{
		{Revert("web", "1700000000"), `Reverting job "web" to model snapshot "1700000000" needs the manage_ml cluster privilege (close and revert to a model snapshot). ` +
			"Elasticsearch said: HTTP 403 [security_exception]: action [x] is unauthorized for user [bob]"},
		{ReadSnapshot("web", "1700000000"), `Reading model snapshot "1700000000" of job "web" needs the monitor_ml cluster privilege (get model snapshots and job statistics). ` +
			"Elasticsearch said: HTTP 403 [security_exception]: action [x] is unauthorized for user [bob]"},
	} {
		if got := tc.op.Describe(forbidden).Detail; got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
