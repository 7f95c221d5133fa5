# The detectors of the job, kept here so that a change to them also resets
# the job (the job itself is managed elsewhere, e.g. by another provider or
# a pipeline that calls the ML APIs).
locals {
  detectors = [
    {
      function             = "high_mean"
      field_name           = "response_time_ms"
      partition_field_name = "service.name"
    },
  ]
}

variable "data_version" {
  description = "Version of the source data the jobs learn from; bump it after a re-index."
  type        = string
}

# Reset the job whenever the data it learned from or its detectors change.
resource "elasticsearch_ml_job_reset" "latency" {
  job_id = "service-latency"

  triggers = {
    data_version = var.data_version
    detectors    = sha1(jsonencode(local.detectors))
  }

  # A reset of a large job can take a while; the default bound is 20m.
  timeouts {
    create = "30m"
  }
}

# Start the reset as an Elasticsearch task and follow the task (needs the
# monitor privilege to read tasks). The apply still waits for the end of the
# reset; task_id records which task it was.
resource "elasticsearch_ml_job_reset" "error_rates" {
  job_id              = "service-error-rates"
  wait_for_completion = false

  triggers = {
    data_version = var.data_version
  }
}

# Start from a clean slate, annotations made by people included
# (Elasticsearch 8.7.0 or later). force_close closes a job in state failed.
resource "elasticsearch_ml_job_reset" "staging" {
  job_id                  = "staging-traffic"
  delete_user_annotations = true
  force_close             = true

  triggers = {
    data_version = var.data_version
  }
}

output "error_rates_reset_task" {
  value = elasticsearch_ml_job_reset.error_rates.task_id
}
