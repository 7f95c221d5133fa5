package esclient

import "regexp"

// lostTaskReason is how the tasks API says a task left no trace: it is not
// running and stored no result (it ran synchronously, or its node died),
// or its node has left the cluster.
var lostTaskReason = regexp.MustCompile(`^task \[([^\]]+)\] (?:isn't running and hasn't stored its results|belongs to the node \[[^\]]*\] which isn't part of the cluster and there is no record of the task)`)

// LostTask reports whether err is Elasticsearch saying a task left no
// trace, and which task. Besides the tasks API, a reset answers this
// before 8.13 when the earlier reset that still blocks the job vanished
// (elastic/elasticsearch#105928); it is then not about the job at all.
func LostTask(err error) (taskID string, ok bool) {
	e, isES := AsError(err)
	if !isES || e.Type != typeResourceNotFound {
		return "", false
	}
	m := lostTaskReason.FindStringSubmatch(e.Reason)
	if m == nil {
		return "", false
	}
	return m[1], true
}
