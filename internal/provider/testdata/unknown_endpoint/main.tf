# The endpoint comes from another resource, so it is unknown while planning.

variable "job_id" {
  type = string
}

variable "endpoint" {
  type = string
}

resource "terraform_data" "cluster" {
  input = var.endpoint
}

provider "elasticsearch" {
  endpoints = [terraform_data.cluster.output]
}

resource "elasticsearch_ml_job_reset" "test" {
  job_id = var.job_id
}
