#!/usr/bin/env bash
# Setpoint's AWS provider against Terraform's hashicorp/aws on the same network and the same
# moto_server (issue 11, target 1), each as the whole process a user runs:
#   `./setpoint apply` (embedded Temporal included) at most 0.3x `terraform apply`;
#   a no-op `./setpoint plan` at most 0.5x a no-op `terraform plan`.
# The network: a VPC, two subnets, an internet gateway, a route table with a default route and
# both associations, a security group, a versioned bucket, a role with a managed policy. Setpoint
# declares them as 8 resources (AwsEndToEndTest's environment), Terraform as 12 (the route table
# associations, the bucket's versioning and the policy attachment are resources of their own).
#
# Each round: terraform apply, no-op plan, destroy; setpoint apply, no-op plan, destroy; moto is
# reset after each tool's turn, so both always start from an empty account. The tools take turns
# going first. `terraform init` runs once, untimed; round 0 is a warm-up (page cache) and is not
# counted. Destroys are timed but not compared (the issue sets no target for them).
#
# Usage: bench/scripts/aws-vs-terraform.sh [ROUNDS]   (default 3)
#   MOTO_URL=http://127.0.0.1:5000   use that moto_server (started with
#                                    MOTO_IAM_LOAD_MANAGED_POLICIES=true) instead of starting one;
#                                    it is reset between turns, and requests are not counted
#   SETPOINT_TERRAFORM_MIRROR=DIR    the filesystem mirror holding hashicorp/aws
set -euo pipefail

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

rounds="${1:-3}"
moto_pid=""
moto_log="$work/moto.log"

mirror=""
for candidate in "${SETPOINT_TERRAFORM_MIRROR:-}" /opt/tf-plugins /usr/share/terraform/plugins \
  /usr/local/share/terraform/plugins "$HOME/.terraform.d/plugins" "$HOME/.local/share/terraform/plugins"; do
  if [ -n "$candidate" ] && [ -d "$candidate/registry.terraform.io/hashicorp/aws" ]; then
    mirror="$candidate"
    break
  fi
done
if [ -z "$mirror" ]; then
  echo "no Terraform filesystem mirror with hashicorp/aws: set SETPOINT_TERRAFORM_MIRROR" >&2
  exit 1
fi
command -v terraform >/dev/null || { echo "terraform is not on the PATH" >&2; exit 1; }

if [ -n "${MOTO_URL:-}" ]; then
  moto="$MOTO_URL"
else
  command -v moto_server >/dev/null ||
    { echo "moto_server is not on the PATH: python3 -m pip install 'moto[server]'" >&2; exit 1; }
  port=$(free_port)
  MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$port" >"$moto_log" 2>&1 &
  moto_pid=$!
  stop_at_exit "$moto_pid"
  moto="http://127.0.0.1:$port"
fi

reset_moto() { curl -fsS -X POST "$moto/moto-api/reset" >/dev/null; }
for _ in $(seq 1 300); do
  if reset_moto 2>/dev/null; then break; fi
  sleep 0.1
done
reset_moto

# Requests moto has answered so far (its log has one line per request); -1 when not ours.
requests() {
  if [ -n "$moto_pid" ]; then grep -c 'HTTP/1.1"' "$moto_log" || true; else echo -1; fi
}

# --- Terraform: the same network, hashicorp/aws from the mirror, every endpoint at moto.
tf="$work/terraform"
mkdir -p "$tf"
cat >"$work/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
EOF
cat >"$tf/main.tf" <<'HCL'
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
variable "endpoint" { type = string }
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  endpoints {
    ec2 = var.endpoint
    s3  = var.endpoint
    sts = var.endpoint
    iam = var.endpoint
  }
}
resource "aws_vpc" "vpc" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = { tier = "network" }
}
resource "aws_subnet" "subnet_a" {
  vpc_id            = aws_vpc.vpc.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
  tags              = { zone = "a" }
}
resource "aws_subnet" "subnet_b" {
  vpc_id            = aws_vpc.vpc.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.vpc.id
}
resource "aws_route_table" "public_routes" {
  vpc_id = aws_vpc.vpc.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_route_table_association" "subnet_a" {
  subnet_id      = aws_subnet.subnet_a.id
  route_table_id = aws_route_table.public_routes.id
}
resource "aws_route_table_association" "subnet_b" {
  subnet_id      = aws_subnet.subnet_b.id
  route_table_id = aws_route_table.public_routes.id
}
# Setpoint leaves AWS's default allow-all egress rule alone when egress is not declared;
# Terraform removes it unless declared, so it is declared to reach the same group.
resource "aws_security_group" "web" {
  name        = "bench-web"
  vpc_id      = aws_vpc.vpc.id
  description = "HTTPS from anywhere"
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_s3_bucket" "assets" {
  bucket = "bench-tf-assets"
}
resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_iam_role" "app_role" {
  name = "bench-tf-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
