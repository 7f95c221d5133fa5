# The yardstick of the plan at scale: one terraform_data per job of
# var.jobs, planned like the provider's resources but with no provider.

variable "endpoint" {
  type = string
}

variable "jobs" {
  type = list(object({
    id                  = string
    wait_for_completion = bool
    after_reset         = string
  }))
}

resource "terraform_data" "bench" {
  count = length(var.jobs)
  input = var.jobs[count.index].id
}
