# When bad data started to reach the job (an outage, a replayed log).
variable "incident_start" {
  type    = string
  default = "2025-03-01T09:00:00Z"
}

# The snapshots stored before the incident, newest first: the first is
# the last model that had not seen the bad data.
data "elasticsearch_ml_model_snapshots" "before_incident" {
  job_id = "service-latency"
  end    = var.incident_start

  lifecycle {
    postcondition {
      condition     = length(self.snapshots) > 0
      error_message = "ML job service-latency stored no model snapshot before ${var.incident_start}."
    }
  }
}

output "last_snapshot_before_incident" {
  value = data.elasticsearch_ml_model_snapshots.before_incident.snapshots[0].snapshot_id
}

# The snapshots of the last week that retention will not delete.
data "elasticsearch_ml_model_snapshots" "last_week" {
  job_id = "service-latency"
  start  = "now-7d"
}

output "retained_last_week" {
  value = [for s in data.elasticsearch_ml_model_snapshots.last_week.snapshots : s.snapshot_id if s.retain]
}
