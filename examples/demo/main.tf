# The configuration `make demo` applies: one reset of the job "demo-job",
# repeated whenever var.data_version changes.
#
# The provider reads its endpoint and credentials from the ELASTICSEARCH_*
# environment variables, which the demo sets.

terraform {
  required_providers {
    elasticsearch = {
      source = "esops/elasticsearch"
    }
  }
}

variable "data_version" {
  description = "Version of the data the job learns from; a new value resets the job."
  type        = string
}

variable "job_id" {
  type    = string
  default = "demo-job"
}

provider "elasticsearch" {}

resource "elasticsearch_ml_job_reset" "demo" {
  job_id = var.job_id

  triggers = {
    data_version = var.data_version
  }

  timeouts {
    create = "5m"
  }
}

output "reset_job" {
  value = elasticsearch_ml_job_reset.demo.job_id
}
