# Application configuration that other tools consume. It uses only Terraform's built-in
# terraform_data resource, so it needs no provider download and no cloud credentials.

terraform {
  required_version = ">= 1.4"
}

variable "environment" {
  description = "The Setpoint environment this configuration belongs to."
  type        = string
}

variable "bucket_name" {
  description = "The S3 bucket that holds the application's assets."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the application runs in."
  type        = string
}

variable "subnet_ids" {
  description = "The subnets the application may place instances in."
  type        = list(string)
}

variable "security_group_id" {
  description = "The security group of the application's instances."
  type        = string
}

variable "role_arn" {
  description = "The IAM role the application's instances assume."
  type        = string
}

resource "terraform_data" "app_config" {
  input = {
    config_prefix     = format("s3://%s/config/%s/", var.bucket_name, var.environment)
    vpc_id            = var.vpc_id
    subnet_ids        = var.subnet_ids
    security_group_id = var.security_group_id
    role_arn          = var.role_arn
  }
}

output "config_prefix" {
  description = "Where the application reads its configuration from."
  value       = terraform_data.app_config.output.config_prefix
}

output "network" {
  description = "The network placement of the application."
  value = {
    vpc_id            = terraform_data.app_config.output.vpc_id
    subnet_ids        = terraform_data.app_config.output.subnet_ids
    security_group_id = terraform_data.app_config.output.security_group_id
  }
}
