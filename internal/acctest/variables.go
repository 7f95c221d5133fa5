package acctest

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-testing/config"
)

// Variables builds a test configuration's variables: job_id, then pairs of
// name and value (string, bool, []string, map[string]string, or
// json.RawMessage for what the others cannot say, such as a map with null
// values).
func Variables(jobID string, kv ...any) config.Variables {
	return variables("job_id", jobID, kv)
}

// TransformVariables is Variables for a configuration of a transform:
// transform_id, then pairs of name and value.
func TransformVariables(transformID string, kv ...any) config.Variables {
	return variables("transform_id", transformID, kv)
}

func variables(idName, id string, kv []any) config.Variables {
	v := config.Variables{idName: config.StringVariable(id)}
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		switch val := kv[i+1].(type) {
		case string:
			v[name] = config.StringVariable(val)
		case bool:
			v[name] = config.BoolVariable(val)
		case []string:
			var l []config.Variable
			for _, s := range val {
				l = append(l, config.StringVariable(s))
			}
			v[name] = config.ListVariable(l...)
		case map[string]string:
			m := map[string]config.Variable{}
			for k, s := range val {
				m[k] = config.StringVariable(s)
			}
			v[name] = config.MapVariable(m)
		case json.RawMessage:
			v[name] = rawJSON(val)
		default:
			panic(fmt.Sprintf("variable %s: unsupported type %T", name, val))
		}
	}
	return v
}

// rawJSON is a variable value written as JSON, as Terraform reads it from
// a .tfvars.json file.
type rawJSON json.RawMessage

func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }
