package esclient

import (
	"errors"
	"reflect"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		EnvEndpoints:   " https://a:9200 ,, https://b:9200",
		EnvUsername:    "ops",
		EnvPassword:    "pw",
		EnvAPIKey:      "key",
		EnvBearerToken: "tok",
		EnvCAFile:      "/etc/ca.pem",
		EnvInsecure:    "true",
	}
	cfg, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Endpoints: []string{"https://a:9200", "https://b:9200"},
		Username:  "ops", Password: "pw", APIKey: "key", BearerToken: "tok",
		CAFile: "/etc/ca.pem", Insecure: true,
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got %+v, want %+v", cfg, want)
	}
}

func TestConfigFromEnvRejectsAnInsecureThatIsNotABool(t *testing.T) {
	cfg, err := ConfigFromEnv(func(k string) string {
		return map[string]string{EnvInsecure: "yes please", EnvUsername: "ops"}[k]
	})
	var invalid *InvalidEnvError
	if !errors.As(err, &invalid) || invalid.Variable != EnvInsecure {
		t.Fatalf("got %v", err)
	}
	if cfg.Username != "ops" || cfg.Insecure {
		t.Fatalf("want the rest read and insecure off, got %+v", cfg)
	}
}
