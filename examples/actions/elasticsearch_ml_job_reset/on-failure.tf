# Terraform 1.16 or later. on_failure says what a failed reset does to the
# apply. taint applies only to a resource the apply creates, so here each
# new detector version replaces the resource (triggers_replace) and the
# reset runs after_create: when it fails, the apply fails and the resource
# is tainted, and the next apply replaces it and resets again.
variable "detector_version" {
  type = string
}

resource "terraform_data" "checkout_detectors" {
  triggers_replace = var.detector_version

  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.elasticsearch_ml_job_reset.checkout_latency]
      on_failure = taint # or halt (the default), or continue
    }
  }
}
