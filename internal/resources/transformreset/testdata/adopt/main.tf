# A transform reset as an adopted one is often written: no timeouts block,
# so that after the import nothing but the adoption itself differs from
# the state.

variable "transform_id" {
  type = string
}

variable "triggers" {
  type    = map(string)
  default = null
}

resource "elasticsearch_transform_reset" "test" {
  transform_id = var.transform_id
  triggers     = var.triggers
}
