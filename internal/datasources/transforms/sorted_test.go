package transforms

import (
	"reflect"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// A transform listed on two pages (pushed on by one created during the
// read) appears once, and the list is sorted whatever order it came in.
func TestSortedOnce(t *testing.T) {
	in := []esclient.Transform{{ID: "c"}, {ID: "a", DestIndex: "first"}, {ID: "b"}, {ID: "a", DestIndex: "again"}}
	got := sortedOnce(in)
	var ids []string
	for _, tr := range got {
		ids = append(ids, tr.ID)
	}
	if !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Fatalf("got %q, want a, b, c once each", ids)
	}
	if len(sortedOnce(nil)) != 0 {
		t.Fatal("nothing in, something out")
	}
}
