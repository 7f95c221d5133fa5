package acctest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/esops/terraform-provider-elasticsearch/internal/esclient"
)

// Transforms, the same on both back ends: the fixtures send the requests a
// user would (PUT _transform over a source index they fill, start, stop)
// through the project's client, to the real cluster or to the emulator.
// On the emulator those requests are in the request log: clear it before
// the steps under test. On a real cluster the credentials of the
// ELASTICSEARCH_* environment need manage_transform and all privileges on
// the tfacc-* indices (a superuser will do).

// TransformSpec says what transform CreateTransform makes. The source
// index holds documents {host, bytes, timestamp}: host-0, host-1, ... in
// turn, bytes 100, 101, ..., timestamps a second apart, the last two
// minutes ago.
type TransformSpec struct {
	// ID is the transform's id; "" for one unique to the test run.
	ID string
	// Docs is the number of source documents (default 10).
	Docs int
	// Hosts is the number of distinct hosts, one destination document
	// each (default 3).
	Hosts int
	// Continuous gives the transform a sync section on timestamp (delay
	// 1s) and a frequency of 1s: it keeps running and makes a checkpoint
	// soon after new documents arrive (AddTransformDocs).
	Continuous bool
	// Latest makes a latest transform (the newest document per host)
	// instead of a pivot (per host: the sum of bytes, the last timestamp).
	Latest bool
	// DestIndex is the destination; "" for tfacc-dest-<id>, which the
	// transform creates when it starts. Name an index or alias made with
	// CreateIndex to have the transform write into it instead.
	DestIndex string
}

// TransformFixture names what CreateTransform made.
type TransformFixture struct {
	ID, SourceIndex, DestIndex string
}

// transformIDLimit is Elasticsearch's limit on transform ids.
const transformIDLimit = 64

// TransformID returns a transform id unique to this test run.
func (c *Cluster) TransformID(t *testing.T) string {
	t.Helper()
	_, ids := c.TransformIDs(t, "tf")
	return ids[0]
}

// TransformIDs returns ids that share a prefix unique to this test run,
// "<prefix>-<suffix>", for tests of wildcards.
func (c *Cluster) TransformIDs(t *testing.T, suffixes ...string) (prefix string, ids []string) {
	t.Helper()
	longest := 0
	for _, s := range suffixes {
		longest = max(longest, len(s))
	}
	prefix = fmt.Sprintf("tfacc-%d-%d-%s", os.Getpid()%100000, jobCounter.Add(1),
		strings.Trim(nonIDChars.ReplaceAllString(strings.ToLower(t.Name()), "-"), "-"))
	if limit := transformIDLimit - longest - 1; len(prefix) > limit {
		prefix = strings.TrimRight(prefix[:limit], "-_.")
	}
	for _, s := range suffixes {
		ids = append(ids, prefix+"-"+s)
	}
	return prefix, ids
}

// fixtureClient talks to the back end as the fixtures do: on a real
// cluster with the environment's credentials, on the emulator as a
// superuser of its own (so fixtures work whatever user the provider
// signs in as).
func (c *Cluster) fixtureClient(t *testing.T) *esclient.Client {
	t.Helper()
	es, err := c.fixtures()
	must(t, err)
	return es
}

func (c *Cluster) fixtures() (*esclient.Client, error) {
	if c.real != nil {
		return c.real.es, nil
	}
	const user, password = "tfacc-fixtures", "tfacc-fixtures-password"
	c.Emulator.AddUser(user, password, "superuser")
	return esclient.New(esclient.Config{Endpoints: []string{c.Endpoint}, Username: user, Password: password})
}

// fixtureDo sends one fixture request, bounded in time, and decodes the
// answer into out (nil: none).
func fixtureDo(es *esclient.Client, call string, req esapi.Request, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	if err := es.Do(ctx, req, out); err != nil {
		return fmt.Errorf("%s: %w", call, err)
	}
	return nil
}

// CreateIndex creates an index (body: its mappings, settings, aliases);
// it is deleted when the test ends.
func (c *Cluster) CreateIndex(t *testing.T, name, body string) {
	t.Helper()
	es := c.fixtureClient(t)
	must(t, fixtureDo(es, "PUT /"+name, esapi.IndicesCreateRequest{Index: name, Body: strings.NewReader(body)}, nil))
	t.Cleanup(func() { deleteIndex(es, name) })
}

