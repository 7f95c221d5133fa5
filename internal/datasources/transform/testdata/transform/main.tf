# One transform read by the data source.

variable "transform_id" {
  type = string
}

data "elasticsearch_transform" "test" {
  transform_id = var.transform_id
}
