# One transform reset, every attribute driven by a variable so that each
# test step can vary what it needs. Null means "not set": defaults apply.

variable "transform_id" {
  type = string
}

variable "triggers" {
  type    = map(string)
  default = null
}

variable "force_stop" {
  type    = bool
  default = null
}

variable "after_reset" {
  type    = string
  default = null
}

variable "create_timeout" {
  type    = string
  default = null
}

resource "elasticsearch_transform_reset" "test" {
  transform_id = var.transform_id
  triggers     = var.triggers
  force_stop   = var.force_stop
  after_reset  = var.after_reset

  timeouts {
    create = var.create_timeout
  }
}
