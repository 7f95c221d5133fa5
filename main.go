package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/esops/terraform-provider-elasticsearch/internal/provider"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider for a debugger (delve) and print the TF_REATTACH_PROVIDERS value to use")
	flag.Parse()
	quietUnlessAsked()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/esops/elasticsearch",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

// quietUnlessAsked switches logging off, the SDK's and the provider's own,
// when nobody asked for logs. Terraform discards provider logs unless
// TF_LOG is set, yet producing them took about half the provider's CPU in
// an apply of 200 resets. Any TF_LOG* variable set by the user leaves
// logging as it is.
//
// The provider's own logger reads TF_LOG_PROVIDER_<NAME> (the last part of
// the provider's address), and logs everything when it is unset.
func quietUnlessAsked() {
	for _, kv := range os.Environ() {
		if name, value, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") && value != "" {
			return
		}
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_ELASTICSEARCH"} {
		_ = os.Setenv(name, "off")
	}
}
