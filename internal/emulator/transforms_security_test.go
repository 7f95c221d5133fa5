package emulator

import (
	"strings"
	"testing"
)

// Transform APIs need manage_transform to change a transform and
// monitor_transform (or more) to read one; the built-in transform_admin
// and transform_user roles hold them. PUT also checks the creator's index
// privileges, GET _mapping needs view_index_metadata.
func TestTransformPrivileges(t *testing.T) {
	s, u := start(t, WithSecurity())
	s.AddUser("admin", "admin-pw", "superuser")
	s.AddUser("tadmin", "tadmin-pw", "transform_admin")
	s.AddUser("tuser", "tuser-pw", "transform_user")
	s.AddUser("ml", "ml-pw", "manage_ml")
	s.AddUser("mon", "mon-pw", "monitor")
	admin, _ := basic(t, u, "admin", "admin-pw")
	tadmin, _ := basic(t, u, "tadmin", "tadmin-pw")
	tuser, _ := basic(t, u, "tuser", "tuser-pw")
	ml, _ := basic(t, u, "ml", "ml-pw")
	mon, _ := basic(t, u, "mon", "mon-pw")

	fillSales(t, admin, "sales", 4, 2)
	// transform_admin alone has no access to the indices: PUT refuses.
	wantErr(t, do(t, tadmin, "PUT", "/_transform/tf", pivotBody("sales", "out", "")), 403, "security_exception",
		"Cannot create transform [tf] because user tadmin lacks the required permissions [sales:[read, view_index_metadata], out:[read, index, create_index]]")
	// Unless validation is deferred.
	if r := do(t, tadmin, "PUT", "/_transform/deferred?defer_validation=true", pivotBody("sales", "out", "")); r.status != 200 {
		t.Fatalf("deferred: %s", r.raw)
	}
	putTransform(t, admin, "tf", pivotBody("sales", "out", ""))

	// GET shows who created it.
	r := do(t, admin, "GET", "/_transform/tf", "")
	if !strings.Contains(r.raw, `"authorization":{"roles":["superuser"]}`) {
		t.Fatalf("authorization: %s", r.raw)
	}

	// Reads: transform_user, monitor and transform_admin; not manage_ml.
	for _, c := range []struct {
		name string
		es   func() response
	}{
		{"transform_user get", func() response { return do(t, tuser, "GET", "/_transform/tf", "") }},
		{"transform_user stats", func() response { return do(t, tuser, "GET", "/_transform/tf/_stats", "") }},
		{"monitor stats", func() response { return do(t, mon, "GET", "/_transform/tf/_stats", "") }},
		{"transform_admin stats", func() response { return do(t, tadmin, "GET", "/_transform/tf/_stats", "") }},
	} {
		if r := c.es(); r.status != 200 {
			t.Errorf("%s: %s", c.name, r.raw)
		}
	}
	wantErr(t, do(t, ml, "GET", "/_transform/tf/_stats", ""), 403, "security_exception",
		"action [cluster:monitor/transform/stats/get] is unauthorized for user [ml] with effective roles [ml_role], this action is granted by the cluster privileges [monitor_transform,monitor,manage_transform,manage,all]")

	// Changes: transform_admin only.
	for _, call := range []string{"/_transform/tf/_start", "/_transform/tf/_stop", "/_transform/tf/_reset"} {
		action := "cluster:admin/transform/" + call[strings.LastIndex(call, "_")+1:]
		wantErr(t, do(t, tuser, "POST", call, ""), 403, "security_exception",
			"action ["+action+"] is unauthorized for user [tuser] with effective roles [transform_user], this action is granted by the cluster privileges [manage_transform,manage,all]")
		wantErr(t, do(t, mon, "POST", call, ""), 403, "security_exception",
			"action ["+action+"] is unauthorized for user [mon] with effective roles [mon_role], this action is granted by the cluster privileges [manage_transform,manage,all]")
	}
	waitTransform(t, s, "tf", "stopped", func(tf TransformSnapshot) bool { return tf.State == tfStopped })
	for _, call := range []string{"/_transform/tf/_start", "/_transform/tf/_stop?wait_for_completion=true", "/_transform/tf/_reset"} {
		if r := do(t, tadmin, "POST", call, ""); r.status != 200 {
			t.Fatalf("transform_admin %s: %s", call, r.raw)
		}
	}
	if tf, _ := s.Transform("tf"); tf.Resets != 1 {
		t.Fatalf("the refused calls reset: %+v", tf)
	}

	// Reading the destination's mapping needs view_index_metadata on it.
	wantErr(t, do(t, tadmin, "GET", "/sales/_mapping", ""), 403, "security_exception",
		"action [indices:admin/mappings/get] is unauthorized for user [tadmin] with effective roles [transform_admin] on indices [sales], this action is granted by the index privileges [view_index_metadata,manage,all]")
	if r := do(t, admin, "GET", "/sales/_mapping", ""); r.status != 200 {
		t.Fatalf("superuser mapping: %s", r.raw)
	}
}
