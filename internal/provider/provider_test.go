package provider_test

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

var configDir = config.StaticDirectory("testdata/provider")

// settings builds the configuration's variables.
var settings = acctest.Variables

// expectEveryRequest checks a header on every request the cluster
// received.
func expectEveryRequest(c *acctest.Cluster, header, want string) func(*terraform.State) error {
	return func(*terraform.State) error {
		reqs := c.Requests()
		if len(reqs) == 0 {
			return fmt.Errorf("no request reached the cluster")
		}
		for _, r := range reqs {
			if got := r.Header.Get(header); got != want {
				return fmt.Errorf("%s %s: header %s = %q, want %q", r.Method, r.Path, header, got, want)
			}
		}
		return nil
	}
}

// securedCluster is a cluster with security on, a job, and a user allowed
// to reset it: "admin" on the emulator; on a real cluster the user of
// ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD (skipped without one).
func securedCluster(t *testing.T) (c *acctest.Cluster, jobID, user, password string) {
	if acctest.RealClusterConfigured() {
		user, password = os.Getenv("ELASTICSEARCH_USERNAME"), os.Getenv("ELASTICSEARCH_PASSWORD")
		if user == "" {
			t.Skip("needs the real cluster's ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD")
		}
		c = acctest.New(t)
	} else {
		c = acctest.New(t, emulator.WithSecurity())
		user, password = "admin", "admin-password"
		c.Emulator.AddUser(user, password, "all")
	}
	jobID = c.JobID(t)
	c.CreateJob(t, jobID)
	return c, jobID, user, password
}

// emulatedSecuredCluster is securedCluster on the emulator, for tests that
// create users, API keys and tokens of their own.
func emulatedSecuredCluster(t *testing.T) (*acctest.Cluster, string) {
	c := acctest.NewEmulated(t, emulator.WithSecurity())
	c.Emulator.AddUser("admin", "admin-password", "all")
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	return c, jobID
}

func basicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

func TestAccProvider_authModes(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	t.Run("basic", func(t *testing.T) {
		c, jobID, user, password := securedCluster(t)
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "username", user, "password", password),
				Check:           expectEveryRequest(c, "Authorization", basicAuth(user, password)),
			}},
		}))
	})
	t.Run("api_key", func(t *testing.T) {
		c, jobID := emulatedSecuredCluster(t)
		key := c.Emulator.AddAPIKey("key-1", "key-secret", "admin")
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "api_key", key),
				// go-elasticsearch spells the scheme "APIKey"; schemes are
				// case-insensitive (RFC 9110 §11.1), as Elasticsearch reads them.
				Check: expectEveryRequest(c, "Authorization", "APIKey "+key),
			}},
		}))
	})
	t.Run("bearer_token and headers", func(t *testing.T) {
		c, jobID := emulatedSecuredCluster(t)
		c.Emulator.AddBearerToken("token-123", "admin")
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "bearer_token", "token-123", "headers", map[string]string{"X-Tenant": "blue"}),
				Check: resource.ComposeTestCheckFunc(
					expectEveryRequest(c, "Authorization", "Bearer token-123"),
					expectEveryRequest(c, "X-Tenant", "blue"),
				),
			}},
		}))
	})
	t.Run("rejected credentials", func(t *testing.T) {
		c, jobID, user, _ := securedCluster(t)
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "username", user, "password", "wrong"),
				ExpectError:     regexp.MustCompile(`Elasticsearch rejected the credentials`),
			}},
		}))
	})
	t.Run("missing manage_ml", func(t *testing.T) {
		c, jobID := emulatedSecuredCluster(t)
		c.Emulator.AddUser("viewer", "viewer-password", "monitor")
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "username", "viewer", "password", "viewer-password"),
				ExpectError:     acctest.ErrorText("needs the manage_ml cluster privilege … is unauthorized"),
			}},
		}))
	})
}

// Configuration from the environment alone, as CI pipelines do it. This
// test reads the real process environment, so it does not run in parallel.
func TestAccProvider_configFromEnvironmentOnly(t *testing.T) {
	c, jobID, user, password := securedCluster(t)
	t.Setenv("ELASTICSEARCH_ENDPOINTS", "http://127.0.0.1:1, "+c.Endpoint)
	t.Setenv("ELASTICSEARCH_USERNAME", user)
	t.Setenv("ELASTICSEARCH_PASSWORD", password)
	// An explicit attribute wins over its variable.
	t.Setenv("ELASTICSEARCH_INSECURE", "not-a-bool")
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"elasticsearch": providerserver.NewProtocol6WithError(provider.New("test")()),
	}
	resource.Test(t, withProviders(resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID),
				ExpectError:     regexp.MustCompile(`ELASTICSEARCH_INSECURE must be true or false`),
			},
			{
				PreConfig: func() {
					t.Setenv("ELASTICSEARCH_ENDPOINTS", c.Endpoint)
					c.ClearRequests()
				},
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "insecure", false),
				Check:           expectEveryRequest(c, "Authorization", basicAuth(user, password)),
			},
		},
	}))
}

