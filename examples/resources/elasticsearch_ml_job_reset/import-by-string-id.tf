import {
  to = elasticsearch_ml_job_reset.latency
  id = "service-latency"
}
