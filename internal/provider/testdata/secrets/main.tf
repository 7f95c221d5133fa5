# Every way of handing the provider a secret, each driven by a variable;
# null means "not set".

variable "job_id" {
  type = string
}

variable "endpoints" {
  type    = list(string)
  default = null
}

variable "username" {
  type    = string
  default = null
}

variable "password" {
  type      = string
  default   = null
  sensitive = true
}

variable "api_key" {
  type      = string
  default   = null
  sensitive = true
}

variable "bearer_token" {
  type      = string
  default   = null
  sensitive = true
}

variable "headers" {
  type      = map(string)
  default   = null
  sensitive = true
}

variable "ca_data" {
  type    = string
  default = null
}

variable "cert_data" {
  type    = string
  default = null
}

variable "key_data" {
  type      = string
  default   = null
  sensitive = true
}

provider "elasticsearch" {
  endpoints    = var.endpoints
  username     = var.username
  password     = var.password
  api_key      = var.api_key
  bearer_token = var.bearer_token
  headers      = var.headers
  ca_data      = var.ca_data
  cert_data    = var.cert_data
  key_data     = var.key_data
}

resource "elasticsearch_ml_job_reset" "test" {
  job_id = var.job_id
}
