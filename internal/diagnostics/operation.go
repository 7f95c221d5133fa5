// Package diagnostics is the words every operation of the provider shares
// when a request to Elasticsearch fails: what was being done, to what, and
// which cluster privilege that needs (DESIGN.md §6). Each operation words
// its own diagnostics from them; the reset adds its own special cases in
// resetdiag.
package diagnostics

import "fmt"

// Cluster privileges the operations need.
const (
	// MonitorML covers reading jobs, their statistics, datafeeds and
	// model snapshots.
	MonitorML = "monitor_ml"
	// ManageML covers closing, resetting and opening jobs and starting
	// datafeeds, and everything MonitorML covers.
	ManageML = "manage_ml"
)

// Operation is what the provider was doing when a request failed.
type Operation struct {
	// Doing names the operation as a sentence starts with it: "Refreshing".
	Doing string
	// Object is what the operation was done to: job "web-latency", or
	// jobs "web-*" for an id expression.
	Object string
	// Feature, when set, names the object's feature before it in a
	// summary: "ML" makes `Reading ML job "x" failed`. A transform needs
	// none.
	Feature string
	// Privilege is the cluster privilege the operation needs.
	Privilege string
	// Requests names the requests that need the privilege.
	Requests string
}

func job(jobID string) string { return fmt.Sprintf("job %q", jobID) }

func jobs(expr string) string { return fmt.Sprintf("jobs %q", expr) }

// Refresh is the resource's refresh, which reads its job.
func Refresh(jobID string) Operation {
	return Operation{Doing: "Refreshing", Feature: "ML", Object: job(jobID), Privilege: MonitorML, Requests: "get jobs"}
}

// Import is the adoption of a job, which reads it first.
func Import(jobID string) Operation {
	return Operation{Doing: "Importing", Feature: "ML", Object: job(jobID), Privilege: MonitorML, Requests: "get jobs"}
}

// List is the list resource, which reads the jobs of an id expression.
func List(expr string) Operation {
	return Operation{Doing: "Listing", Feature: "ML", Object: jobs(expr), Privilege: MonitorML, Requests: "get jobs"}
}

// ReadJob is the elasticsearch_ml_job data source.
func ReadJob(jobID string) Operation {
	return Operation{Doing: "Reading", Feature: "ML", Object: job(jobID), Privilege: MonitorML, Requests: "get jobs, job statistics and datafeed statistics"}
}

// ReadJobs is the elasticsearch_ml_jobs data source.
func ReadJobs(expr string) Operation {
	return Operation{Doing: "Reading", Feature: "ML", Object: jobs(expr), Privilege: MonitorML, Requests: "get jobs and job statistics"}
}

// ReadModelSnapshots is the elasticsearch_ml_model_snapshots data source.
func ReadModelSnapshots(jobID string) Operation {
	return Operation{Doing: "Reading", Feature: "ML", Object: "model snapshots of " + job(jobID), Privilege: MonitorML, Requests: "get model snapshots"}
}

// Reset is the reset of a job, by the resource or the action.
func Reset(jobID string) Operation {
	return Operation{Doing: "Resetting", Feature: "ML", Object: job(jobID), Privilege: ManageML, Requests: "close and reset"}
}
