# Version of the source data the jobs learn from; bump it after a re-index.
variable "data_version" { type = string }

# Every job of group "checkout".
data "elasticsearch_ml_jobs" "checkout" {
  job_id = "checkout"
}

# Reset each of them when the data version changes, in one apply.
resource "elasticsearch_ml_job_reset" "checkout" {
  for_each = toset(data.elasticsearch_ml_jobs.checkout.ids)

  job_id = each.key
  triggers = {
    data_version = var.data_version
  }
}

# Ids, groups and wildcards in one expression. A wildcard that matches
# nothing gives empty lists; an exact id or a group that matches nothing is
# an error.
data "elasticsearch_ml_jobs" "web" {
  job_id = "web-*,search,service-latency"
}

output "web_jobs_not_opened" {
  value = [for j in data.elasticsearch_ml_jobs.web.jobs : j.job_id if j.state != "opened"]
}

# After each apply, warn while a job of the group is still blocked by a
# reset or has not been opened again.
check "checkout_jobs_running" {
  data "elasticsearch_ml_jobs" "after_apply" {
    job_id = "checkout"
  }

  assert {
    condition     = alltrue([for j in data.elasticsearch_ml_jobs.after_apply.jobs : j.state == "opened" && j.blocked_reason == null])
    error_message = "Not every checkout job is opened and unblocked."
  }
}
