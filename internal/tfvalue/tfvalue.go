// Package tfvalue turns what Elasticsearch answered into Terraform values
// the same way in every data source: times as RFC 3339 in UTC, absent
// strings as null, absent lists as empty.
package tfvalue

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Timestamp renders a time as RFC 3339 in UTC, with the milliseconds
// Elasticsearch keeps when there are any; null for the zero time (absent).
func Timestamp(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339Nano))
}

// StringOrNull is null for "" (Elasticsearch left the field out).
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// Strings is a list of strings, empty rather than null when there are
// none, so that contains() and length() work on every object.
func Strings(s []string) types.List {
	elems := make([]attr.Value, len(s))
	for i, v := range s {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}
