# Roll a job back to the last model from before an incident: the newest
# snapshot taken before it started, whatever its id.
variable "incident_start" {
  type        = string
  description = "When bad data started to arrive, e.g. 2024-06-01T08:00:00Z."
}

data "elasticsearch_ml_model_snapshots" "before_incident" {
  job_id = "service-latency"
  end    = var.incident_start # snapshots taken before it, newest first
}

resource "elasticsearch_ml_model_snapshot_revert" "rollback" {
  job_id      = data.elasticsearch_ml_model_snapshots.before_incident.job_id
  snapshot_id = data.elasticsearch_ml_model_snapshots.before_incident.snapshots[0].snapshot_id

  # Forget the results computed from the bad data, and let the datafeed that
  # ran before replay everything since the snapshot with the restored model.
  delete_intervening_results = true
  after_revert               = "restore"

  timeouts {
    create = "30m"
  }
}

output "restored_model" {
  value = {
    snapshot    = elasticsearch_ml_model_snapshot_revert.rollback.snapshot_id
    data_until  = elasticsearch_ml_model_snapshot_revert.rollback.latest_record_time
    description = data.elasticsearch_ml_model_snapshots.before_incident.snapshots[0].description
  }
}