func deleteIndex(es *esclient.Client, name string) {
	_ = fixtureDo(es, "DELETE /"+name, esapi.IndicesDeleteRequest{Index: []string{name}, IgnoreUnavailable: ptr(true)}, nil)
}

// CreateTransform fills a source index and creates a stopped transform
// over it with PUT _transform/<id>. When the test ends the transform is
// stopped (forced) and deleted, with its source and destination indices.
func (c *Cluster) CreateTransform(t *testing.T, spec TransformSpec) TransformFixture {
	t.Helper()
	if spec.ID == "" {
		spec.ID = c.TransformID(t)
	}
	spec.Docs, spec.Hosts = cmp.Or(spec.Docs, 10), cmp.Or(spec.Hosts, 3)
	f := TransformFixture{ID: spec.ID, SourceIndex: "tfacc-src-" + spec.ID, DestIndex: cmp.Or(spec.DestIndex, "tfacc-dest-"+spec.ID)}
	es := c.fixtureClient(t)
	t.Cleanup(func() { removeTransform(es, f, spec.DestIndex == "") })

	must(t, fixtureDo(es, "PUT /"+f.SourceIndex, esapi.IndicesCreateRequest{Index: f.SourceIndex, Body: strings.NewReader(
		`{"mappings":{"properties":{"host":{"type":"keyword"},"bytes":{"type":"long"},"timestamp":{"type":"date"}}}}`)}, nil))
	addSourceDocs(t, es, f.SourceIndex, 0, spec.Docs, spec.Hosts, time.Now().Add(-2*time.Minute), time.Second)

	body := map[string]any{
		"source": map[string]any{"index": []string{f.SourceIndex}},
		"dest":   map[string]any{"index": f.DestIndex},
	}
	if spec.Continuous {
		body["frequency"] = "1s"
		body["sync"] = map[string]any{"time": map[string]any{"field": "timestamp", "delay": "1s"}}
	}
	if spec.Latest {
		body["latest"] = map[string]any{"unique_key": []string{"host"}, "sort": "timestamp"}
	} else {
		body["pivot"] = map[string]any{
			"group_by":     map[string]any{"host": map[string]any{"terms": map[string]any{"field": "host"}}},
			"aggregations": map[string]any{"bytes": map[string]any{"sum": map[string]any{"field": "bytes"}}, "last": map[string]any{"max": map[string]any{"field": "timestamp"}}},
		}
	}
	raw, _ := json.Marshal(body)
	must(t, fixtureDo(es, "PUT /_transform/"+f.ID, esapi.TransformPutTransformRequest{TransformID: f.ID, Body: strings.NewReader(string(raw))}, nil))
	return f
}

// removeTransform undoes CreateTransform; what is already gone is fine.
func removeTransform(es *esclient.Client, f TransformFixture, ownDest bool) {
	force := ptr(true)
	_ = fixtureDo(es, "stop transform", esapi.TransformStopTransformRequest{TransformID: f.ID, Force: force, WaitForCompletion: force}, nil)
	_ = fixtureDo(es, "delete transform", esapi.TransformDeleteTransformRequest{TransformID: f.ID, Force: force}, nil)
	if ownDest {
		deleteIndex(es, f.DestIndex)
	}
	deleteIndex(es, f.SourceIndex)
}

// addSourceDocs indexes documents first..first+n-1, step apart, the last
// at end.
func addSourceDocs(t *testing.T, es *esclient.Client, index string, first, n, hosts int, end time.Time, step time.Duration) {
	t.Helper()
	var bulk strings.Builder
	for i := range n {
		at := end.Add(-time.Duration(n-1-i) * step)
		fmt.Fprintf(&bulk, "{\"index\":{}}\n{\"host\":\"host-%d\",\"bytes\":%d,\"timestamp\":%d}\n", (first+i)%hosts, 100+first+i, at.UnixMilli())
	}
	var res struct {
		Errors bool            `json:"errors"`
		Items  json.RawMessage `json:"items"`
	}
	err := fixtureDo(es, "POST /"+index+"/_bulk", esapi.BulkRequest{Index: index, Body: strings.NewReader(bulk.String()), Refresh: "true"}, &res)
	if err != nil || res.Errors {
		t.Fatalf("indexing %d documents into %s: %v: %s", n, index, err, res.Items)
	}
}

