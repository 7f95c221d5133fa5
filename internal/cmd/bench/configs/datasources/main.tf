# Data sources only: one elasticsearch_ml_job per job of var.jobs, one
# elasticsearch_ml_jobs over their group and one
# elasticsearch_ml_model_snapshots of a job with many snapshots, what
# `make bench` counts the requests of (DESIGN.md §8).

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

data "elasticsearch_ml_job" "each" {
  count  = length(var.jobs)
  job_id = var.jobs[count.index].id
}

# The bench puts every job of var.jobs in this group.
data "elasticsearch_ml_jobs" "group" {
  job_id = "bench-datasources"
}

output "states" {
  value = data.elasticsearch_ml_job.each[*].datafeed_state
}

output "ids" {
  value = data.elasticsearch_ml_jobs.group.ids
}

# The bench stores more than two pages of model snapshots on this job.
data "elasticsearch_ml_model_snapshots" "pages" {
  job_id = "bench-snapshots"
}

output "snapshots" {
  value = length(data.elasticsearch_ml_model_snapshots.pages.snapshots)
}
