# The action the action_trigger tests (acctest.RunActionTriggerTests)
# invoke: a reset of one transform, the defaults otherwise.

variable "transform_id" {
  type = string
}

action "elasticsearch_transform_reset" "test" {
  config {
    transform_id = var.transform_id
  }
}
