# jobs.tfquery.hcl: every job of group "checkout", with the configuration to
# adopt it. `terraform query -generate-config-out=checkout_jobs.tf` writes a
# resource block and an import block for each.
list "elasticsearch_ml_job_reset" "checkout" {
  provider         = elasticsearch
  include_resource = true

  config {
    job_id = "checkout"
  }
}
