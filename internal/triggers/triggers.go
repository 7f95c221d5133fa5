// Package triggers decides when a resource whose creation is an operation
// (a reset, a revert) runs it again (DESIGN.md §2): when the non-null
// values of its triggers change (random's keepers rule), except on the
// first apply after an import, which adopts the object and records the
// triggers without running anything.
package triggers

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Same reports whether two triggers maps ask for the same operation.
//
// Only non-null values count (random's keepers rule): an omitted map, an
// empty map and a map whose values are all null are the same triggers, and
// a key with a null value is the same as no key. So an edit that changes
// nothing but how "no triggers" is written never runs the operation.
//
// A value not known yet may turn out to differ: it is not the same.
func Same(a, b types.Map) bool {
	aValues, aKnown := nonNull(a)
	bValues, bKnown := nonNull(b)
	if !aKnown || !bKnown || len(aValues) != len(bValues) {
		return false
	}
	for k, v := range aValues {
		if w, found := bValues[k]; !found || w != v {
			return false
		}
	}
	return true
}

// nonNull returns the keys with a value; known is false when the map or
// one of its values is unknown.
func nonNull(m types.Map) (values map[string]string, known bool) {
	if m.IsUnknown() {
		return nil, false
	}
	values = map[string]string{}
	for k, v := range m.Elements() {
		if v.IsUnknown() {
			return nil, false
		}
		if v.IsNull() {
			continue
		}
		s, ok := v.(types.String)
		if !ok {
			return nil, false // not a map of string: never equal
		}
		values[k] = s.ValueString()
	}
	return values, true
}
