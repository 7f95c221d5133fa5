package esclient

import (
	"fmt"
	"strconv"
	"strings"
)

// The environment variables a Config can be read from, each the fallback
// of one provider attribute.
const (
	EnvEndpoints   = "ELASTICSEARCH_ENDPOINTS"
	EnvUsername    = "ELASTICSEARCH_USERNAME"
	EnvPassword    = "ELASTICSEARCH_PASSWORD"
	EnvAPIKey      = "ELASTICSEARCH_API_KEY"
	EnvBearerToken = "ELASTICSEARCH_BEARER_TOKEN"
	EnvCAFile      = "ELASTICSEARCH_CA_FILE"
	EnvInsecure    = "ELASTICSEARCH_INSECURE"
)

// InvalidEnvError is an environment variable whose value cannot mean
// anything. Its text quotes the value, so it is only returned for
// variables that hold no secret.
type InvalidEnvError struct {
	Variable, Value, Want string
}

func (e *InvalidEnvError) Error() string {
	return fmt.Sprintf("%s must be %s, not %q", e.Variable, e.Want, e.Value)
}

// ConfigFromEnv reads the ELASTICSEARCH_* variables through getenv.
// ELASTICSEARCH_ENDPOINTS is comma-separated. The CA file is named, not
// read (New reads it), so that a caller with its own CA can override it.
// The Config is complete even with an error: only Insecure is then unset.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		Username:    getenv(EnvUsername),
		Password:    getenv(EnvPassword),
		APIKey:      getenv(EnvAPIKey),
		BearerToken: getenv(EnvBearerToken),
		CAFile:      getenv(EnvCAFile),
	}
	for _, e := range strings.Split(getenv(EnvEndpoints), ",") {
		if e = strings.TrimSpace(e); e != "" {
			cfg.Endpoints = append(cfg.Endpoints, e)
		}
	}
	if v := getenv(EnvInsecure); v != "" {
		insecure, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, &InvalidEnvError{Variable: EnvInsecure, Value: v, Want: "true or false"}
		}
		cfg.Insecure = insecure
	}
	return cfg, nil
}
