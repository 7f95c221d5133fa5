import {
  to       = elasticsearch_ml_job_reset.latency
  identity = { job_id = "service-latency" }
}
