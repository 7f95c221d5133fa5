package emulator

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// task is a transport task on our single node. Tasks started with store
// keep their outcome (the .tasks index) so GET _tasks serves it after the
// end; others are forgotten when they end, as in Elasticsearch.
type task struct {
	num         int64
	id          string
	action      string
	description string
	start       time.Time
	store       bool

	done      chan struct{} // closed when the task ends
	cancelReq chan struct{} // closed by the cancel API
	begun     chan struct{} // closed once a reset has claimed its job or ended
	beginOnce sync.Once

	// Guarded by Server.mu.
	end       time.Time
	cancelled bool
	response  any
	err       *esError
}

func (t *task) markBegun() { t.beginOnce.Do(func() { close(t.begun) }) }

func (t *task) ended() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

func (s *Server) startTask(action, description string, store bool) *task {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextTask++
	t := &task{
		num: s.nextTask, id: s.nodeID + ":" + strconv.FormatInt(s.nextTask, 10),
		action: action, description: description, start: time.Now(), store: store,
		done: make(chan struct{}), cancelReq: make(chan struct{}), begun: make(chan struct{}),
	}
	s.tasks[t.id] = t
	return t
}

// finishTask records the outcome and wakes everybody waiting on the task.
func (s *Server) finishTask(t *task, response any, err *esError) {
	s.mu.Lock()
	t.end = time.Now()
	t.response, t.err = response, err
	if t.store {
		s.tasksIndex = true
	} else {
		// Nothing stored: once ended, the task is unknown to GET _tasks.
		delete(s.tasks, t.id)
	}
	close(t.done)
	s.mu.Unlock()
	t.markBegun()
}

// taskJSON renders TaskInfo. Stored results re-render "cancelled" as false:
// the stored document omits it, and reading it back fills the default.
func (s *Server) taskJSON(t *task) obj {
	running := time.Since(t.start)
	cancelled := t.cancelled
	if !t.end.IsZero() {
		running = t.end.Sub(t.start)
		if t.store {
			cancelled = false
		}
	}
	return obj{
		{"node", s.nodeID},
		{"id", t.num},
		{"type", "transport"},
		{"action", t.action},
		{"description", t.description},
		{"start_time_in_millis", millis(t.start)},
		{"running_time_in_nanos", running.Nanoseconds()},
		{"cancellable", true},
		{"cancelled", cancelled},
		{"headers", obj{}},
	}
}

// parseTaskID validates "<node>:<number>" like the TaskId constructor.
func parseTaskID(raw string) (node string, err *esError) {
	node, num, found := strings.Cut(raw, ":")
	if !found || node == "" || strings.Contains(num, ":") {
		return "", badRequest("malformed task id %s", raw)
	}
	if _, perr := strconv.ParseInt(num, 10, 64); perr != nil {
		return "", badRequest("malformed task id %s", raw)
	}
	return node, nil
}

// findTaskLocked finds a running task or a stored result the way
// TransportGetTaskAction does: a task on a node that is not ours, or one
// that ended without storing its result (a synchronous task, or one whose
// node died), is not found.
func (s *Server) findTaskLocked(raw, node string) (*task, *esError) {
	if node != s.nodeID {
		return nil, notFound("task [%s] belongs to the node [%s] which isn't part of the cluster and there is no record of the task", raw, node)
	}
	t := s.tasks[raw]
	if t == nil || (t.ended() && !t.store) {
		e := notFound("task [%s] isn't running and hasn't stored its results", raw)
		if !s.tasksIndex {
			e.cause = &esError{typ: "index_not_found_exception", reason: "no such index [.tasks]", meta: obj{
				{"resource.type", "index_expression"}, {"resource.id", ".tasks"}, {"index_uuid", "_na_"}, {"index", ".tasks"}}}
		}
		return nil, e
	}
	return t, nil
}

func (s *Server) handleGetTask(c *call) (func() reply, *esError) {
	raw := c.vars["task_id"]
	wait, err := c.boolParam("wait_for_completion", false)
	if err != nil {
		return nil, err
	}
	timeout, err := c.timeParam("timeout", 30*time.Second)
	if err != nil {
		return nil, err
	}
	node, err := parseTaskID(raw)
	if err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		t, err := s.findTaskLocked(raw, node)
		if err != nil {
			s.mu.Unlock()
			return fail(err)
		}
		v := s.versionLocked()
		s.mu.Unlock()

		// Long poll: answer the moment the task ends.
		if wait && !t.ended() {
			if !s.waitClosed(c.r.Context(), t.done, timeout) {
				return fail(timeoutError(v, "Timed out waiting for completion of task"))
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !t.ended() {
			return ok(obj{{"completed", false}, {"task", s.taskJSON(t)}})
		}
		out := obj{{"completed", true}, {"task", s.taskJSON(t)}}
		if t.store {
			if t.err != nil {
				out = append(out, field{"error", t.err.inner()})
			} else if t.response != nil {
				out = append(out, field{"response", t.response})
			}
		}
		return ok(out)
	}, nil
}

// handleCancelTask cancels a running task; a reset notices at its next
// checkpoint and ends with acknowledged:false.
func (s *Server) handleCancelTask(c *call) (func() reply, *esError) {
	raw := c.vars["task_id"]
	for _, p := range []string{"actions", "nodes", "parent_task_id", "group_by"} {
		c.param(p)
	}
	wait, err := c.boolParam("wait_for_completion", false)
	if err != nil {
		return nil, err
	}
	if _, err := parseTaskID(raw); err != nil {
		return nil, err
	}
	return func() reply {
		s.mu.Lock()
		t := s.tasks[raw]
		if t == nil || t.ended() {
			s.mu.Unlock()
			// UNCONFIRMED: answered as a top-level 404.
			return fail(notFound("task [%s] is not found", raw))
		}
		if !t.cancelled {
			t.cancelled = true
			close(t.cancelReq)
		}
		info := s.taskJSON(t)
		s.mu.Unlock()
		if wait {
			s.waitClosed(c.r.Context(), t.done, -1)
		}
		return ok(obj{{"nodes", obj{{s.nodeID, obj{
			{"name", "es-emulator-0"},
			{"transport_address", "127.0.0.1:9300"},
			{"host", "127.0.0.1"},
			{"ip", "127.0.0.1:9300"},
			{"roles", []string{"data", "master", "ml"}},
			{"tasks", obj{{raw, info}}},
		}}}}})
	}, nil
}

// OnResetEnd registers a hook called when any reset task ends.
func (s *Server) OnResetEnd(fn func(jobID, taskID string, end time.Time)) {
	s.hookMu.Lock()
	defer s.hookMu.Unlock()
	s.resetHooks = append(s.resetHooks, fn)
}

func (s *Server) fireResetEnd(jobID, taskID string, end time.Time) {
	s.hookMu.Lock()
	hooks := append([]func(string, string, time.Time){}, s.resetHooks...)
	s.hookMu.Unlock()
	for _, h := range hooks {
		h(jobID, taskID, end)
	}
}
