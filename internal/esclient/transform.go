package esclient

import (
	"context"
	"encoding/json"
	"time"

	"github.com/elastic/go-elasticsearch/v8/esapi"
)

// Transforms: their configuration and statistics (one, or every one an id
// expression matches, page by page), stop, reset and start, and what the
// mapping of a destination index says about who created it.

// Transform states, as the stats API spells them. No task means stopped.
const (
	TransformStopped  = "stopped"
	TransformStarted  = "started"  // idle between checkpoints
	TransformIndexing = "indexing" // working on a checkpoint
	TransformStopping = "stopping"
	TransformAborting = "aborting"
	TransformFailed   = "failed"
	TransformWaiting  = "waiting" // its task waits for a node
)

// Transform is the part of a transform's configuration the provider reads.
type Transform struct {
	ID            string
	SourceIndices []string
	DestIndex     string
	// Continuous transforms (those with a sync section) keep running and
	// make a checkpoint whenever their source changes; batch ones stop
	// after checkpoint 1.
	Continuous bool
}

type transformJSON struct {
	ID     string `json:"id"`
	Source struct {
		Index stringList `json:"index"`
	} `json:"source"`
	Dest struct {
		Index string `json:"index"`
	} `json:"dest"`
	Sync json.RawMessage `json:"sync"`
}

func (t transformJSON) transform() Transform {
	return Transform{ID: t.ID, SourceIndices: t.Source.Index, DestIndex: t.Dest.Index, Continuous: len(t.Sync) > 0 && string(t.Sync) != "null"}
}

// stringList reads a list of strings that may also be written as one string.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*l = []string{one}
		return nil
	}
	var many []string
	err := json.Unmarshal(b, &many)
	*l = many
	return err
}

// GetTransform reads one transform's configuration. A missing transform
// satisfies IsTransformNotFound.
func (c *Client) GetTransform(ctx context.Context, id string) (Transform, error) {
	var answer struct {
		Transforms []transformJSON `json:"transforms"`
	}
	if err := c.Do(ctx, esapi.TransformGetTransformRequest{TransformID: id}, &answer); err != nil {
		return Transform{}, err
	}
	for _, t := range answer.Transforms {
		if t.ID == id {
			return t.transform(), nil
		}
	}
	return Transform{}, transformNotFound(id)
}

// TransformStats is the part of a transform's statistics the provider
// reads.
type TransformStats struct {
	ID    string
	State string
	// Reason says why a failed transform failed; empty otherwise.
	Reason string
	// Checkpoint is the last checkpoint completed: 0 before the first run
	// and after a reset. CheckpointTime is zero without one.
	Checkpoint     int64
	CheckpointTime time.Time
	// DocumentsProcessed counts the source documents read,
	// DocumentsIndexed the destination documents written, since the
	// transform was created or reset.
	DocumentsProcessed int64
	DocumentsIndexed   int64
	// Health is green, yellow, red or unknown; empty before 8.6.
	Health string
}

// Running reports a transform whose task works or waits to: started,
// indexing or waiting. A stopping, aborting or failed one is not.
func (s TransformStats) Running() bool {
	return s.State == TransformStarted || s.State == TransformIndexing || s.State == TransformWaiting
}

type transformStatsJSON struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Reason string `json:"reason"`
	Stats  struct {
		DocumentsProcessed int64 `json:"documents_processed"`
		DocumentsIndexed   int64 `json:"documents_indexed"`
	} `json:"stats"`
	Checkpointing struct {
		Last struct {
			Checkpoint      int64  `json:"checkpoint"`
			TimestampMillis *int64 `json:"timestamp_millis"`
		} `json:"last"`
	} `json:"checkpointing"`
	Health *struct {
		Status string `json:"status"`
	} `json:"health"`
}

func (t transformStatsJSON) stats() TransformStats {
	s := TransformStats{
		ID: t.ID, State: t.State, Reason: t.Reason,
		Checkpoint: t.Checkpointing.Last.Checkpoint, CheckpointTime: epochMillis(t.Checkpointing.Last.TimestampMillis),
		DocumentsProcessed: t.Stats.DocumentsProcessed, DocumentsIndexed: t.Stats.DocumentsIndexed,
	}
	if t.Health != nil {
		s.Health = t.Health.Status
	}
	return s
}

// TransformStats reads one transform's statistics. Elasticsearch answers
// an empty list for a missing transform; that satisfies
// IsTransformNotFound.
func (c *Client) TransformStats(ctx context.Context, id string) (TransformStats, error) {
	var answer struct {
		Transforms []transformStatsJSON `json:"transforms"`
	}
	if err := c.Do(ctx, esapi.TransformGetTransformStatsRequest{TransformID: id}, &answer); err != nil {
		return TransformStats{}, err
	}
	for _, t := range answer.Transforms {
		if t.ID == id {
			return t.stats(), nil
		}
	}
	return TransformStats{}, transformNotFound(id)
}

// transformPageSize is the most transforms Elasticsearch gives in one
// answer (100 unless asked).
var transformPageSize = 1000

