package emulator

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"
)

// The indexer of a started transform. Each pass reads the source and
// writes the destination under the server lock, so what a pass did is
// visible all at once. A batch transform makes checkpoint 1 from every
// source document matching its query and stops. A continuous one makes
// its first checkpoint at once, then a new one whenever documents arrived
// whose sync field lies between the last checkpoint's upper bound and now
// minus delay; it looks every frequency (60s by default) and stays started.

// startTransformTaskLocked creates the transform's task; its first pass
// starts right away, in the background, as the start API has answered.
func (s *Server) startTransformTaskLocked(tf *transform, from time.Time) {
	task := &transformTask{state: tfStarted, from: from}
	tf.task = task
	s.notifyLocked()
	go s.runTransformPass(tf, task)
}

// endTransformTaskLocked removes the task: the transform is stopped, its
// state document (checkpoint, counters) stays.
func (s *Server) endTransformTaskLocked(tf *transform) {
	if tf.task != nil && tf.task.next != nil {
		tf.task.next.Stop()
	}
	tf.task = nil
	s.notifyLocked()
}

// failTransformLocked puts the task in state failed. Only a forced stop
// ends it.
func (s *Server) failTransformLocked(tf *transform, reason string) {
	if tf.task == nil {
		tf.task = &transformTask{}
	}
	if tf.task.next != nil {
		tf.task.next.Stop()
	}
	tf.task.state, tf.task.reason, tf.task.failed = tfFailed, reason, time.Now()
	s.notifyLocked()
}

// HoldTransformPasses keeps transform passes in state "indexing" until
// release is called, so a test can act while a transform is indexing.
func (s *Server) HoldTransformPasses() (release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gate := make(chan struct{})
	s.transforms.gate = gate
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.transforms.gate == gate {
			s.transforms.gate = nil
		}
		close(gate)
	}
}

// runTransformPass is one trigger of the indexer: it goes indexing, waits
// at the hold if there is one, then makes a checkpoint if there is
// something to do. A stop, a delete, a failure or a restart meanwhile ends
// it without effect.
func (s *Server) runTransformPass(tf *transform, task *transformTask) {
	select {
	case <-s.quit: // the server is closed: no more passes
		return
	default:
	}
	s.mu.Lock()
	if tf.task != task || s.transformsLocked()[tf.id] != tf || task.state != tfStarted {
		s.mu.Unlock()
		return
	}
	task.state = tfIndexing
	gate := s.transforms.gate
	s.notifyLocked()
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-s.quit:
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if tf.task != task || s.transformsLocked()[tf.id] != tf {
		return
	}
	switch task.state {
	case tfStopping: // stopped while indexing: end before the checkpoint
		s.endTransformTaskLocked(tf)
		return
	case tfIndexing:
		s.transformPassLocked(tf, task)
	}
}

func (s *Server) transformPassLocked(tf *transform, task *transformTask) {
	// Checkpoint times are whole milliseconds, as Elasticsearch keeps them.
	now := time.Now().Truncate(time.Millisecond)
	tf.counters.triggerCount++
	if !tf.continuous() {
		if tf.checkpoint >= 1 {
			// A finished batch transform started again finds nothing to
			// do and stays started until stopped
			// (elastic/elasticsearch#46453).
			task.state = tfStarted
			s.notifyLocked()
			return
		}
		docs, err := s.transformSourceLocked(tf, time.Time{}, time.Time{})
		if err != nil {
			s.failTransformLocked(tf, failuresReason(err.reason))
			return
		}
		if !s.checkpointLocked(tf, docs, docs, now, time.Time{}) {
			return
		}
		s.endTransformTaskLocked(tf) // a batch transform stops when done
		return
	}
	upper := now.Add(-tf.sync.delay)
	lower := tf.upperBound
	if tf.checkpoint == 0 {
		lower = task.from
	}
	changed, err := s.transformSourceLocked(tf, lower, upper)
	if err != nil {
		s.failTransformLocked(tf, failuresReason(err.reason))
		return
	}
	tf.lastSearch = now
	tf.counters.searchTotal++
	if len(changed) > 0 {
		tf.changesSeen = now
	}
	if tf.checkpoint == 0 || len(changed) > 0 {
		scope, _ := s.transformSourceLocked(tf, task.from, upper)
		if !s.checkpointLocked(tf, changed, scope, now, upper) {
			return
		}
	}
	if task.stopAtCheckpoint {
		s.endTransformTaskLocked(tf)
		return
	}
	task.state = tfStarted
	task.next = time.AfterFunc(tf.interval(), func() { s.runTransformPass(tf, task) })
	s.notifyLocked()
}

// failuresReason is how a transform that kept failing words its reason.
// UNCONFIRMED: the retry count (num_failure_retries, 10 by default) is not
// modelled: the first failure fails the transform.
func failuresReason(cause string) string {
	return "task encountered more than 10 failures; latest failure: " + cause
}

