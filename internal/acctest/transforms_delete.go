package acctest

import (
	"testing"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// DeleteTransform deletes a transform out of band, as someone outside
// Terraform would (forced: a running one goes too); its indices stay until
// the test ends.
func (c *Cluster) DeleteTransform(t *testing.T, id string) {
	t.Helper()
	must(t, fixtureDo(c.fixtureClient(t), "DELETE /_transform/"+id, esapi.TransformDeleteTransformRequest{TransformID: id, Force: ptr(true)}, nil))
}
