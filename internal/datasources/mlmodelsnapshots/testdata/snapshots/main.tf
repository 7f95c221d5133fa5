# The model snapshots of one job. Null means "not set": no bound.

variable "job_id" {
  type = string
}

variable "start" {
  type    = string
  default = null
}

variable "end" {
  type    = string
  default = null
}

data "elasticsearch_ml_model_snapshots" "test" {
  job_id = var.job_id
  start  = var.start
  end    = var.end
}
