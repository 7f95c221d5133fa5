# One revert, every attribute driven by a variable so that each test step
# can vary what it needs. Null means "not set": defaults apply.

variable "job_id" {
  type = string
}

variable "snapshot_id" {
  type = string
}

variable "triggers" {
  type    = map(string)
  default = null
}

variable "delete_intervening_results" {
  type    = bool
  default = null
}

variable "force_close" {
  type    = bool
  default = null
}

variable "after_revert" {
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

resource "elasticsearch_ml_model_snapshot_revert" "test" {
  job_id                     = var.job_id
  snapshot_id                = var.snapshot_id
  triggers                   = var.triggers
  delete_intervening_results = var.delete_intervening_results
  force_close                = var.force_close
  after_revert               = var.after_revert
  datafeed_start             = var.datafeed_start

  timeouts {
    create = var.create_timeout
  }
}
