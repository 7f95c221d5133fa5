import {
  to       = elasticsearch_transform_reset.sales_by_host
  identity = { transform_id = "sales-by-host" }
}
