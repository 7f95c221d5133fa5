package provider_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/acctest"
)

var secretsConfigDir = config.StaticDirectory("testdata/secrets")

// secretCase hands the provider secrets one way. arrange prepares the
// cluster and returns the configuration's variables, every secret that
// must stay hidden, and a check of the requests that the secrets were
// really used.
type secretCase struct {
	name    string
	arrange func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc)
	// wantErr is the failed apply's diagnostic; nil when the apply succeeds.
	wantErr *regexp.Regexp
}

// Every secret the provider is given stays out of everything a user or a
// log collector sees: terraform's output, the trace logs of terraform and of
// the provider, the error message, and the state. The test changes the
// process environment (log settings, the terraform binary), so it does not
// run in parallel.
func TestAccSecurity_secretsNeverShown(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("captures terraform's output through a shell script")
	}
	basic := func(user, password string) (string, []string) {
		encoded := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
		return "Basic " + encoded, []string{password, encoded, base64.StdEncoding.EncodeToString([]byte(password))}
	}
	cases := []secretCase{
		{
			name: "password",
			arrange: func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc) {
				password := newSecret(t, "pw")
				c.Emulator.AddUser("ops", password, "all")
				header, secrets := basic("ops", password)
				return settings(jobID, "username", "ops", "password", password), secrets,
					expectEveryRequest(c, "Authorization", header)
			},
		},
		{
			name: "api_key",
			arrange: func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc) {
				raw := newSecret(t, "key")
				c.Emulator.AddUser("ops", newSecret(t, "pw"), "all")
				encoded := c.Emulator.AddAPIKey("key-7", raw, "ops")
				return settings(jobID, "api_key", encoded), []string{encoded, raw},
					expectEveryRequest(c, "Authorization", "APIKey "+encoded) // go-elasticsearch's spelling
			},
		},
		{
			name: "bearer_token",
			arrange: func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc) {
				token := newSecret(t, "token")
				c.Emulator.AddUser("ops", newSecret(t, "pw"), "all")
				c.Emulator.AddBearerToken(token, "ops")
				return settings(jobID, "bearer_token", token), []string{token},
					expectEveryRequest(c, "Authorization", "Bearer "+token)
			},
		},
		{
			name: "header value",
			arrange: func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc) {
				password, proxyToken := newSecret(t, "pw"), newSecret(t, "proxy")
				c.Emulator.AddUser("ops", password, "all")
				header, secrets := basic("ops", password)
				vars := settings(jobID, "username", "ops", "password", password,
					"headers", map[string]string{"X-Proxy-Token": proxyToken})
				return vars, append(secrets, proxyToken), resource.ComposeAggregateTestCheckFunc(
					expectEveryRequest(c, "Authorization", header),
					expectEveryRequest(c, "X-Proxy-Token", proxyToken),
				)
			},
		},
		{
			// The cluster requires a client certificate, so every request
			// that reached it was made with the key.
			name: "key_data",
			arrange: func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc) {
				password := newSecret(t, "pw")
				c.Emulator.AddUser("ops", password, "all")
				header, secrets := basic("ops", password)
				certPEM, keyPEM := selfSignedCert(t, "terraform client", false)
				url, caPEM := mutualTLSEndpoint(t, c, certPEM)
				vars := settings(jobID, "endpoints", []string{url}, "ca_data", string(caPEM),
					"cert_data", string(certPEM), "key_data", string(keyPEM), "username", "ops", "password", password)
				return vars, append(secrets, pemSecrets(keyPEM)...), expectEveryRequest(c, "Authorization", header)
			},
		},
		{
			name: "rejected password",
			arrange: func(t *testing.T, c *acctest.Cluster, jobID string) (config.Variables, []string, resource.TestCheckFunc) {
				right, wrong := newSecret(t, "pw"), newSecret(t, "pw")
				c.Emulator.AddUser("ops", right, "all")
				header, secrets := basic("ops", wrong)
				return settings(jobID, "username", "ops", "password", wrong), append(secrets, right),
					expectEveryRequest(c, "Authorization", header)
			},
			wantErr: acctest.ErrorText("Elasticsearch rejected the credentials"),
		},
	}
	acctest.ParentOfEmulated(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, jobID := emulatedSecuredCluster(t)
			vars, secrets, sent := tc.arrange(t, c, jobID)
			out := captureTerraform(t)

			var applyErr string
			var stateChecked bool
			resource.Test(t, withProviders(resource.TestCase{
				ProtoV6ProviderFactories: c.ProviderFactories(),
				// ErrorCheck sees the whole error, terraform's stderr
				// included; ExpectError could only match a pattern.
				ErrorCheck: func(err error) error {
					applyErr = err.Error()
					if tc.wantErr == nil || !tc.wantErr.MatchString(applyErr) {
						return err
					}
					return nil
				},
				Steps: []resource.TestStep{{
					PreConfig:       c.ClearRequests,
					ConfigDirectory: secretsConfigDir,
					ConfigVariables: vars,
					Check:           noSecretInState(secrets, &stateChecked),
				}},
			}))

			// Nothing is vacuous: the secrets were in use, and every
			// source below holds what it should.
			if err := sent(nil); err != nil {
				t.Fatal(err)
			}
			logs, output, state := out.logs(t), out.output(t), out.state(t)
			mustContain(t, "the trace logs", logs, out.cliVersionLine)         // the CLI's own
			mustContain(t, "the trace logs", logs, "Elasticsearch request")    // the provider's
			mustContain(t, "the trace logs", logs, "tf_rpc=ConfigureProvider") // provider config went through
			if tc.wantErr == nil {
				mustContain(t, "the trace logs", logs, "/_ml/anomaly_detectors/"+jobID+"/_reset")
				mustContain(t, "terraform's output", output, "Apply complete!")
				mustContain(t, "the state file", state, `"job_id": "`+jobID+`"`)
				if !stateChecked {
					t.Error("the state was never checked")
				}
			} else {
				if applyErr == "" {
					t.Fatal("the apply did not fail")
				}
				mustContain(t, "terraform's output", output, "Elasticsearch rejected the credentials")
			}

			for _, source := range []struct{ name, text string }{
				{"terraform's output", output},
				{"the trace logs", logs},
				{"the state file", state},
				{"the error", applyErr},
			} {
				for _, s := range secrets {
					if i := strings.Index(source.text, s); i >= 0 {
						t.Errorf("%s shows the secret %q: …%s…", source.name, s, excerpt(source.text, i, len(s)))
					}
				}
			}
		})
	}
}

