# The action the action_trigger tests (acctest.RunActionTriggerTests)
# invoke: a revert of one job to one snapshot, the defaults otherwise.

variable "job_id" {
  type = string
}

variable "snapshot_id" {
  type = string
}

action "elasticsearch_ml_model_snapshot_revert" "test" {
  config {
    job_id      = var.job_id
    snapshot_id = var.snapshot_id
  }
}