// transformSourceLocked returns the source documents matching the query,
// in index then write order; with a non-zero to, only those whose sync
// field lies in [from, to).
func (s *Server) transformSourceLocked(tf *transform, from, to time.Time) ([]map[string]any, *esError) {
	targets, err := s.resolveLocked(strings.Join(tf.sourceIndices, ","), false)
	if err != nil {
		return nil, err
	}
	var docs []map[string]any
	for _, ix := range targets {
		for _, d := range ix.docs {
			if !tf.match(d.source) {
				continue
			}
			if !to.IsZero() {
				at, ok := dateValue(lookup(d.source, tf.sync.field))
				if !ok || at.Before(from) || !at.Before(to) {
					continue
				}
			}
			docs = append(docs, d.source)
		}
	}
	return docs, nil
}

// checkpointLocked writes the buckets the changed documents fall into,
// each computed over every document of scope, and advances the checkpoint
// and the counters. False when the destination refused the writes (the
// transform has failed).
func (s *Server) checkpointLocked(tf *transform, changed, scope []map[string]any, now, upper time.Time) bool {
	touched := map[string]bool{}
	for _, d := range changed {
		if key, ok := tf.bucketKey(d); ok {
			touched[bucketID(key)] = true
		}
	}
	buckets := map[string]*bucket{}
	for _, d := range scope {
		key, ok := tf.bucketKey(d)
		if !ok {
			continue
		}
		id := bucketID(key)
		if !touched[id] {
			continue
		}
		if buckets[id] == nil {
			buckets[id] = &bucket{key: key}
		}
		buckets[id].docs = append(buckets[id].docs, d)
	}
	if len(buckets) > 0 {
		dest, err := s.writeTargetLocked(tf.destIndex, false)
		if err != nil {
			s.failTransformLocked(tf, "Failed to index documents into destination index due to permanent error: ["+err.reason+"]")
			return false
		}
		ids := sortedKeys(buckets)
		for _, id := range ids {
			dest.put(id, tf.output(buckets[id]))
		}
	}
	processed := 0
	for _, b := range buckets {
		processed += len(b.docs)
	}
	c := &tf.counters
	// One search page per max_page_search_size (500) buckets, at least one.
	pages := int64(max(1, int(math.Ceil(float64(len(buckets))/500))))
	c.pagesProcessed += pages
	c.searchTotal += pages
	c.processingTotal += pages
	if len(buckets) > 0 {
		c.indexTotal++
	}
	c.documentsProcessed += int64(processed)
	c.documentsIndexed += int64(len(buckets))
	c.averageCheckpoint(float64(time.Since(now).Milliseconds()), float64(len(buckets)), float64(processed))
	tf.checkpoint++
	tf.checkpointTime = now
	tf.upperBound = upper
	s.notifyLocked()
	return true
}

// averageCheckpoint updates the exponential averages per checkpoint
// (TransformIndexerStats, alpha 0.1; the first checkpoint sets them).
func (c *transformCounters) averageCheckpoint(durationMs, indexed, processed float64) {
	const alpha = 0.1
	if c.avgCheckpointMs == 0 && c.avgIndexed == 0 && c.avgProcessed == 0 {
		c.avgCheckpointMs, c.avgIndexed, c.avgProcessed = durationMs, indexed, processed
		return
	}
	c.avgCheckpointMs = alpha*durationMs + (1-alpha)*c.avgCheckpointMs
	c.avgIndexed = alpha*indexed + (1-alpha)*c.avgIndexed
	c.avgProcessed = alpha*processed + (1-alpha)*c.avgProcessed
}

// createDestIndexLocked creates the destination index at start when no
// index or alias has its name: with the transform's mappings and _meta
// marker, then the configured aliases (TransformIndex.createDestinationIndex).
func (s *Server) createDestIndexLocked(tf *transform) {
	if s.indices[tf.destIndex] != nil || s.aliases[tf.destIndex] != nil {
		return
	}
	s.createIndexLocked(tf.destIndex, false, s.destMappingsLocked(tf))
	for _, a := range tf.destAliases {
		if a.MoveOnCreation {
			if old := s.aliases[a.Alias]; old != nil {
				for _, n := range append([]string(nil), old.indices...) {
					s.removeFromAliasLocked(a.Alias, n)
				}
			}
		}
		s.addAliasLocked(a.Alias, tf.destIndex, nil)
	}
}

// awaitTransformsStopped waits until none of the transforms has a task,
// or the timeout passes (false).
func (s *Server) awaitTransformsStopped(ctx context.Context, tfs []*transform, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		running := false
		for _, tf := range tfs {
			running = running || tf.task != nil
		}
		changed := s.changed
		s.mu.Unlock()
		if !running {
			return true
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		select {
		case <-s.quit:
			return false
		default:
		}
		if !s.waitClosed(ctx, changed, left) && ctx.Err() != nil {
			return false
		}
	}
}

// transformIDs lists ids in order, for messages.
func transformIDs(tfs []*transform) []string {
	ids := make([]string, len(tfs))
	for i, tf := range tfs {
		ids[i] = tf.id
	}
	sort.Strings(ids)
	return ids
}
