import {
  to = elasticsearch_transform_reset.sales_by_host
  id = "sales-by-host"
}
