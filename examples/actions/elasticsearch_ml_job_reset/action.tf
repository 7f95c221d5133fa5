# Terraform 1.14 or later.
action "elasticsearch_ml_job_reset" "checkout_latency" {
  config {
    job_id      = "checkout-latency"
    after_reset = "started" # open the job and start its datafeed again
    timeout     = "30m"
  }
}

# 1. On demand, with no other change:
#
#   terraform apply -invoke=action.elasticsearch_ml_job_reset.checkout_latency
#
# 2. From another resource: here, whenever the model version changes.
variable "model_version" {
  type = string
}

resource "terraform_data" "checkout_model" {
  input = var.model_version

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.elasticsearch_ml_job_reset.checkout_latency]
    }
  }
}