func TestAccProvider_conflictingAuth(t *testing.T) {
	c := acctest.New(t)
	c.WithoutCredentialsEnv()
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	resource.Test(t, withProviders(resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: settings(jobID, "api_key", "abc", "username", "admin", "password", "x"),
			ExpectError:     regexp.MustCompile(`(?s)api_key.*username|username.*api_key`),
		}},
	}))
	c.SetEnv("ELASTICSEARCH_BEARER_TOKEN", "from-env")
	resource.Test(t, withProviders(resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: settings(jobID, "api_key", "abc"),
			ExpectError:     acctest.ErrorText(`Both "api_key" and the environment variable ELASTICSEARCH_BEARER_TOKEN are set`),
		}},
	}))
	if got := c.Requests(); len(got) != 0 {
		t.Fatalf("a configuration error must send nothing, got %d requests", len(got))
	}
}

func TestAccProvider_noEndpoint(t *testing.T) {
	c := acctest.New(t)
	c.SetEnv("ELASTICSEARCH_ENDPOINTS", "")
	resource.ParallelTest(t, withProviders(resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: settings("some-job"),
			ExpectError:     regexp.MustCompile(`No Elasticsearch endpoint configured`),
		}},
	}))
}

func TestAccProvider_tls(t *testing.T) {
	acctest.ParentOfEmulated(t)
	tlsCluster := func(t *testing.T) (*acctest.Cluster, string, string) {
		c := acctest.NewEmulated(t)
		url := c.Emulator.StartTLS()
		jobID := c.JobID(t)
		c.CreateJob(t, jobID)
		return c, url, jobID
	}
	t.Run("verified with ca_data", func(t *testing.T) {
		c, url, jobID := tlsCluster(t)
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				PreConfig:       c.ClearRequests,
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "endpoints", []string{url}, "ca_data", string(c.Emulator.CertPEM())),
				Check:           c.ExpectResetCalls(jobID, "POST /_ml/anomaly_detectors/"+jobID+"/_close", "POST /_ml/anomaly_detectors/"+jobID+"/_reset"),
			}},
		}))
	})
	t.Run("verified with ca_file", func(t *testing.T) {
		c, url, jobID := tlsCluster(t)
		caFile := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(caFile, c.Emulator.CertPEM(), 0o600); err != nil {
			t.Fatal(err)
		}
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "endpoints", []string{url}, "ca_file", caFile),
			}},
		}))
	})
	t.Run("unknown authority fails", func(t *testing.T) {
		c, url, jobID := tlsCluster(t)
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "endpoints", []string{url}),
				ExpectError:     regexp.MustCompile(`(?s)Cannot reach Elasticsearch.*certificate`),
			}},
		}))
	})
	t.Run("insecure skips verification", func(t *testing.T) {
		c, url, jobID := tlsCluster(t)
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(jobID, "endpoints", []string{url}, "insecure", true),
			}},
		}))
	})
}

// withProviders moves the providers to each step: the configurations
// declare a provider block, which the testing framework accepts only
// with step-level providers.
func withProviders(tc resource.TestCase) resource.TestCase {
	for i := range tc.Steps {
		tc.Steps[i].ProtoV6ProviderFactories = tc.ProtoV6ProviderFactories
	}
	tc.ProtoV6ProviderFactories = nil
	return tc
}

// An endpoint known only after another resource is created must not fail
// the plan; the apply then configures the provider with it.
func TestAccProvider_endpointUnknownAtPlan(t *testing.T) {
	c := acctest.New(t)
	c.SetEnv("ELASTICSEARCH_ENDPOINTS", "")
	jobID := c.JobID(t)
	c.CreateJob(t, jobID)
	resource.ParallelTest(t, withProviders(resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			PreConfig:       c.ClearRequests,
			ConfigDirectory: config.StaticDirectory("testdata/unknown_endpoint"),
			ConfigVariables: settings(jobID, "endpoint", c.Endpoint),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("elasticsearch_ml_job_reset.test", plancheck.ResourceActionCreate)},
			},
			Check: c.ExpectResetCalls(jobID, "POST /_ml/anomaly_detectors/"+jobID+"/_close", "POST /_ml/anomaly_detectors/"+jobID+"/_reset"),
		}, {
			// The endpoint is unknown again while refreshing the existing
			// reset: the refresh keeps it, and nothing is reset.
			PreConfig:       c.ClearRequests,
			ConfigDirectory: config.StaticDirectory("testdata/unknown_endpoint"),
			ConfigVariables: settings(jobID, "endpoint", c.Endpoint, "generation", "2"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("elasticsearch_ml_job_reset.test", plancheck.ResourceActionNoop)},
			},
			Check: c.ExpectResetCalls(jobID),
		}},
	}))
}
