package emulator

import (
	"testing"

	"github.com/elastic/go-elasticsearch/v8"
)

const jobBody = `{"analysis_config":{"bucket_span":"1h","detectors":[{"function":"count"}]},"data_description":{"time_field":"time"}}`

func TestAnnotationAliasesAppearWithTheFirstJob(t *testing.T) {
	for _, tc := range []struct{ version, index string }{{"8.19.0", ".ml-annotations-000001"}, {"7.15.2", ".ml-annotations-6"}} {
		t.Run(tc.version, func(t *testing.T) {
			_, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			if r := do(t, es, "HEAD", "/_alias/.ml-annotations-write", ""); r.status != 404 {
				t.Fatalf("alias before any job: %d", r.status)
			}
			doc := `{"job_id":"j1","annotation":"deploy","create_username":"alice","type":"annotation","event":"user"}`
			wantErr(t, do(t, es, "POST", "/.ml-annotations-write/_doc?require_alias=true&refresh=true", doc), 404, "index_not_found_exception",
				"no such index [.ml-annotations-write] and [require_alias] request flag is [true] and [.ml-annotations-write] is not an alias")

			do(t, es, "PUT", "/_ml/anomaly_detectors/j1", jobBody)
			if r := do(t, es, "HEAD", "/_alias/.ml-annotations-write", ""); r.status != 200 {
				t.Fatalf("alias after PUT job: %d", r.status)
			}
			r := do(t, es, "POST", "/.ml-annotations-write/_doc?require_alias=true&refresh=true", doc)
			if r.status != 201 || r.body["_index"] != tc.index || r.body["result"] != "created" {
				t.Fatalf("write: %s", r.raw)
			}
			user := `{"query":{"bool":{"filter":[{"term":{"job_id":"j1"}}],"must_not":[{"term":{"create_username":"_xpack"}}]}}}`
			if r := do(t, es, "GET", "/.ml-annotations-read/_count", user); r.body["count"] != 1.0 {
				t.Fatalf("count: %s", r.raw)
			}
		})
	}
}

func TestAnnotationWritesNeedIndexPrivileges(t *testing.T) {
	s, u := start(t, WithSecurity())
	s.AddUser("root", "root-pw", "superuser")
	s.AddUser("mladmin", "mladmin-pw", "machine_learning_admin")
	s.AddUser("ml", "ml-pw", "manage_ml")
	s.PutJob("j1")
	doc := `{"job_id":"j1","annotation":"x","create_username":"u"}`
	count := `{"query":{"term":{"job_id":"j1"}}}`

	mlOnly, _ := basic(t, u, "ml", "ml-pw")
	wantErr(t, do(t, mlOnly, "POST", "/.ml-annotations-write/_doc?require_alias=true", doc), 403, "security_exception",
		"action [indices:data/write/index] is unauthorized for user [ml] with effective roles [ml_role] on indices [.ml-annotations-write], "+
			"this action is granted by the index privileges [create_doc,create,index,write,all]")
	wantErr(t, do(t, mlOnly, "POST", "/.ml-annotations-read/_count", count), 403, "security_exception",
		"action [indices:data/read/search] is unauthorized for user [ml] with effective roles [ml_role] on indices [.ml-annotations-read], "+
			"this action is granted by the index privileges [read,all]")

	for _, who := range []struct{ name, pw string }{{"mladmin", "mladmin-pw"}, {"root", "root-pw"}} {
		c, _ := basic(t, u, who.name, who.pw)
		if r := do(t, c, "POST", "/.ml-annotations-write/_doc?require_alias=true&refresh=true", doc); r.status != 201 {
			t.Fatalf("%s write: %s", who.name, r.raw)
		}
	}
	if j := mustJob(t, s, "j1"); j.UserAnnotations != 2 {
		t.Fatalf("want two user annotations, got %+v", j)
	}
	root, _ := basic(t, u, "root", "root-pw")
	if r := do(t, root, "POST", "/.ml-annotations-read/_count", count); r.body["count"] != 2.0 {
		t.Fatalf("count: %s", r.raw)
	}
	// Creating and filling a source index needs index privileges too.
	wantErr(t, do(t, mlOnly, "PUT", "/src", ""), 403, "security_exception",
		"action [indices:admin/create] is unauthorized for user [ml] with effective roles [ml_role] on indices [src], "+
			"this action is granted by the index privileges [create_index,manage,all]")
	if r := do(t, root, "PUT", "/src", ""); r.status != 200 {
		t.Fatalf("%s", r.raw)
	}
	wantErr(t, do(t, mlOnly, "PUT", "/_ml/datafeeds/df1", `{"job_id":"j1","indices":["src"]}`), 403, "security_exception",
		`Cannot create datafeed [df1] because user ml lacks permissions on the indices: {"src":{"indices:data/read/search":false}}`)
	if r := do(t, root, "PUT", "/_ml/datafeeds/df1", `{"job_id":"j1","indices":["src"]}`); r.status != 200 {
		t.Fatalf("%s", r.raw)
	}
	r := do(t, mlOnly, "POST", "/_bulk", `{"index":{"_index":"src"}}`+"\n"+`{"a":1}`+"\n")
	item := r.body["items"].([]any)[0].(map[string]any)["index"].(map[string]any)
	if r.status != 200 || r.body["errors"] != true || item["status"].(float64) != 403 {
		t.Fatalf("bulk without write privilege: %s", r.raw)
	}
	keyClient, _ := clients(t, elasticsearch.Config{Addresses: []string{u}, APIKey: s.AddAPIKey("k1", "secret", "root")})
	if r := do(t, keyClient, "POST", "/.ml-annotations-write/_doc?require_alias=true", doc); r.status != 201 {
		t.Fatalf("api key of a superuser: %s", r.raw)
	}
}
