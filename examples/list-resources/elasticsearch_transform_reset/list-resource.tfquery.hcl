# transforms.tfquery.hcl: every transform whose id starts with "sales-",
# with the configuration to adopt it.
# `terraform query -generate-config-out=sales_transforms.tf` writes a
# resource block and an import block for each.
list "elasticsearch_transform_reset" "sales" {
  provider         = elasticsearch
  include_resource = true

  config {
    transform_id = "sales-*"
  }
}
