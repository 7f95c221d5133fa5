// Package providerdata is what a configured provider hands its resources:
// the cluster's client, the reset engine, the clock, and what the provider
// says once per instance rather than once per resource.
package providerdata

import (
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
	"github.com/esops/terraform-provider-elasticsearch/internal/mlreset"
)

// Data is shared by every resource of one provider instance.
type Data struct {
	Client *esclient.Client
	Engine *mlreset.Engine
	// Clock is what the action keeps time by; RealClock unless a test
	// gives its provider another.
	Clock Clock

	versionWarned atomic.Bool
}

// New wraps a client, with the real clock.
func New(client *esclient.Client) *Data {
	return &Data{Client: client, Engine: mlreset.New(client), Clock: RealClock{}}
}

// FirstVersionWarning is true the first time it is called only: that the
// cluster's version is unknown is said once per provider instance.
func (d *Data) FirstVersionWarning() bool {
	return d.versionWarned.CompareAndSwap(false, true)
}

// From is what a resource, data source, action or list resource gets in
// Configure: nil before the provider is configured (or without an
// endpoint), and an error for anything but *Data.
func From(providerData any, diags *diag.Diagnostics) *Data {
	if providerData == nil {
		return nil
	}
	data, ok := providerData.(*Data)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerdata.Data, got %T", providerData))
	}
	return data
}
