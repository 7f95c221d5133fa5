# The reset as an action (Terraform 1.14 and later), invoked with
# `terraform apply -invoke=action.elasticsearch_ml_job_reset.bench`: what
# `make bench` times against the same reset through the resource.

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

action "elasticsearch_ml_job_reset" "bench" {
  config {
    job_id = var.jobs[0].id
  }
}
