# Put the job's model back to a snapshot from before bad data got in, and
# replay the data since then with the restored model.
resource "elasticsearch_ml_model_snapshot_revert" "latency" {
  job_id      = "service-latency"
  snapshot_id = "1717200000"

  # Delete the results after the snapshot and rewind the job's latest record
  # time, so that the datafeed started next replays from the snapshot.
  delete_intervening_results = true
  after_revert               = "restore"

  # Any change here reverts the job again.
  triggers = {
    incident = "INC-4711"
  }
}
