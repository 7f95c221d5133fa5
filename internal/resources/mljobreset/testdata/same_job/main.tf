# Two resources pointing at the same job, reset in the same apply.

variable "job_id" {
  type = string
}

variable "wait_for_completion" {
  type    = bool
  default = null
}

resource "elasticsearch_ml_job_reset" "first" {
  job_id              = var.job_id
  wait_for_completion = var.wait_for_completion
}

resource "elasticsearch_ml_job_reset" "second" {
  job_id              = var.job_id
  wait_for_completion = var.wait_for_completion
}
