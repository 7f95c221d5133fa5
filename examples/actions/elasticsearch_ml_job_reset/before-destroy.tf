# Terraform 1.16 or later. The job's datafeed reads checkout-events, an
# index defined with elastic/elasticstack. Before that index is destroyed
# (or replaced, when its mappings change), the job is closed, which stops
# its datafeed, and reset: its model described data that is going away. If
# the reset fails, an apply stops before the index is destroyed (terraform
# destroy goes on, with a warning).
resource "elasticstack_elasticsearch_index" "checkout_events" {
  name                = "checkout-events"
  deletion_protection = false

  mappings = jsonencode({
    properties = {
      "@timestamp"     = { type = "date" }
      response_time_ms = { type = "long" }
      service          = { properties = { name = { type = "keyword" } } }
    }
  })

  lifecycle {
    action_trigger {
      events  = [before_destroy]
      actions = [action.elasticsearch_ml_job_reset.checkout_latency]
    }
  }
}
