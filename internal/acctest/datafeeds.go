package acctest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Datafeeds that read a source index, the same on both back ends: the
// index is tfacc-src-<job>, the datafeed datafeed-<job>.

// DatafeedID is the id of the datafeed the fixtures give a job.
func DatafeedID(jobID string) string { return datafeedID(jobID) }

// CreateDatafeed gives a job a stopped datafeed that reads its source index.
func (c *Cluster) CreateDatafeed(t *testing.T, jobID string) {
	t.Helper()
	if c.real != nil {
		c.real.ensureSource(t, jobID)
		return
	}
	c.CreateSourceIndex(t, jobID)
	feed := datafeedID(jobID)
	c.emulatorCall(t, esapi.MLPutDatafeedRequest{
		DatafeedID: feed, Body: strings.NewReader(fmt.Sprintf(`{"job_id":%q,"indices":[%q]}`, jobID, sourceIndex(jobID))),
	})
}

// StartDatafeedUntil starts the job's datafeed (created if need be) with
// an end: it looks back, then follows new data until end, then stops and
// closes the job. The job must be opened.
func (c *Cluster) StartDatafeedUntil(t *testing.T, jobID string, end time.Time) {
	t.Helper()
	c.CreateDatafeed(t, jobID)
	req := esapi.MLStartDatafeedRequest{DatafeedID: datafeedID(jobID), End: strconv.FormatInt(end.UnixMilli(), 10)}
	if c.real != nil {
		c.real.call(t, "POST /_ml/datafeeds/"+req.DatafeedID+"/_start", req, nil)
		return
	}
	c.emulatorCall(t, req)
}

// CreateSourceIndex creates the job's source index.
func (c *Cluster) CreateSourceIndex(t *testing.T, jobID string) {
	t.Helper()
	index := sourceIndex(jobID)
	req := esapi.IndicesCreateRequest{Index: index, Body: strings.NewReader(`{"mappings":{"properties":{"timestamp":{"type":"date"}}}}`)}
	if c.real != nil {
		c.real.call(t, "PUT /"+index, req, nil)
		return
	}
	c.emulatorCall(t, req)
}

// DeleteSourceIndex deletes the job's source index, so that its datafeed
// cannot start.
func (c *Cluster) DeleteSourceIndex(t *testing.T, jobID string) {
	t.Helper()
	index := sourceIndex(jobID)
	req := esapi.IndicesDeleteRequest{Index: []string{index}}
	if c.real != nil {
		c.real.call(t, "DELETE /"+index, req, nil)
		return
	}
	c.emulatorCall(t, req)
}

// emulatorCall sends a fixture request to the emulator over HTTP, as a
// real cluster gets it.
func (c *Cluster) emulatorCall(t *testing.T, req esapi.Request) {
	t.Helper()
	es, err := esclient.New(esclient.Config{Endpoints: []string{c.Endpoint}})
	must(t, err)
	must(t, es.Do(t.Context(), req, nil))
}
