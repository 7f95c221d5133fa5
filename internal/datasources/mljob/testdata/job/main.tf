# One job read by the data source.

variable "job_id" {
  type = string
}

data "elasticsearch_ml_job" "test" {
  job_id = var.job_id
}
