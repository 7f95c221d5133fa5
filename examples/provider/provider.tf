terraform {
  required_providers {
    elasticsearch = {
      source = "esops/elasticsearch"
    }
  }
}

variable "elasticsearch_api_key" {
  description = "Encoded API key the provider authenticates with."
  type        = string
  sensitive   = true
}

provider "elasticsearch" {
  endpoints = ["https://es-01.example.internal:9200", "https://es-02.example.internal:9200"]
  api_key   = var.elasticsearch_api_key

  # Trust the certificate authority that signed the cluster's certificates.
  ca_file = "${path.module}/certs/ca.pem"
}

# Every attribute can come from the environment instead, which keeps
# credentials out of the configuration. With
#
#   export ELASTICSEARCH_ENDPOINTS="https://es-01.example.internal:9200,https://es-02.example.internal:9200"
#   export ELASTICSEARCH_API_KEY="..."          # or ELASTICSEARCH_USERNAME + ELASTICSEARCH_PASSWORD,
#                                               # or ELASTICSEARCH_BEARER_TOKEN
#   export ELASTICSEARCH_CA_FILE="certs/ca.pem"
#
# the provider block can be empty:
#
#   provider "elasticsearch" {}
