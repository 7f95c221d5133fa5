# An environment rebuild: the job that learns from a source index and the
# transform fed by the same index start over in one apply, whenever the
# source's generation changes.

variable "job_id" {
  type = string
}

variable "transform_id" {
  type = string
}

variable "source_generation" {
  type = string
}

resource "elasticsearch_ml_job_reset" "job" {
  job_id   = var.job_id
  triggers = { source = var.source_generation }
}

resource "elasticsearch_transform_reset" "transform" {
  transform_id = var.transform_id
  triggers     = { source = var.source_generation }
  after_reset  = "started"
}
