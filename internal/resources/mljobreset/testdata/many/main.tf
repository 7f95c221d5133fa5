# Many jobs reset in one apply.

variable "job_id" {
  type = string
}

variable "job_ids" {
  type = list(string)
}

variable "wait_for_completion" {
  type    = bool
  default = null
}

resource "elasticsearch_ml_job_reset" "test" {
  count = length(var.job_ids)

  job_id              = var.job_ids[count.index]
  wait_for_completion = var.wait_for_completion
}
