data "elasticsearch_transform" "orders" {
  transform_id = "orders-by-customer"
}

output "orders_transform" {
  value = {
    state      = data.elasticsearch_transform.orders.state
    checkpoint = data.elasticsearch_transform.orders.checkpoint
    made_at    = data.elasticsearch_transform.orders.checkpoint_time # null before the first checkpoint
    indexed    = data.elasticsearch_transform.orders.documents_indexed
    health     = data.elasticsearch_transform.orders.health # null before 8.6
  }
}

# After each apply, warn unless the continuous transform runs and is
# healthy (a failed one says why).
check "orders_transform_running" {
  data "elasticsearch_transform" "after_apply" {
    transform_id = "orders-by-customer"
  }

  assert {
    condition     = contains(["started", "indexing"], data.elasticsearch_transform.after_apply.state) && data.elasticsearch_transform.after_apply.health != "red"
    error_message = "Transform orders-by-customer is ${data.elasticsearch_transform.after_apply.state}: ${coalesce(data.elasticsearch_transform.after_apply.reason, "no reason given")}."
  }
}
