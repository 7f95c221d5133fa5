package main

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func TestSecurityFlags(t *testing.T) {
	var sec security
	for _, f := range []struct {
		list *repeated
		v    string
	}{
		{&sec.users, "elastic:pa:ss:superuser"}, {&sec.users, "ml:ml-pw:manage_ml"},
		{&sec.apiKeys, "k1:key-secret:elastic"}, {&sec.tokens, "tok-1:ml"},
	} {
		if err := f.list.Set(f.v); err != nil {
			t.Fatal(err)
		}
	}
	es := emulator.New()
	if err := sec.apply(es); err != nil {
		t.Fatal(err)
	}
	es.SetSecurity(sec.on())
	url := es.Start()
	t.Cleanup(es.Close)

	status := func(path, auth string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", url+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		return res.StatusCode
	}
	basic := func(u, p string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p)) }
	for _, tc := range []struct {
		name, path, auth string
		want             int
	}{
		{"no credentials", "/", "", 401},
		{"password with a colon", "/", basic("elastic", "pa:ss"), 200},
		{"wrong password", "/", basic("elastic", "pa"), 401},
		{"manage_ml may not GET /", "/", basic("ml", "ml-pw"), 403},
		{"manage_ml reads jobs", "/_ml/anomaly_detectors", basic("ml", "ml-pw"), 200},
		{"API key", "/", "ApiKey " + base64.StdEncoding.EncodeToString([]byte("k1:key-secret")), 200},
		{"bearer token", "/_ml/anomaly_detectors", "Bearer tok-1", 200},
	} {
		if got := status(tc.path, tc.auth); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.want)
		}
	}
	if s := sec.summary(); s != "security on: 2 users, 1 API keys, 1 bearer tokens" || strings.Contains(s, "secret") {
		t.Errorf("summary %q", s)
	}
}

func TestSecurityFlagErrorsNameNoSecret(t *testing.T) {
	for _, tc := range []security{
		{users: repeated{"elastic:s3cret"}},
		{apiKeys: repeated{"k1:s3cret:nobody"}},
		{users: repeated{"a:b:superuser"}, tokens: repeated{"s3cret:nobody"}},
	} {
		err := tc.apply(emulator.New())
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%+v: %v", tc, err)
		}
	}
}
