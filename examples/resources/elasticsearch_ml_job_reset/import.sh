# Adopt an existing job by its id, without resetting it. The first apply
# after the import records the configured triggers in place; only a later
# change of the triggers resets the job.
terraform import elasticsearch_ml_job_reset.example my-job-id
