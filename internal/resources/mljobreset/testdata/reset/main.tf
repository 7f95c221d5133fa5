# One job reset, every attribute driven by a variable so that each test
# step can vary what it needs. Null means "not set": defaults apply.

variable "job_id" {
  type = string
}

variable "triggers" {
  type    = map(string)
  default = null
}

variable "delete_user_annotations" {
  type    = bool
  default = null
}

variable "wait_for_completion" {
  type    = bool
  default = null
}

variable "force_close" {
  type    = bool
  default = null
}

variable "after_reset" {
  type    = string
  default = null
}

variable "datafeed_start" {
  type    = string
  default = null
}

variable "create_timeout" {
  type    = string
  default = null
}

resource "elasticsearch_ml_job_reset" "test" {
  job_id                  = var.job_id
  triggers                = var.triggers
  delete_user_annotations = var.delete_user_annotations
  wait_for_completion     = var.wait_for_completion
  force_close             = var.force_close
  after_reset             = var.after_reset
  datafeed_start          = var.datafeed_start

  timeouts {
    create = var.create_timeout
  }
}