// AddTransformDocs indexes n more source documents, continuing the
// numbering at first, timestamped a millisecond apart up to now: after
// the last checkpoint's upper bound (now minus the delay when it was
// made), so a continuous transform reads them once the delay has passed.
// A document timestamped before that bound would never be read.
func (c *Cluster) AddTransformDocs(t *testing.T, f TransformFixture, first, n, hosts int) {
	t.Helper()
	addSourceDocs(t, c.fixtureClient(t), f.SourceIndex, first, n, hosts, time.Now(), time.Millisecond)
}

// StartTransform starts a transform.
func (c *Cluster) StartTransform(t *testing.T, id string) {
	t.Helper()
	es := c.fixtureClient(t)
	must(t, fixtureDo(es, "POST /_transform/"+id+"/_start", esapi.TransformStartTransformRequest{TransformID: id}, nil))
}

// StopTransform stops a transform and waits until it has stopped.
func (c *Cluster) StopTransform(t *testing.T, id string, force bool) {
	t.Helper()
	wait := true
	req := esapi.TransformStopTransformRequest{TransformID: id, WaitForCompletion: &wait}
	if force {
		req.Force = &force
	}
	must(t, fixtureDo(c.fixtureClient(t), "POST /_transform/"+id+"/_stop", req, nil))
}

// WaitForCheckpoint waits (a minute at most) until the transform has
// completed checkpoint n and, for a batch transform, stopped; it returns
// the transform then.
func (c *Cluster) WaitForCheckpoint(t *testing.T, id string, n int64) Transform {
	t.Helper()
	return c.WaitForTransform(t, id, fmt.Sprintf("checkpoint %d", n), func(tf Transform) bool {
		return tf.Checkpoint >= n && (tf.Continuous || tf.State == esclient.TransformStopped)
	})
}

// WaitForTransform waits (a minute at most) until the transform satisfies
// done, and returns it then. A continuous transform reads new documents
// only once its delay has passed, possibly over several checkpoints: wait
// for the counters, not for a checkpoint number.
func (c *Cluster) WaitForTransform(t *testing.T, id, what string, done func(Transform) bool) Transform {
	t.Helper()
	var last Transform
	var lastErr error
	pause := 50 * time.Millisecond
	for deadline := time.Now().Add(time.Minute); ; {
		last, lastErr = c.lookupTransform(id)
		if lastErr == nil && done(last) {
			return last
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for transform %s to reach %s; last seen: %+v, %v", id, what, last, lastErr)
		}
		time.Sleep(pause)
		pause = min(2*pause, time.Second)
	}
}

// Transform is what a test checks about a transform and its destination.
type Transform struct {
	State, Reason                        string
	Continuous                           bool
	Checkpoint                           int64
	DocumentsProcessed, DocumentsIndexed int64
	// DestExists: an index or alias has the destination's name.
	// DestCreatedByTransform: it is an index whose mapping carries the
	// mark of a transform (a reset deletes it).
	DestExists, DestCreatedByTransform bool
}

// Transform reads a transform's state and its destination's.
func (c *Cluster) Transform(t *testing.T, id string) Transform {
	t.Helper()
	tf, err := c.lookupTransform(id)
	must(t, err)
	return tf
}

// CheckTransform checks the transform as Elasticsearch holds it.
func (c *Cluster) CheckTransform(id string, check func(Transform) error) func(*terraform.State) error {
	return func(*terraform.State) error {
		tf, err := c.lookupTransform(id)
		if err != nil {
			return err
		}
		return check(tf)
	}
}

func (c *Cluster) lookupTransform(id string) (Transform, error) {
	es, err := c.fixtures()
	if err != nil {
		return Transform{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	cfg, err := es.GetTransform(ctx, id)
	if err != nil {
		return Transform{}, err
	}
	st, err := es.TransformStats(ctx, id)
	if err != nil {
		return Transform{}, err
	}
	dest, err := es.IndexMeta(ctx, cfg.DestIndex)
	if err != nil {
		return Transform{}, err
	}
	return Transform{
		State: st.State, Reason: st.Reason, Continuous: cfg.Continuous, Checkpoint: st.Checkpoint,
		DocumentsProcessed: st.DocumentsProcessed, DocumentsIndexed: st.DocumentsIndexed,
		DestExists: dest.Exists, DestCreatedByTransform: dest.DeletedByTransformReset(),
	}, nil
}
