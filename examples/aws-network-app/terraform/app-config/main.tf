# The application's derived configuration. Only the built-in terraform_data: no provider download.

variable "environment" {
  type = string
}

variable "bucket_name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "private_subnet_ids" {
  type = list(string)
}

variable "security_group_id" {
  type = string
}

variable "role_arn" {
  type = string
}

variable "replicas" {
  type = string
}

resource "terraform_data" "config" {
  input = {
    config_prefix      = format("s3://%s/config/%s/", var.bucket_name, var.environment)
    private_subnet_ids = join(",", var.private_subnet_ids)
    replicas           = var.replicas
  }
}

output "config_prefix" {
  value = terraform_data.config.output.config_prefix
}

output "private_subnet_ids" {
  value = terraform_data.config.output.private_subnet_ids
}

output "replicas" {
  value = terraform_data.config.output.replicas
}
