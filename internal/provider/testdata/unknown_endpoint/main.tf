# The endpoint comes from another resource, so it is unknown while planning.

variable "job_id" {
  type = string
}

variable "endpoint" {
  type = string
}

variable "generation" {
  type    = string
  default = "1"
}

# Changing generation replaces this resource, which makes the endpoint
# unknown again while planning.
resource "terraform_data" "cluster" {
  input            = var.endpoint
  triggers_replace = var.generation
}

provider "elasticsearch" {
  endpoints = [terraform_data.cluster.output]
}

resource "elasticsearch_ml_job_reset" "test" {
  job_id = var.job_id
}
