package diagnostics

import "fmt"

// The operations on transforms, and the privileges they need.

const (
	// MonitorTransform covers reading transforms and their statistics.
	MonitorTransform = "monitor_transform"
	// ManageTransform covers stopping, resetting and starting transforms,
	// and everything MonitorTransform covers.
	ManageTransform = "manage_transform"
	// ViewIndexMetadata is the index privilege that reading an index's
	// mapping needs.
	ViewIndexMetadata = "view_index_metadata"
)

func transform(id string) string { return fmt.Sprintf("transform %q", id) }

func transforms(expr string) string { return fmt.Sprintf("transforms %q", expr) }

// transformOperation is an operation on one transform. A transform needs
// no Feature: summaries name it as details do.
func transformOperation(doing, id, privilege, requests string) Operation {
	return Operation{Doing: doing, Object: transform(id), Privilege: privilege, Requests: requests}
}

// ResetTransform is the reset of a transform, by the resource or the
// action.
func ResetTransform(id string) Operation {
	return transformOperation("Resetting", id, ManageTransform, "stop, reset and start")
}

// RefreshTransform is the transform reset resource's refresh, which reads
// its transform.
func RefreshTransform(id string) Operation {
	return transformOperation("Refreshing", id, MonitorTransform, "get transforms")
}

// ImportTransform is the adoption of a transform, which reads it first.
func ImportTransform(id string) Operation {
	return transformOperation("Importing", id, MonitorTransform, "get transforms")
}

// ReadTransform is the elasticsearch_transform data source.
func ReadTransform(id string) Operation {
	return Operation{Doing: "Reading", Object: transform(id), Privilege: MonitorTransform, Requests: "get transforms and transform statistics"}
}

// ReadTransforms is the elasticsearch_transforms data source.
func ReadTransforms(expr string) Operation {
	return Operation{Doing: "Reading", Object: transforms(expr), Privilege: MonitorTransform, Requests: "get transforms and transform statistics"}
}

// ListTransforms is the list resource elasticsearch_transform_reset, which
// reads the transforms of an id expression.
func ListTransforms(expr string) Operation {
	return Operation{Doing: "Listing", Object: transforms(expr), Privilege: MonitorTransform, Requests: "get transforms"}
}
