# Version of the source data the transforms read; bump it after a re-index.
variable "data_version" { type = string }

# Every transform of the pattern.
data "elasticsearch_transforms" "orders" {
  transform_id = "orders-*"
}

# Reset each of them when the data version changes, in one apply.
resource "elasticsearch_transform_reset" "orders" {
  for_each = toset(data.elasticsearch_transforms.orders.ids)

  transform_id = each.key
  triggers = {
    data_version = var.data_version
  }
}
