package diagnostics

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Explanation is a diagnostic a person can act on.
type Explanation struct {
	Summary, Detail string
}

// Error is the error diagnostic of a failed request of the operation.
func (o Operation) Error(err error) diag.Diagnostic {
	ex := o.Describe(err)
	return diag.NewErrorDiagnostic(ex.Summary, ex.Detail)
}

// Describe explains a failed request of the operation, by asking the
// client what the error means. Every detail names the operation and its
// object, and ends with the error, which carries Elasticsearch's reason
// when it gave one. What the operation expects (a job not found, no match)
// is for the operation to word before it asks.
func (o Operation) Describe(err error) Explanation {
	doing := o.Doing + " " + o.Object
	switch {
	case esclient.IsUnreachable(err):
		return Explanation{"Cannot reach Elasticsearch",
			doing + ": the request got no answer (is the endpoint right, the cluster up, its certificate trusted?). " + err.Error()}
	case esclient.IsCredentialsRejected(err):
		return Explanation{"Elasticsearch rejected the credentials",
			doing + ": check username and password, api_key or bearer_token (or their ELASTICSEARCH_* variables). " + said(err)}
	case esclient.IsForbidden(err):
		return o.MissingPrivilege(err)
	}
	detail := err.Error()
	if _, fromElasticsearch := esclient.AsError(err); fromElasticsearch {
		detail = said(err)
	}
	return Explanation{fmt.Sprintf("%s %s failed", o.Doing, o.named()), detail}
}

// MissingPrivilege explains a request refused for want of a privilege
// (403), naming the one the operation needs.
func (o Operation) MissingPrivilege(err error) Explanation {
	return Explanation{"Missing Elasticsearch privilege",
		fmt.Sprintf("%s %s needs the %s cluster privilege (%s). %s", o.Doing, o.Object, o.Privilege, o.Requests, said(err))}
}

// named is the object as a summary names it, after its feature.
func (o Operation) named() string {
	if o.Feature == "" {
		return o.Object
	}
	return o.Feature + " " + o.Object
}

func said(err error) string { return "Elasticsearch said: " + err.Error() }
