# An environment rebuild: the job and its datafeed are defined with
# elastic/elasticstack; this resource resets the job whenever its analysis
# changes or the source data is re-indexed, then starts it again so that it
# learns from the earliest data.
terraform {
  required_providers {
    elasticstack  = { source = "elastic/elasticstack" }
    elasticsearch = { source = "esops/elasticsearch" }
  }
}

variable "data_version" { type = string }

resource "elasticstack_elasticsearch_ml_anomaly_detection_job" "checkout" {
  job_id = "checkout-latency"
  groups = ["checkout"]

  analysis_config = {
    bucket_span = "15m"
    detectors = [{
      function             = "high_mean"
      field_name           = "response_time_ms"
      partition_field_name = "service.name"
    }]
  }

  data_description = {
    time_field = "@timestamp"
  }
}

resource "elasticstack_elasticsearch_ml_datafeed" "checkout" {
  datafeed_id = "datafeed-checkout-latency"
  job_id      = elasticstack_elasticsearch_ml_anomaly_detection_job.checkout.job_id
  indices     = ["checkout-*"]
}

resource "elasticsearch_ml_job_reset" "checkout" {
  job_id = elasticstack_elasticsearch_ml_anomaly_detection_job.checkout.job_id

  triggers = {
    analysis     = sha1(jsonencode(elasticstack_elasticsearch_ml_anomaly_detection_job.checkout.analysis_config))
    data_version = var.data_version
  }

  # Open the job and start its datafeed once the reset has completed.
  after_reset = "started"

  # The datafeed must exist before the reset looks for it.
  depends_on = [elasticstack_elasticsearch_ml_datafeed.checkout]
}
