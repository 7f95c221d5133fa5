// Package providerdata is what a configured provider hands its resources:
// the cluster's client, the reset engine, and what the provider says once
// per instance rather than once per resource.
package providerdata

import (
	"sync/atomic"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Data is shared by every resource of one provider instance.
type Data struct {
	Client *esclient.Client
	Engine *mlreset.Engine

	versionWarned atomic.Bool
}

// New wraps a client.
func New(client *esclient.Client) *Data {
	return &Data{Client: client, Engine: mlreset.New(client)}
}

// FirstVersionWarning is true the first time it is called only: that the
// cluster's version is unknown is said once per provider instance.
func (d *Data) FirstVersionWarning() bool {
	return d.versionWarned.CompareAndSwap(false, true)
}
