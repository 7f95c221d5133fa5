package acctest

import (
	"testing"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// NewEmulatedAs is NewEmulated with security on and the provider signed in
// as a user holding only the given cluster privileges (none at all when
// none are given), for tests of what a refused request says. Fixtures set
// the cluster up directly, whatever the user may do.
func NewEmulatedAs(t *testing.T, privileges ...string) *Cluster {
	t.Helper()
	c := NewEmulated(t, emulator.WithSecurity())
	c.Emulator.AddUser("limited", "limited-password", privileges...)
	c.SetEnv("ELASTICSEARCH_USERNAME", "limited")
	c.SetEnv("ELASTICSEARCH_PASSWORD", "limited-password")
	return c
}
