package tfvalue

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestTimestamp(t *testing.T) {
	if got := Timestamp(time.Time{}); !got.IsNull() {
		t.Errorf("zero time: got %v, want null", got)
	}
	paris := time.FixedZone("CEST", 2*60*60)
	for in, want := range map[time.Time]string{
		time.Date(2025, 6, 1, 14, 30, 0, 0, paris):           "2025-06-01T12:30:00Z",
		time.Date(2025, 6, 1, 12, 30, 0, 250_000_000, paris): "2025-06-01T10:30:00.25Z",
	} {
		if got := Timestamp(in); got != types.StringValue(want) {
			t.Errorf("Timestamp(%v) = %v, want %q", in, got, want)
		}
	}
}

func TestStringOrNull(t *testing.T) {
	if got := StringOrNull(""); !got.IsNull() {
		t.Errorf(`"": got %v, want null`, got)
	}
	if got := StringOrNull("red"); got != types.StringValue("red") {
		t.Errorf(`"red": got %v`, got)
	}
}

func TestStrings(t *testing.T) {
	if got := Strings(nil); got.IsNull() || len(got.Elements()) != 0 {
		t.Errorf("nil: got %v, want an empty list", got)
	}
	if got := Strings([]string{"a", "b"}); got.String() != `["a","b"]` {
		t.Errorf("a, b: got %v", got)
	}
}
