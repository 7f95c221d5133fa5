package mlreset

// Object is what a flow works on, named as Elasticsearch's APIs name it.
// Every event and warning of a run carries it.
type Object struct {
	Kind ObjectKind
	ID   string
}

// ObjectKind is a kind of Object.
type ObjectKind string

// ObjectJob is an anomaly-detection job: what a job reset works on.
const ObjectJob ObjectKind = "job"

// stamp names o in w. The job's id goes in JobID too, where the words
// for a job's warnings look for it.
func (o Object) stamp(w Warning) Warning {
	w.Object = o
	if o.Kind == ObjectJob {
		w.JobID = o.ID
	}
	return w
}
