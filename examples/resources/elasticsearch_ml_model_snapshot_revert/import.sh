# <job_id>/<snapshot_id>: adopts a revert made elsewhere, without reverting again.
terraform import elasticsearch_ml_model_snapshot_revert.latency service-latency/1717200000
