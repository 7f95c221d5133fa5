# One elasticsearch_transform_reset per transform of var.transforms and one
# elasticsearch_ml_model_snapshot_revert per job of var.reverts, all in one
# apply: `make bench` counts the requests of each against DESIGN.md §10 and
# §11.

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

variable "transforms" {
  type = list(object({
    id          = string
    after_reset = string
  }))
}

variable "reverts" {
  type = list(object({
    job_id       = string
    snapshot_id  = string
    after_revert = string
  }))
}

provider "elasticsearch" {
  endpoints = [var.endpoint]
}

resource "elasticsearch_transform_reset" "bench" {
  count = length(var.transforms)

  transform_id = var.transforms[count.index].id
  after_reset  = var.transforms[count.index].after_reset
}

resource "elasticsearch_ml_model_snapshot_revert" "bench" {
  count = length(var.reverts)

  job_id       = var.reverts[count.index].job_id
  snapshot_id  = var.reverts[count.index].snapshot_id
  after_revert = var.reverts[count.index].after_revert
}
