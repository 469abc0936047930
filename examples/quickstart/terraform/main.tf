# Only Terraform's built-in terraform_data: no provider download, no credentials.

variable "bucket_name" {
  description = "The S3 bucket the application reads its configuration from."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the application runs in."
  type        = string
}

resource "terraform_data" "settings" {
  input = {
    config_prefix = format("s3://%s/config/", var.bucket_name)
    vpc_id        = var.vpc_id
  }
}

output "config_prefix" {
  description = "Where the application reads its configuration from."
  value       = terraform_data.settings.output.config_prefix
}

output "vpc_id" {
  description = "The VPC, passed through for the manifests."
  value       = terraform_data.settings.output.vpc_id
}
