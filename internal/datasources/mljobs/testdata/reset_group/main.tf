# Reset every job of a group in one apply.

variable "group" {
  type = string
}

data "elasticsearch_ml_jobs" "group" {
  job_id = var.group
}

resource "elasticsearch_ml_job_reset" "each" {
  for_each = toset(data.elasticsearch_ml_jobs.group.ids)

  job_id = each.key
}
