# Terraform 1.14 or later.
action "elasticsearch_transform_reset" "sales_by_host" {
  config {
    transform_id = "sales-by-host"
    after_reset  = "started" # rebuild the destination from all the data
    timeout      = "30m"
  }
}

# 1. On demand, with no other change:
#
#   terraform apply -invoke=action.elasticsearch_transform_reset.sales_by_host
#
# 2. From another resource: here, whenever the source index is rebuilt.
variable "source_generation" {
  type = string
}

resource "terraform_data" "sales_source" {
  input = var.source_generation

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.elasticsearch_transform_reset.sales_by_host]
    }
  }
}
