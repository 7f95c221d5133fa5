data "elasticsearch_ml_job" "latency" {
  job_id = "service-latency"
}

output "latency_job" {
  value = {
    state          = data.elasticsearch_ml_job.latency.state
    records        = data.elasticsearch_ml_job.latency.processed_record_count
    latest_record  = data.elasticsearch_ml_job.latency.latest_record_timestamp
    datafeed_state = data.elasticsearch_ml_job.latency.datafeed_state # null without a datafeed
  }
}

# After each apply, warn unless the job runs again and has seen no data from
# before the reset (a reset job starts from zero records).
check "latency_job_restarted" {
  data "elasticsearch_ml_job" "after_apply" {
    job_id = "service-latency"
  }

  assert {
    condition     = data.elasticsearch_ml_job.after_apply.state == "opened" && data.elasticsearch_ml_job.after_apply.processed_record_count == 0
    error_message = "ML job service-latency is ${data.elasticsearch_ml_job.after_apply.state} with ${data.elasticsearch_ml_job.after_apply.processed_record_count} records processed."
  }
}
