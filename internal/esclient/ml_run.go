package esclient

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Running a job again after a reset: open it, then start its datafeed.

// Assignment is Elasticsearch's answer to an open or a start.
type Assignment struct {
	// Done is the answer's opened or started flag.
	Done bool
	// Node is the node the job or datafeed runs on ("serverless" on
	// serverless). Empty while it waits for a node.
	Node string
	// AwaitingNode is a lazy open (allow_lazy_open and no ML node with
	// room): the job is opening and will open once a node has room, and a
	// datafeed started now waits for it as starting. Both count as success.
	AwaitingNode bool
}

// parseAssignment reads {"opened"|"started": bool, "node": …}. Since 7.8
// node is a string, "" while awaiting a node; a client library models it
// as a list, so a list of strings is read too.
func parseAssignment(body []byte, flag string) (Assignment, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return Assignment{}, fmt.Errorf("reading the answer of Elasticsearch: %w", err)
	}
	var a Assignment
	if raw, ok := fields[flag]; ok {
		if err := json.Unmarshal(raw, &a.Done); err != nil {
			return Assignment{}, fmt.Errorf("reading %q in the answer of Elasticsearch: %w", flag, err)
		}
	}
	raw, ok := fields["node"]
	if !ok {
		return a, nil // before 7.8: no node in the answer
	}
	if err := json.Unmarshal(raw, &a.Node); err != nil {
		var nodes []string
		if err := json.Unmarshal(raw, &nodes); err != nil {
			return Assignment{}, fmt.Errorf("reading \"node\" in the answer of Elasticsearch: %w", err)
		}
		if len(nodes) > 0 {
			a.Node = nodes[0]
		}
	}
	a.AwaitingNode = a.Node == ""
	return a, nil
}

// OpenJob opens a job and returns once it is opened, or, for a lazy open,
// once it waits for a node. A job that is already open is an error that
// satisfies IsAlreadyOpened.
func (c *Client) OpenJob(ctx context.Context, jobID string) (Assignment, error) {
	body, err := c.perform(ctx, esapi.MLOpenJobRequest{JobID: jobID})
	if err != nil {
		return Assignment{}, err
	}
	return parseAssignment(body, "opened")
}

// StartDatafeed starts a datafeed in real time (no end) and returns once it
// is started, or waits for its lazily opening job. start is sent only when
// set: without it a datafeed of a just-reset job reads its source from the
// earliest data. A started datafeed is an error that satisfies
// IsAlreadyStarted.
func (c *Client) StartDatafeed(ctx context.Context, datafeedID, start string) (Assignment, error) {
	body, err := c.perform(ctx, esapi.MLStartDatafeedRequest{DatafeedID: datafeedID, Start: start})
	if err != nil {
		return Assignment{}, err
	}
	return parseAssignment(body, "started")
}
