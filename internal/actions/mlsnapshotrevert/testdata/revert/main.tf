# One revert action, every attribute driven by a variable; null means "not
# set": the defaults apply. terraform_data invokes it when created and
# whenever `trigger` changes; `terraform apply -invoke` invokes it alone.

variable "job_id" {
  type = string
}

variable "snapshot_id" {
  type = string
}

variable "trigger" {
  type    = string
  default = "v1"
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

variable "timeout" {
  type    = string
  default = null
}

action "elasticsearch_ml_model_snapshot_revert" "test" {
  config {
    job_id                     = var.job_id
    snapshot_id                = var.snapshot_id
    delete_intervening_results = var.delete_intervening_results
    force_close                = var.force_close
    after_revert               = var.after_revert
    datafeed_start             = var.datafeed_start
    timeout                    = var.timeout
  }
}

resource "terraform_data" "trigger" {
  input = var.trigger

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.elasticsearch_ml_model_snapshot_revert.test]
    }
  }
}
