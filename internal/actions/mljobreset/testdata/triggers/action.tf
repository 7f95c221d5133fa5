# The action the action_trigger tests (acctest.RunActionTriggerTests)
# invoke: a reset of one job, the defaults otherwise.

variable "job_id" {
  type = string
}

action "elasticsearch_ml_job_reset" "test" {
  config {
    job_id = var.job_id
  }
}
