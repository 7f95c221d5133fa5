# Terraform 1.14 or later.
variable "snapshot_id" {
  type = string
}

action "elasticsearch_ml_model_snapshot_revert" "checkout_latency" {
  config {
    job_id                     = "checkout-latency"
    snapshot_id                = var.snapshot_id
    delete_intervening_results = true
    after_revert               = "started" # open the job and replay from the snapshot
    timeout                    = "30m"
  }
}

# On demand, with no other change:
#
#   terraform apply -var snapshot_id=1717200000 \
#     -invoke=action.elasticsearch_ml_model_snapshot_revert.checkout_latency
