package diagnostics

import "github.com/hashicorp/terraform-plugin-framework/diag"

// MissingEndpoint is the error of an operation that needs the cluster when
// the provider was given no address.
func MissingEndpoint() diag.Diagnostic {
	return diag.NewErrorDiagnostic("No Elasticsearch endpoint configured",
		"The elasticsearch provider needs the address of the cluster: set endpoints in the provider block or the ELASTICSEARCH_ENDPOINTS environment variable.")
}
