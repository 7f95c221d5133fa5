package emulator

import (
	"fmt"
	"strings"
	"time"
)

// ML annotations live in an ordinary hidden index behind two aliases.
// They are documents like any other: written by ML itself
// (create_username "_xpack") or by users, counted and deleted by query.
const (
	annotationsReadAlias  = ".ml-annotations-read"
	annotationsWriteAlias = ".ml-annotations-write"
	mlConfigIndex         = ".ml-config"
)

// annotationsIndexName is .ml-annotations-6 before 7.16 (inferred from the
// backport date of elastic/elasticsearch#79460; UNCONFIRMED),
// .ml-annotations-000001 since.
func (s *Server) annotationsIndexName() string {
	if s.versionLocked().atLeast(7, 16, 0) {
		return ".ml-annotations-000001"
	}
	return ".ml-annotations-6"
}

// ensureMLIndicesLocked creates .ml-config, as the first job does; the
// annotations index follows from it.
func (s *Server) ensureMLIndicesLocked() {
	if s.indices[mlConfigIndex] == nil {
		s.createIndexLocked(mlConfigIndex, true, nil)
	}
}

// ensureAnnotationsIndexLocked creates the annotations index and its
// aliases once any .ml index exists, unless upgrade mode is on. Elasticsearch
// does this shortly after the cluster-state change; here it is immediate.
func (s *Server) ensureAnnotationsIndexLocked() {
	if s.upgradeMode || s.aliases[annotationsWriteAlias] != nil {
		return
	}
	name := s.annotationsIndexName()
	if s.indices[name] == nil {
		s.indices[name] = newIndex(name, true)
	}
	s.aliases[annotationsReadAlias] = &alias{indices: []string{name}, hidden: true}
	s.aliases[annotationsWriteAlias] = &alias{indices: []string{name}, write: name, hidden: true}
}

// annotationsIndexLocked is the index the write alias points at, or nil.
func (s *Server) annotationsIndexLocked() *index {
	if a := s.aliases[annotationsWriteAlias]; a != nil {
		return s.indices[a.write]
	}
	return nil
}

// addAnnotationLocked writes an annotation document as Kibana (a user) or
// ML itself ("_xpack") would.
func (s *Server) addAnnotationLocked(jobID, id, text, by, event string, at time.Time) {
	s.ensureMLIndicesLocked()
	ix := s.annotationsIndexLocked()
	if ix == nil {
		return // upgrade mode: ML has not created it yet
	}
	now := millis(time.Now())
	ix.put(id, map[string]any{
		"annotation": text, "create_time": now, "create_username": by,
		"timestamp": millis(at), "end_timestamp": millis(at), "job_id": jobID,
		"modified_time": now, "modified_username": by, "type": "annotation", "event": event,
	})
}

// addSnapshotAnnotationLocked is what persisting a model snapshot writes.
func (s *Server) addSnapshotAnnotationLocked(jobID, snapshotID string, at time.Time) {
	s.addAnnotationLocked(jobID, "annotation_for_"+jobID+"_model_snapshot_"+snapshotID,
		fmt.Sprintf("Job model snapshot with id [%s] stored", snapshotID), xpackUser, "model_snapshot_stored", at)
}

// deleteAnnotationsLocked removes a job's generated annotations, and its
// users' too when users is true (JobDataDeleter.deleteAnnotations selects
// by create_username only).
func (s *Server) deleteAnnotationsLocked(jobID string, users bool) {
	for _, ix := range s.annotationIndicesLocked() {
		ix.remove(func(src map[string]any) bool {
			return src["job_id"] == jobID && (users || src["create_username"] == xpackUser)
		})
	}
}

// deleteEventAnnotationsFromLocked removes the job's generated annotations
// of the given events whose time is at or after from (epoch ms), as a
// revert with delete_intervening_results does (JobDataDeleter
// .deleteAnnotations with a cut-off and event types; user annotations are
// kept whatever their event).
func (s *Server) deleteEventAnnotationsFromLocked(jobID string, from int64, events ...string) {
	for _, ix := range s.annotationIndicesLocked() {
		ix.remove(func(src map[string]any) bool {
			at, dated := annotationTime(src["timestamp"])
			event, _ := src["event"].(string)
			return src["job_id"] == jobID && src["create_username"] == xpackUser && dated && at >= from && contains(events, event)
		})
	}
}

// annotationTime reads an annotation's timestamp, written by ML as epoch
// ms or by a client as JSON (a number or a date string).
func annotationTime(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	}
	t, ok := dateValue(v)
	return t.UnixMilli(), ok
}

// annotationCountsLocked splits a job's annotations into user and generated.
func (s *Server) annotationCountsLocked(jobID string) (user, generated int) {
	for _, ix := range s.annotationIndicesLocked() {
		for _, d := range ix.docs {
			if d.source["job_id"] != jobID {
				continue
			}
			if d.source["create_username"] == xpackUser {
				generated++
			} else {
				user++
			}
		}
	}
	return
}

// annotationIndicesLocked are the indices behind the read alias.
func (s *Server) annotationIndicesLocked() []*index {
	var out []*index
	if a := s.aliases[annotationsReadAlias]; a != nil {
		for _, n := range a.indices {
			if ix := s.indices[n]; ix != nil && strings.HasPrefix(n, ".ml-annotations") {
				out = append(out, ix)
			}
		}
	}
	return out
}
