package diagnostics

import (
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Operations on a transform name it as a transform, not an ML object, and
// the transform privilege each needs: reads monitor_transform, the reset
// manage_transform.
func TestTransformOperations(t *testing.T) {
	forbidden := &esclient.Error{Status: 403, Type: "security_exception", Reason: "action [cluster:monitor/transform/get] is unauthorized for user [viewer]"}
	unavailable := &esclient.Error{Status: 500, Type: "exception", Reason: "shard failure"}
	for _, tc := range []struct {
		op                       Operation
		forbiddenDetail, summary string
	}{
		{RefreshTransform("sales"),
			`Refreshing transform "sales" needs the monitor_transform cluster privilege (get transforms). Elasticsearch said: ` + forbidden.Error(),
			`Refreshing transform "sales" failed`},
		{ImportTransform("sales"),
			`Importing transform "sales" needs the monitor_transform cluster privilege (get transforms). Elasticsearch said: ` + forbidden.Error(),
			`Importing transform "sales" failed`},
		{ResetTransform("sales"),
			`Resetting transform "sales" needs the manage_transform cluster privilege (stop, reset and start). Elasticsearch said: ` + forbidden.Error(),
			`Resetting transform "sales" failed`},
	} {
		t.Run(tc.op.Doing, func(t *testing.T) {
			ex := tc.op.Describe(forbidden)
			if ex.Summary != "Missing Elasticsearch privilege" || ex.Detail != tc.forbiddenDetail {
				t.Errorf("403: got %q / %q, want %q", ex.Summary, ex.Detail, tc.forbiddenDetail)
			}
			ex = tc.op.Describe(unavailable)
			if ex.Summary != tc.summary || ex.Detail != "Elasticsearch said: "+unavailable.Error() || strings.Contains(ex.Summary, "ML") {
				t.Errorf("500: got %q / %q, want %q", ex.Summary, ex.Detail, tc.summary)
			}
		})
	}
}
