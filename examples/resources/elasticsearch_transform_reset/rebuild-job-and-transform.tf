# An environment rebuild: the index web-logs was re-indexed, so the job that
# learns from it and the transform that summarises it both start over, in
# one apply. They share the trigger: the next re-index resets both again.
variable "web_logs_generation" {
  type        = string
  description = "Changes whenever web-logs is re-indexed, e.g. the name of the index behind its alias."
}

resource "elasticsearch_ml_job_reset" "web_latency" {
  job_id      = "web-latency"
  after_reset = "restore" # open the job and start its datafeed again

  triggers = {
    source = var.web_logs_generation
  }
}

resource "elasticsearch_transform_reset" "web_hourly" {
  transform_id = "web-hourly"
  after_reset  = "restore" # start it again; it rebuilds web-hourly from all of web-logs

  triggers = {
    source = var.web_logs_generation
  }
}