// With TLS verification on, a cluster certificate signed by an authority
// other than the configured CA fails the apply before any request is made.
// (No CA at all, the right CA as file or data, and insecure are in
// provider_test.go.)
func TestAccSecurity_tlsWrongAuthority(t *testing.T) {
	// The handshake fails before Elasticsearch could answer, so any TLS
	// server will do and the test runs on every back end.
	c := acctest.New(t)
	var received atomic.Int64
	untrusted := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { received.Add(1) }))
	t.Cleanup(untrusted.Close)
	url := untrusted.URL
	jobID := c.JobID(t)
	otherCA, _ := selfSignedCert(t, "some other authority", true)
	resource.ParallelTest(t, withProviders(resource.TestCase{
		ProtoV6ProviderFactories: c.ProviderFactories(),
		Steps: []resource.TestStep{{
			ConfigDirectory: configDir,
			ConfigVariables: settings(jobID, "endpoints", []string{url}, "ca_data", string(otherCA)),
			ExpectError:     regexp.MustCompile(`(?s)Cannot reach Elasticsearch.*certificate signed by unknown authority`),
		}},
	}))
	if n := received.Load(); n != 0 {
		t.Fatalf("an untrusted cluster must receive nothing, got %d requests", n)
	}
}

// Unusable CA settings are configuration errors, reported before any
// request.
func TestAccSecurity_tlsBadCA(t *testing.T) {
	acctest.ParentOfAcceptance(t)
	// Configuration errors: nothing listens at the endpoint, nothing may
	// be sent, and the test runs on every back end.
	t.Run("unreadable ca_file", func(t *testing.T) {
		c := acctest.New(t)
		url := strings.Replace(acctest.ClosedEndpoint(t), "http:", "https:", 1)
		missing := filepath.Join(t.TempDir(), "missing-ca.pem")
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(c.JobID(t), "endpoints", []string{url}, "ca_file", missing),
				ExpectError:     acctest.ErrorText("Cannot read ca_file … missing-ca.pem"),
			}},
		}))
		if got := c.Requests(); len(got) != 0 {
			t.Fatalf("a configuration error must send nothing, got %d requests", len(got))
		}
	})
	t.Run("ca_data not PEM", func(t *testing.T) {
		c := acctest.New(t)
		url := strings.Replace(acctest.ClosedEndpoint(t), "http:", "https:", 1)
		resource.ParallelTest(t, withProviders(resource.TestCase{
			ProtoV6ProviderFactories: c.ProviderFactories(),
			Steps: []resource.TestStep{{
				ConfigDirectory: configDir,
				ConfigVariables: settings(c.JobID(t), "endpoints", []string{url}, "ca_data", "not a certificate"),
				ExpectError:     acctest.ErrorText("Invalid Elasticsearch connection settings … not valid PEM"),
			}},
		}))
		if got := c.Requests(); len(got) != 0 {
			t.Fatalf("a configuration error must send nothing, got %d requests", len(got))
		}
	})
}

// terraformCapture keeps everything terraform and the provider write during
// one test.
type terraformCapture struct {
	callDir, logDir string
	// cliVersionLine is the line the CLI's own trace log starts with,
	// e.g. "Terraform version: 1.11.4" or "OpenTofu version: 1.12.6".
	cliVersionLine string
}