resource "aws_iam_role_policy_attachment" "app_role" {
  role       = aws_iam_role.app_role.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
HCL
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 TF_INPUT=0 TF_VAR_endpoint="$moto"
terraform -chdir="$tf" init -no-color >"$work/tf-init.log" 2>&1 ||
  { cat "$work/tf-init.log" >&2; exit 1; }

# --- Setpoint: AwsEndToEndTest's environment, committed to a Git repository.
repo="$work/repo"
mkdir -p "$repo/envs/bench"
cat >"$repo/envs/bench/environment.yaml" <<'YAML'
apiVersion: setpoint.dev/v1alpha1
kind: Environment
metadata:
  name: bench
spec:
  providers:
    aws:
      region: us-east-1
  policy:
    drift: revert
    prune: true
  resources:
    - name: vpc
      type: aws:ec2/Vpc
      properties:
        cidrBlock: 10.0.0.0/16
        enableDnsHostnames: true
        tags: {tier: network}
    - name: subnet-a
      type: aws:ec2/Subnet
      properties:
        vpcId: ${vpc.id}
        cidrBlock: 10.0.1.0/24
        availabilityZone: us-east-1a
        tags: {zone: a}
    - name: subnet-b
      type: aws:ec2/Subnet
      properties:
        vpcId: ${vpc.id}
        cidrBlock: 10.0.2.0/24
        availabilityZone: us-east-1b
    - name: igw
      type: aws:ec2/InternetGateway
      properties:
        vpcId: ${vpc.id}
    - name: public-routes
      type: aws:ec2/RouteTable
      properties:
        vpcId: ${vpc.id}
        routes:
          - destinationCidrBlock: 0.0.0.0/0
            gatewayId: ${igw.id}
        subnetIds:
          - ${subnet-a.id}
          - ${subnet-b.id}
    - name: web
      type: aws:ec2/SecurityGroup
      properties:
        vpcId: ${vpc.id}
        description: HTTPS from anywhere
        ingress:
          - protocol: tcp
            fromPort: 443
            toPort: 443
            cidrBlocks: [0.0.0.0/0]
    - name: assets
      type: aws:s3/Bucket
      properties:
        bucketName: bench-sp-assets
        versioning: true
    - name: app-role
      type: aws:iam/Role
      properties:
        roleName: bench-sp-app
        assumeRolePolicy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: ec2.amazonaws.com}
              Action: sts:AssumeRole
        managedPolicyArns:
          - arn:aws:iam::aws:policy/ReadOnlyAccess
YAML
commit_all "$repo" "the network"
environment="$repo/envs/bench"
"$root/setpoint" --help >/dev/null # builds the jar if it is missing or stale, untimed

# setpoint ARGS...: the CLI as a user runs it, embedded Temporal, the AWS SDK pointed at moto.
setpoint() {
  env -u TEMPORAL_ADDRESS SETPOINT_HOME="$work/home" AWS_ENDPOINT_URL="$moto" \
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 \
    "$root/setpoint" "$@"
}

declare -A times calls
# step TOOL STEP EXIT COMMAND...: one timed step, its time and moto's requests recorded.
step() {
  local tool="$1" name="$2" expected="$3" before ms
  shift 3
  before=$(requests)
  ms=$(timed "$expected" "$work/$tool-$name.log" "$@")
  if [ "$counting" = yes ]; then
    times[$tool-$name]+="$ms "
    calls[$tool-$name]+="$(($(requests) - before)) "
  fi
  line+=" $tool $name ${ms} ms;"
}

terraform_turn() {
  step terraform apply 0 terraform -chdir="$tf" apply -auto-approve -no-color
  grep -q "Resources: 12 added" "$work/terraform-apply.log" ||
    { echo "terraform apply did not add 12 resources" >&2; tail "$work/terraform-apply.log" >&2; exit 1; }
  step terraform plan 0 terraform -chdir="$tf" plan -detailed-exitcode -no-color
  step terraform destroy 0 terraform -chdir="$tf" destroy -auto-approve -no-color
  reset_moto
}

setpoint_turn() {
  step setpoint apply 0 setpoint apply "$environment"
  grep -q "8 succeeded" "$work/setpoint-apply.log" ||
    { echo "setpoint apply did not succeed for 8 resources" >&2; tail "$work/setpoint-apply.log" >&2; exit 1; }
  step setpoint plan 0 setpoint plan "$environment"
  step setpoint destroy 0 setpoint destroy "$environment"
  reset_moto
}

machine
echo "terraform: $(terraform version | head -n 1), hashicorp/aws from $mirror: $(ls "$mirror/registry.terraform.io/hashicorp/aws")"
echo "moto: $moto"
echo "load average before: $(load_average)"
for ((round = 0; round <= rounds; round++)); do
  counting=yes line="round $round:"
  if [ "$round" = 0 ]; then counting=no line="round 0 (warm-up, not counted):"; fi
  if ((round % 2)); then terraform_turn; setpoint_turn; else setpoint_turn; terraform_turn; fi
  echo "$line load $(load_average | cut -d' ' -f1)"
done
echo "load average after: $(load_average)"

# row STEP TARGET: one line of the table.
row() {
  local tf_ms sp_ms
  # shellcheck disable=SC2086 # space-separated numbers
  tf_ms=$(median ${times[terraform-$1]})
  # shellcheck disable=SC2086
  sp_ms=$(median ${times[setpoint-$1]})
  local r verdict="not compared"
  r=$(ratio "$sp_ms" "$tf_ms")
  if [ -n "$2" ]; then
    verdict=$(awk -v r="$r" -v t="$2" 'BEGIN { print (r <= t ? "met" : "NOT met") }')
  fi
  # shellcheck disable=SC2086
  printf '| %s | %s ms | %s ms | %s | %s | %s | %s | %s |\n' "$1" "$tf_ms" "$sp_ms" "$r" \
    "${2:-}" "$verdict" "$(median ${calls[terraform-$1]})" "$(median ${calls[setpoint-$1]})"
}
echo
echo "Medians of $rounds rounds (requests: answered by moto during the step, median; -1 = not counted)"
echo
echo "| step | terraform | setpoint | setpoint / terraform | target | verdict | terraform requests | setpoint requests |"
echo "|---|---:|---:|---:|---:|---|---:|---:|"
row apply 0.3
row plan 0.5
row destroy ""
