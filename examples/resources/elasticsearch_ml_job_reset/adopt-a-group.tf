# Adopt every job of group "checkout" without a reset, then reset them all
# whenever the checkout data is re-indexed.
variable "checkout_data_version" { type = string }

data "elasticsearch_ml_jobs" "checkout" {
  job_id = "checkout"
}

import {
  for_each = toset(data.elasticsearch_ml_jobs.checkout.ids)
  to       = elasticsearch_ml_job_reset.checkout[each.key]
  id       = each.key
}

resource "elasticsearch_ml_job_reset" "checkout" {
  for_each = toset(data.elasticsearch_ml_jobs.checkout.ids)
  job_id   = each.key

  triggers = {
    data_version = var.checkout_data_version
  }
}
