# After the apply, a check block asserts that the job runs and has seen the
# records it should have.

variable "job_id" {
  type = string
}

variable "expected_records" {
  type = number
}

check "job_running" {
  data "elasticsearch_ml_job" "job" {
    job_id = var.job_id
  }

  assert {
    condition     = data.elasticsearch_ml_job.job.state == "opened" && data.elasticsearch_ml_job.job.processed_record_count == var.expected_records
    error_message = "ML job ${var.job_id} is ${data.elasticsearch_ml_job.job.state} with ${data.elasticsearch_ml_job.job.processed_record_count} records processed, want opened with ${var.expected_records}."
  }
}
