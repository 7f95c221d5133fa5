# The provider with every setting driven by a variable; null means "not
# set", so the environment (or nothing) applies.

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

variable "ca_data" {
  type    = string
  default = null
}

variable "ca_file" {
  type    = string
  default = null
}

variable "insecure" {
  type    = bool
  default = null
}

variable "headers" {
  type      = map(string)
  default   = null
  sensitive = true
}

provider "elasticsearch" {
  endpoints    = var.endpoints
  username     = var.username
  password     = var.password
  api_key      = var.api_key
  bearer_token = var.bearer_token
  ca_data      = var.ca_data
  ca_file      = var.ca_file
  insecure     = var.insecure
  headers      = var.headers
}

resource "elasticsearch_ml_job_reset" "test" {
  job_id = var.job_id
}
