# Version of the source data the transform reads; bump it after a re-index.
variable "data_version" { type = string }

# Reset the transform whenever its source is re-indexed, and start it
# again if it was running: it rebuilds its destination from all the data.
resource "elasticsearch_transform_reset" "sales_by_host" {
  transform_id = "sales-by-host"
  after_reset  = "restore"

  triggers = {
    data_version = var.data_version
  }

  timeouts { create = "30m" }
}

# A transform that failed stops only by force; start it whatever ran before.
resource "elasticsearch_transform_reset" "latest_orders" {
  transform_id = "latest-orders"
  force_stop   = true
  after_reset  = "started"

  triggers = {
    data_version = var.data_version
  }
}
