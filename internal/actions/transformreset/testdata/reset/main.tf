# One transform reset action, every attribute driven by a variable; null
# means "not set": the defaults apply. terraform_data invokes it when
# created and whenever `trigger` changes; `terraform apply -invoke`
# invokes it alone.

variable "transform_id" {
  type = string
}

variable "trigger" {
  type    = string
  default = "v1"
}

variable "force_stop" {
  type    = bool
  default = null
}

variable "after_reset" {
  type    = string
  default = null
}

variable "timeout" {
  type    = string
  default = null
}

action "elasticsearch_transform_reset" "test" {
  config {
    transform_id = var.transform_id
    force_stop   = var.force_stop
    after_reset  = var.after_reset
    timeout      = var.timeout
  }
}

resource "terraform_data" "trigger" {
  input = var.trigger

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.elasticsearch_transform_reset.test]
    }
  }
}
