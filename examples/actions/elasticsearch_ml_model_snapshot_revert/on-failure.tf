# Terraform 1.16 or later. When the source data is reindexed after an
# incident (a new reindex_generation), the job is reverted to the snapshot
# from before it and replays the corrected data. Each generation replaces
# this resource and the revert runs after_create: if it fails, the apply
# fails and the resource is tainted, so the next apply replaces it and
# reverts again.
variable "reindex_generation" {
  type = string
}

resource "terraform_data" "checkout_reindex" {
  triggers_replace = var.reindex_generation

  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.elasticsearch_ml_model_snapshot_revert.checkout_latency]
      on_failure = taint # not continue: the job would keep the model it was meant to drop
    }
  }
}