// Transforms reads every transform an id expression matches (ids and
// wildcards, comma-separated; "_all" or "" for every one), in id order,
// asking page after page. An exact id that matches nothing satisfies
// IsTransformNotFound whatever allowNoMatch says; a wildcard or "_all" that
// matches nothing does only when allowNoMatch is false. Elasticsearch
// pages no further than 10,000 transforms: past that the listing fails.
func (c *Client) Transforms(ctx context.Context, expr string, allowNoMatch bool) ([]Transform, error) {
	return allPages(func(from, size int) (int, []Transform, error) {
		var answer struct {
			Count      int             `json:"count"`
			Transforms []transformJSON `json:"transforms"`
		}
		req := esapi.TransformGetTransformRequest{TransformID: expr, AllowNoMatch: &allowNoMatch, From: &from, Size: &size}
		if err := c.Do(ctx, req, &answer); err != nil {
			return 0, nil, err
		}
		page := make([]Transform, len(answer.Transforms))
		for i, t := range answer.Transforms {
			page[i] = t.transform()
		}
		return answer.Count, page, nil
	})
}

// TransformsStats reads the statistics of every transform an id
// expression matches, in id order, page after page. Elasticsearch answers
// an empty list, never an error, when nothing matches.
func (c *Client) TransformsStats(ctx context.Context, expr string, allowNoMatch bool) ([]TransformStats, error) {
	return allPages(func(from, size int) (int, []TransformStats, error) {
		var answer struct {
			Count      int                  `json:"count"`
			Transforms []transformStatsJSON `json:"transforms"`
		}
		req := esapi.TransformGetTransformStatsRequest{TransformID: expr, AllowNoMatch: &allowNoMatch, From: &from, Size: &size}
		if err := c.Do(ctx, req, &answer); err != nil {
			return 0, nil, err
		}
		page := make([]TransformStats, len(answer.Transforms))
		for i, t := range answer.Transforms {
			page[i] = t.stats()
		}
		return answer.Count, page, nil
	})
}

// allPages asks for pages until it has count items (the total every
// answer gives) or a page comes back short.
func allPages[T any](fetch func(from, size int) (count int, page []T, err error)) ([]T, error) {
	var all []T
	for from := 0; ; from += transformPageSize {
		count, page, err := fetch(from, transformPageSize)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < transformPageSize || len(all) >= count {
			return all, nil
		}
	}
}

// StopTransform stops a transform and returns once it has stopped
// (wait_for_completion). Stopping a stopped transform does nothing. A
// failed transform stops only with force (IsTransformFailed); a stop that
// takes longer than Elasticsearch waits satisfies IsTransformStopTimedOut.
func (c *Client) StopTransform(ctx context.Context, id string, force bool) error {
	wait := true
	req := esapi.TransformStopTransformRequest{TransformID: id, WaitForCompletion: &wait}
	if force {
		req.Force = &force
	}
	_, err := c.perform(ctx, req)
	return err
}

// ResetTransform deletes a stopped transform's checkpoints and counters,
// and its destination index when the transform created it
// (IndexMeta.DeletedByTransformReset), and returns when that is done. It
// sends no force: a transform that runs again (someone started it since
// it was stopped) is refused, IsTransformRunning.
func (c *Client) ResetTransform(ctx context.Context, id string) error {
	_, err := c.perform(ctx, esapi.TransformResetTransformRequest{TransformID: id})
	return err
}

// StartTransform starts a transform; it creates the destination index
// first if there is none. A transform already started satisfies
// IsTransformAlreadyStarted, a failed one IsTransformFailed.
func (c *Client) StartTransform(ctx context.Context, id string) error {
	_, err := c.perform(ctx, esapi.TransformStartTransformRequest{TransformID: id})
	return err
}

// IndexMeta is what an index's mapping says about who created it.
type IndexMeta struct {
	// Exists is false when no index or alias has the name.
	Exists bool
	// Concrete is true when the name is an index's own, false for an
	// alias (the mapping answer names the indices behind it instead).
	Concrete bool
	// CreatedBy is the mapping's _meta.created_by of a concrete index:
	// "transform" when a transform created it.
	CreatedBy string
}

// DeletedByTransformReset reports a destination index a transform reset
// deletes: an index (not an alias) whose mapping says a transform created
// it. Elasticsearch does not check which transform.
func (m IndexMeta) DeletedByTransformReset() bool {
	return m.Exists && m.Concrete && m.CreatedBy == "transform"
}

// IndexMeta reads GET <index>/_mapping for the _meta of an index or alias
// name. A name nothing has is no error (Exists false). Reading a mapping
// needs view_index_metadata on the index (IsForbidden).
func (c *Client) IndexMeta(ctx context.Context, index string) (IndexMeta, error) {
	var answer map[string]struct {
		Mappings struct {
			Meta map[string]any `json:"_meta"`
		} `json:"mappings"`
	}
	err := c.Do(ctx, esapi.IndicesGetMappingRequest{Index: []string{index}}, &answer)
	if isType(err, typeIndexNotFound) {
		return IndexMeta{}, nil
	}
	if err != nil {
		return IndexMeta{}, err
	}
	m := IndexMeta{Exists: len(answer) > 0}
	if own, ok := answer[index]; ok {
		m.Concrete = true
		m.CreatedBy, _ = own.Mappings.Meta["created_by"].(string)
	}
	return m, nil
}
