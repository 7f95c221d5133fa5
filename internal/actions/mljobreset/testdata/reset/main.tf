# One reset action, every attribute driven by a variable; null means "not
# set": the defaults apply. terraform_data invokes it when created and
# whenever `trigger` changes; `terraform apply -invoke` invokes it alone.

variable "job_id" {
  type = string
}

variable "trigger" {
  type    = string
  default = "v1"
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

variable "timeout" {
  type    = string
  default = null
}

action "elasticsearch_ml_job_reset" "test" {
  config {
    job_id                  = var.job_id
    delete_user_annotations = var.delete_user_annotations
    wait_for_completion     = var.wait_for_completion
    force_close             = var.force_close
    after_reset             = var.after_reset
    datafeed_start          = var.datafeed_start
    timeout                 = var.timeout
  }
}

resource "terraform_data" "trigger" {
  input = var.trigger

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.elasticsearch_ml_job_reset.test]
    }
  }
}
