# The script the provider replaces, as `make bench` compares against it: per
# job, close it, then reset it with a blocking call, each a curl from a
# terraform_data provisioner.

variable "endpoint" {
  type = string
}

variable "jobs" {
  type = list(object({
    id                  = string
    wait_for_completion = bool
    after_reset         = string
  }))
}

resource "terraform_data" "bench" {
  count = length(var.jobs)

  input = var.jobs[count.index].id

  provisioner "local-exec" {
    command = "curl -fsS -o /dev/null -X POST ${var.endpoint}/_ml/anomaly_detectors/${self.input}/_close && curl -fsS -o /dev/null -X POST ${var.endpoint}/_ml/anomaly_detectors/${self.input}/_reset"
  }
}
