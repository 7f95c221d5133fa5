package mljobreset_test

import (
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-testing/config"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

const resourceName = "elasticsearch_ml_job_reset.test"

// configDir is the one configuration the tests drive through variables.
var configDir = config.StaticDirectory("testdata/reset")

// vars builds the configuration's variables: job_id plus pairs of name and
// value (string, bool or map[string]string).
func vars(jobID string, kv ...any) config.Variables {
	v := config.Variables{"job_id": config.StringVariable(jobID)}
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		switch val := kv[i+1].(type) {
		case string:
			v[name] = config.StringVariable(val)
		case bool:
			v[name] = config.BoolVariable(val)
		case map[string]string:
			m := map[string]config.Variable{}
			for k, s := range val {
				m[k] = config.StringVariable(s)
			}
			v[name] = config.MapVariable(m)
		default:
			panic(fmt.Sprintf("unsupported variable type %T", val))
		}
	}
	return v
}

func closeCall(jobID string, query ...string) string {
	return call("POST", "/_ml/anomaly_detectors/"+jobID+"/_close", query...)
}

func resetCall(jobID string, query ...string) string {
	return call("POST", "/_ml/anomaly_detectors/"+jobID+"/_reset", query...)
}

func taskPoll(taskID string) string {
	return call("GET", "/_tasks/"+taskID, "timeout", "x", "wait_for_completion", "true")
}

// call formats a request like acctest.ResetCalls does; query is pairs of
// name and value.
func call(method, path string, query ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(query); i += 2 {
		q.Set(query[i], query[i+1])
	}
	return acctest.Call(method, path, q)
}
