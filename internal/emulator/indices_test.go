package emulator

import (
	"strings"
	"testing"
)

func TestCreateAndDeleteIndex(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	mappings := `{"mappings":{"properties":{"timestamp":{"type":"date"},"value":{"type":"double"}}}}`
	r := do(t, es, "PUT", "/src-1", mappings)
	if r.status != 200 || r.raw != `{"acknowledged":true,"shards_acknowledged":true,"index":"src-1"}`+"\n" {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	r = do(t, es, "PUT", "/src-1", mappings)
	typ, reason := errOf(t, r)
	e := r.body["error"].(map[string]any)
	if r.status != 400 || typ != "resource_already_exists_exception" ||
		reason != "index [src-1/"+e["index_uuid"].(string)+"] already exists" || e["index"] != "src-1" {
		t.Fatalf("create again: %s", r.raw)
	}
	wantErr(t, do(t, es, "PUT", "/Src", ""), 400, "invalid_index_name_exception", "Invalid index name [Src], must be lowercase")

	if r := do(t, es, "DELETE", "/src-1", ""); r.status != 200 || r.raw != `{"acknowledged":true}`+"\n" {
		t.Fatalf("delete: %s", r.raw)
	}
	r = do(t, es, "DELETE", "/src-1", "")
	wantErr(t, r, 404, "index_not_found_exception", "no such index [src-1]")
	if e := r.body["error"].(map[string]any); e["resource.type"] != "index_or_alias" || e["resource.id"] != "src-1" || e["index_uuid"] != "_na_" {
		t.Fatalf("delete missing: %s", r.raw)
	}
	if r := do(t, es, "DELETE", "/src-1?ignore_unavailable=true", ""); r.status != 200 {
		t.Fatalf("ignore_unavailable: %s", r.raw)
	}
}

func TestBulkIndexesAndCountFinds(t *testing.T) {
	_, u := start(t)
	es, _ := plainClients(t, u)
	do(t, es, "PUT", "/src", `{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)
	docs := `{"index":{"_index":"src","_id":"1"}}` + "\n" + `{"timestamp":"2024-01-01T00:00:00Z","host":"a"}` + "\n" +
		`{"index":{"_id":"2"}}` + "\n" + `{"timestamp":1704067260000,"host":"b"}` + "\n"

	wantErr(t, do(t, es, "POST", "/src/_bulk", strings.TrimSuffix(docs, "\n")), 400, "illegal_argument_exception",
		"The bulk request must be terminated by a newline [\\n]")

	r := do(t, es, "POST", "/src/_bulk?refresh=true", docs)
	items, _ := r.body["items"].([]any)
	if r.status != 200 || r.body["errors"] != false || len(items) != 2 {
		t.Fatalf("bulk: %s", r.raw)
	}
	first := items[0].(map[string]any)["index"].(map[string]any)
	if first["status"].(float64) != 201 || first["result"] != "created" || first["forced_refresh"] != true || first["_index"] != "src" {
		t.Fatalf("first item: %s", r.raw)
	}

	// A value the date mapping cannot read fails its item, not the request.
	r = do(t, es, "POST", "/_bulk", `{"create":{"_index":"src","_id":"3"}}`+"\n"+`{"timestamp":"yesterday"}`+"\n")
	item := r.body["items"].([]any)[0].(map[string]any)["create"].(map[string]any)
	if r.status != 200 || r.body["errors"] != true || item["status"].(float64) != 400 ||
		item["error"].(map[string]any)["type"] != "document_parsing_exception" {
		t.Fatalf("bad date: %s", r.raw)
	}

	count := func(query string) float64 {
		t.Helper()
		r := do(t, es, "POST", "/src/_count", query)
		if r.status != 200 {
			t.Fatalf("count %s: %s", query, r.raw)
		}
		return r.body["count"].(float64)
	}
	if n := count(""); n != 2 {
		t.Fatalf("count all: %v", n)
	}
	if n := count(`{"query":{"bool":{"filter":[{"term":{"host":"b"}}],"must_not":[{"term":{"host":"a"}}]}}}`); n != 1 {
		t.Fatalf("count host b: %v", n)
	}
	wantErr(t, do(t, es, "POST", "/nope/_count", ""), 404, "index_not_found_exception", "no such index [nope]")
}

func TestRepeatedKeysAreRefused(t *testing.T) {
	for _, tc := range []struct{ version, typ string }{{"8.19.0", "x_content_parse_exception"}, {"7.17.0", "json_parse_exception"}} {
		t.Run(tc.version, func(t *testing.T) {
			s, u := start(t, WithVersion(tc.version))
			es, _ := plainClients(t, u)
			s.PutJob("j1")
			twice := `{"query":{"bool":{"filter":[{"term":{"job_id":"j1"}}],"filter":[{"term":{"create_username":"_xpack"}}]}}}`
			wantErr(t, do(t, es, "POST", "/.ml-annotations-read/_count", twice), 400, tc.typ, "Duplicate field 'filter'")
			wantErr(t, do(t, es, "PUT", "/_ml/anomaly_detectors/j2",
				`{"analysis_config":{"detectors":[{"function":"count"}]},"data_description":{},"description":"a","description":"b"}`),
				400, tc.typ, "Duplicate field 'description'")
			if _, found := s.Job("j2"); found {
				t.Fatal("a refused body created the job")
			}
			// Same key in different objects is fine.
			ok := `{"query":{"bool":{"filter":[{"term":{"job_id":"j1"}},{"term":{"create_username":"_xpack"}}]}}}`
			if r := do(t, es, "POST", "/.ml-annotations-read/_count", ok); r.status != 200 {
				t.Fatalf("%s", r.raw)
			}
		})
	}
}
