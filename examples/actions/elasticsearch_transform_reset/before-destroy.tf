# Terraform 1.16 or later. sales-events, the transform's source, is an index
# defined with elastic/elasticstack. Before it is destroyed (or replaced,
# when its mappings change), the transform is stopped and reset, and stays
# stopped (after_reset defaults to stopped) so it does not read a source
# that is gone. Once the new index exists, the reset that starts the
# transform rebuilds the destination from it.
action "elasticsearch_transform_reset" "sales_by_host_stop" {
  config {
    transform_id = "sales-by-host"
  }
}

resource "elasticstack_elasticsearch_index" "sales_events" {
  name                = "sales-events"
  deletion_protection = false

  mappings = jsonencode({
    properties = {
      "@timestamp" = { type = "date" }
      host         = { type = "keyword" }
      amount       = { type = "double" }
    }
  })

  lifecycle {
    action_trigger {
      events  = [before_destroy]
      actions = [action.elasticsearch_transform_reset.sales_by_host_stop]
    }
    action_trigger {
      events  = [after_create]
      actions = [action.elasticsearch_transform_reset.sales_by_host]
    }
  }
}
