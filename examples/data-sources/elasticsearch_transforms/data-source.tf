# Every transform whose id starts with "orders-", and two named ones. A
# wildcard that matches nothing gives empty lists; an exact id that
# matches nothing is an error.
data "elasticsearch_transforms" "orders" {
  transform_id = "orders-*,refunds-daily,returns-daily"
}

output "orders_transforms_not_running" {
  value = [for t in data.elasticsearch_transforms.orders.transforms : t.transform_id if t.continuous && !contains(["started", "indexing"], t.state)]
}

# After each apply, warn while a transform of the pattern has failed.
check "orders_transforms_healthy" {
  data "elasticsearch_transforms" "after_apply" {
    transform_id = "orders-*"
  }

  assert {
    condition     = alltrue([for t in data.elasticsearch_transforms.after_apply.transforms : t.state != "failed"])
    error_message = "A transform of orders-* has failed."
  }
}
