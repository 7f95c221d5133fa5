// Command es-emulator serves the project's Elasticsearch emulator on a
// local port, for trying the provider by hand and for running the
// acceptance tests as against a remote cluster:
//
//	go run ./internal/cmd/es-emulator -seed-job demo-job
//	ELASTICSEARCH_ENDPOINTS=http://127.0.0.1:9200 terraform apply
//
// Security is off unless credentials are given; then every request must
// authenticate and is authorized by its roles:
//
//	-user NAME:PASSWORD:GRANTS   a native user (repeatable). GRANTS is a
//	                             comma-separated list of built-in roles
//	                             (superuser, machine_learning_admin,
//	                             machine_learning_user, transform_admin,
//	                             transform_user) and cluster privileges
//	                             (manage_ml, manage_transform, monitor,
//	                             all, ...).
//	-api-key ID:KEY:USER         an API key acting as USER (repeatable); send
//	                             "Authorization: ApiKey base64(ID:KEY)".
//	-bearer-token TOKEN:USER     a bearer token acting as USER (repeatable).
//
// For example, a superuser for the test fixtures and a user who may only
// manage ML jobs:
//
//	go run ./internal/cmd/es-emulator -user elastic:s3cret:superuser -user ml:pw:manage_ml
//
// A gateway in front of the emulator, as load balancers stand in front of
// many clusters, gives up on requests that take longer than its timeout and
// answers the client itself while the emulator carries on with them:
//
//	-gateway-timeout 3s          how long the gateway waits (0: no gateway)
//	-gateway-answer 504          its answer then: 502, 503, 504 (an HTML
//	                             page) or drop (no answer at all)
//
// Flags are visible to other local users (ps): use throwaway secrets. The
// emulator never prints them. It serves until interrupted (SIGINT or
// SIGTERM). All state lives in memory and is gone when it stops.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/esops/terraform-provider-elasticsearch/internal/cmd/internal/demojob"
	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9200", "address to listen on")
	version := flag.String("version", "8.19.0", "Elasticsearch version to report (GET /) and to gate features by")
	resetDuration := flag.Duration("reset-duration", 2*time.Second, "how long a job reset takes")
	seedJob := flag.String("seed-job", "", "create this job and train it (feed records, close) so it has a model to reset")
	seedRecords := flag.Int("seed-records", 1000, "records fed to the -seed-job job")
	var sec security
	flag.Var(&sec.users, "user", "NAME:PASSWORD:GRANTS, a user with built-in roles and cluster privileges (repeatable; turns security on)")
	flag.Var(&sec.apiKeys, "api-key", "ID:KEY:USER, an API key acting as USER (repeatable; turns security on)")
	flag.Var(&sec.tokens, "bearer-token", "TOKEN:USER, a bearer token acting as USER (repeatable; turns security on)")
	var gw gatewayFlags
	flag.DurationVar(&gw.timeout, "gateway-timeout", 0, "stand behind a gateway that gives up waiting for an answer after this long (0: no gateway)")
	flag.StringVar(&gw.answer, "gateway-answer", "504", "what the gateway answers once it gives up: 502, 503, 504 or drop")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("es-emulator: ")

	es := emulator.New(emulator.WithVersion(*version), emulator.WithResetDuration(*resetDuration))
	if err := sec.apply(es); err != nil {
		log.Fatal(err)
	}
	gateway, err := gw.gateway()
	if err != nil {
		log.Fatal(err)
	}
	if err := run(es, *listen, *version, *resetDuration, *seedJob, *seedRecords, sec.on(), sec.summary(), gateway, gw.summary()); err != nil {
		log.Fatal(err)
	}
}

func run(es *emulator.Server, listen, version string, resetDuration time.Duration, seedJob string, seedRecords int, securityOn bool, security string, gateway emulator.Gateway, gatewaySummary string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: es, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	endpoint := "http://" + ln.Addr().String()
	if seedJob != "" {
		// Seeded over HTTP before security is switched on, so the seed
		// needs no credentials; nobody knows the address yet.
		if err := seed(ctx, endpoint, seedJob, seedRecords); err != nil {
			_ = srv.Close()
			return fmt.Errorf("seeding job %s: %w", seedJob, err)
		}
	}
	es.SetSecurity(securityOn)
	// After the seed too, which a gateway would cut.
	if err := es.SetGateway(gateway); err != nil {
		_ = srv.Close()
		return err
	}
	fmt.Printf("Elasticsearch emulator listening on %s (version %s, resets take %s, %s, %s)\n", endpoint, version, resetDuration, security, gatewaySummary)
	if seedJob != "" {
		fmt.Printf("Job %q has a model: %d records processed, closed.\n", seedJob, seedRecords)
	}
	fmt.Println("Press Ctrl-C to stop.")

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// End long polls and running resets first, so that Shutdown does not
	// wait for them.
	es.Close()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Println("stopped")
	return nil
}

// seed trains the job through the HTTP API, as a client would.
func seed(ctx context.Context, endpoint, jobID string, records int) error {
	c, err := demojob.New(endpoint)
	if err != nil {
		return err
	}
	if _, err := c.EnsureJob(ctx, jobID); err != nil {
		return err
	}
	return c.Feed(ctx, jobID, records)
}
