# One elasticsearch_ml_job_reset per job of var.jobs, all in one apply: what
# `make bench` times, and counts requests of.

terraform {
  required_providers {
    elasticsearch = {
      source = "esops/elasticsearch"
    }
  }
}

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

provider "elasticsearch" {
  endpoints = [var.endpoint]
}

resource "elasticsearch_ml_job_reset" "bench" {
  count = length(var.jobs)

  job_id              = var.jobs[count.index].id
  wait_for_completion = var.jobs[count.index].wait_for_completion
  after_reset         = var.jobs[count.index].after_reset
}
