# The transforms an id expression matches. Null means "not set": every
# transform, allow_no_match true.

variable "transform_id" {
  type    = string
  default = null
}

variable "allow_no_match" {
  type    = bool
  default = null
}

data "elasticsearch_transforms" "test" {
  transform_id   = var.transform_id
  allow_no_match = var.allow_no_match
}
