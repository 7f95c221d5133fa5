# The jobs an id expression matches. Null means "not set": every job,
# allow_no_match true.

variable "job_id" {
  type    = string
  default = null
}

variable "allow_no_match" {
  type    = bool
  default = null
}

data "elasticsearch_ml_jobs" "test" {
  job_id         = var.job_id
  allow_no_match = var.allow_no_match
}
