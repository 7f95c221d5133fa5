# Data sources only: one elasticsearch_ml_job per job of var.jobs and one
# elasticsearch_ml_jobs over their group; as many elasticsearch_transform
# (bench-tf-0000, ...) and one elasticsearch_transforms over all the
# bench's transforms, more than one page of them; one
# elasticsearch_ml_model_snapshots of a job with many snapshots. `make bench`
# counts the requests of each (DESIGN.md §8).

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

# The bench creates bench-tf-0000 and on, more than there are jobs.
data "elasticsearch_transform" "each" {
  count        = length(var.jobs)
  transform_id = format("bench-tf-%04d", count.index)
}

data "elasticsearch_transforms" "all" {
  transform_id = "bench-tf-*"
}

output "states" {
  value = data.elasticsearch_ml_job.each[*].datafeed_state
}

output "ids" {
  value = data.elasticsearch_ml_jobs.group.ids
}

output "transform_states" {
  value = data.elasticsearch_transform.each[*].state
}

output "transform_count" {
  value = length(data.elasticsearch_transforms.all.ids)
}

# The bench stores more than two pages of model snapshots on this job.
data "elasticsearch_ml_model_snapshots" "pages" {
  job_id = "bench-snapshots"
}

output "snapshots" {
  value = length(data.elasticsearch_ml_model_snapshots.pages.snapshots)
}