// captureTerraform turns on trace logging for terraform and for the
// provider (served in-process by terraform-plugin-testing, whose log sink
// follows TF_LOG and TF_LOG_PATH_MASK), and runs terraform through a
// script that keeps, for every call, its arguments, its stdout and stderr
// and the state file it leaves: terraform-plugin-testing discards
// terraform's stdout.
func captureTerraform(t *testing.T) terraformCapture {
	t.Helper()
	realTerraform := os.Getenv("TF_ACC_TERRAFORM_PATH") // set by acctest.New
	if realTerraform == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH is not set")
	}
	out := terraformCapture{callDir: t.TempDir(), logDir: t.TempDir(), cliVersionLine: cliVersionLine(t, realTerraform)}
	script := filepath.Join(t.TempDir(), "terraform")
	body := fmt.Sprintf(`#!/bin/sh
# terraform, keeping a copy of what it prints and of the state it leaves.
call=$(mktemp -d %[2]s/call.XXXXXX) || exit 1
printf '%%s\n' "$*" >"$call/args"
%[1]s "$@" >"$call/stdout" 2>"$call/stderr"
rc=$?
cat "$call/stdout"
cat "$call/stderr" >&2
if [ -f terraform.tfstate ]; then cp terraform.tfstate "$call/state"; fi
exit $rc
`, shellQuote(realTerraform), shellQuote(out.callDir))
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_ACC_TERRAFORM_PATH", script)
	t.Setenv("TF_LOG", "TRACE")     // the provider under test
	t.Setenv("TF_ACC_LOG", "TRACE") // the terraform CLI
	t.Setenv("TF_LOG_CORE", "")     // conflicts with TF_ACC_LOG
	// One file per test, for terraform and the provider alike.
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(strings.ReplaceAll(out.logDir, "%", "%%"), "%s.log"))
	return out
}

// logs is every trace log line written.
func (c terraformCapture) logs(t *testing.T) string {
	t.Helper()
	logs := strings.Join(readAll(t, c.logDir, "*"), "")
	if logs == "" {
		t.Fatal("no trace log was written")
	}
	return logs
}

// output is what terraform printed, on stdout and stderr. A saved plan
// records the values of the input variables, sensitive or not, and
// terraform show -json (which terraform-plugin-testing runs on every plan)
// prints them: that is terraform's record of what the configuration was
// given, so that one object is left out; the rest of the plan is kept.
func (c terraformCapture) output(t *testing.T) string {
	t.Helper()
	var all strings.Builder
	for _, stdout := range readAll(t, c.callDir, "call.*/stdout") {
		var doc map[string]json.RawMessage
		if json.Unmarshal([]byte(stdout), &doc) == nil && doc["variables"] != nil {
			delete(doc, "variables")
			b, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			stdout = string(b)
		}
		all.WriteString(stdout)
	}
	for _, stderr := range readAll(t, c.callDir, "call.*/stderr") {
		all.WriteString(stderr)
	}
	if all.Len() == 0 {
		t.Fatal("terraform printed nothing")
	}
	return all.String()
}

// state is every state file terraform left.
func (c terraformCapture) state(t *testing.T) string {
	return strings.Join(readAll(t, c.callDir, "call.*/state"), "")
}

func readAll(t *testing.T, dir, pattern string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// noSecretInState checks every attribute of every resource and output, as
// terraform show reports the state.
func noSecretInState(secrets []string, checked *bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		res := s.RootModule().Resources["elasticsearch_ml_job_reset.test"]
		if res == nil || len(res.Primary.Attributes) == 0 {
			return fmt.Errorf("the state has no attributes to check")
		}
		for _, secret := range secrets {
			if strings.Contains(string(b), secret) {
				return fmt.Errorf("the state holds the secret %q", secret)
			}
		}
		*checked = true
		return nil
	}
}

func mustContain(t *testing.T, where, text, want string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Fatalf("%q not found in %s (%d bytes): the check would pass vacuously", want, where, len(text))
	}
}

func excerpt(text string, i, n int) string {
	return text[max(0, i-80):min(len(text), i+n+80)]
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// newSecret is a value that occurs nowhere by chance.
func newSecret(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + "-" + hex.EncodeToString(b)
}

// pemSecrets is a private key as a whole and each line of its body, so a
// key logged in pieces or with escaped newlines is caught too.
func pemSecrets(keyPEM []byte) []string {
	out := []string{string(keyPEM)}
	for _, line := range strings.Split(string(keyPEM), "\n") {
		if len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			out = append(out, line)
		}
	}
	return out
}

// selfSignedCert makes a certificate for 127.0.0.1 and its PEM key: a
// certificate authority, or a client certificate.
func selfSignedCert(t *testing.T, name string, isCA bool) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		BasicConstraintsValid: true,
		IsCA:                  isCA,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		tmpl.ExtKeyUsage = nil
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
}

// mutualTLSEndpoint serves the emulator over TLS that requires a client
// certificate signed by clientCA, and returns its URL and its own CA.
func mutualTLSEndpoint(t *testing.T, c *acctest.Cluster, clientCA []byte) (url string, caPEM []byte) {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(clientCA) {
		t.Fatal("bad client CA")
	}
	srv := httptest.NewUnstartedServer(c.Emulator)
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS12, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}
