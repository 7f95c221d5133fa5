import {
  to = elasticsearch_ml_model_snapshot_revert.latency
  id = "service-latency/1717200000"
}
