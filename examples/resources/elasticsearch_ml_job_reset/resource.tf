# Version of the source data the jobs learn from; bump it after a re-index.
variable "data_version" { type = string }

locals {
  # The job's detectors, as configured wherever the job itself is managed.
  detectors = [{ function = "high_mean", field_name = "response_time_ms", partition_field_name = "service.name" }]
}

# Reset the job whenever its source data or its detectors change.
resource "elasticsearch_ml_job_reset" "latency" {
  job_id = "service-latency"

  triggers = {
    data_version = var.data_version
    detectors    = sha1(jsonencode(local.detectors))
  }

  timeouts { create = "30m" }
}

# Start afresh, annotations made by people included, even from state failed;
# run the reset as an Elasticsearch task, whose id task_id records.
resource "elasticsearch_ml_job_reset" "staging" {
  job_id                  = "staging-traffic"
  delete_user_annotations = true
  force_close             = true
  wait_for_completion     = false

  triggers = {
    data_version = var.data_version
  }
}
