import Foundation

/// Terraform modules written twice, in HCL (`main.tf`) and in Terraform JSON
/// (`main.tf.json`), with the same content: variables, locals, interpolations, nested
/// blocks, `count`, a `for_each` over a set, conditionals, function calls and a policy.
/// The bench times both, so the figures compare the HCL path with the JSON path per MB.
struct TerraformCorpusGenerator {
    /// One module with `resources` groups of resources; (HCL, JSON).
    static func module(index: Int, groups: Int) -> (hcl: String, json: String) {
        var hcl = """
            # Generated module \(index) for the benchmark.
            variable "environment" {
              type    = string
              default = "production"
            }

            variable "retention_days" {
              default = \(7 + index % 20)
            }

            variable "zones" {
              default = ["eu-west-1a", "eu-west-1b"]
            }

            locals {
              prefix = "svc\(index)-${var.environment}"
              tags = {
                Environment = var.environment
                Module      = "m\(index)"
              }
              encrypted = var.environment == "production" ? true : false
            }


            """
        var resources: [String] = []
        for group in 0..<groups {
            let name = "g\(group)"
            hcl += """
                resource "aws_db_instance" "\(name)" {
                  identifier              = "${local.prefix}-\(name)"
                  engine                  = "postgres"
                  instance_class          = "db.t3.micro"
                  storage_encrypted       = local.encrypted
                  backup_retention_period = var.retention_days
                  deletion_protection     = true
                  tags                    = merge(local.tags, { Name = "${local.prefix}-\(name)" })
                  lifecycle {
                    prevent_destroy = true
                  }
                }

                resource "aws_s3_bucket" "\(name)" {
                  bucket = lower("${local.prefix}-\(name)-data")
                  tags   = local.tags
                }

                resource "aws_s3_bucket_versioning" "\(name)" {
                  bucket = aws_s3_bucket.\(name).id
                  versioning_configuration {
                    status = "Enabled"
                  }
                }

                resource "aws_subnet" "\(name)" {
                  count             = length(var.zones)
                  vpc_id            = "vpc-\(index)"
                  availability_zone = element(var.zones, count.index)
                  cidr_block        = cidrsubnet("10.\(index % 250).0.0/16", 8, count.index + \(group * 2))
                }

                resource "aws_sqs_queue" "\(name)" {
                  name                      = "${local.prefix}-\(name)"
                  kms_master_key_id         = "alias/aws/sqs"
                  message_retention_seconds = 1209600
                }

                resource "aws_iam_role_policy" "\(name)" {
                  role = "role-\(name)"
                  policy = jsonencode({
                    Version = "2012-10-17"
                    Statement = [{
                      Effect   = "Allow"
                      Action   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
                      Resource = aws_sqs_queue.\(name).arn
                    }]
                  })
                }


                """
            resources.append("""
                    "aws_db_instance": {"\(name)": {
                      "identifier": "${local.prefix}-\(name)", "engine": "postgres", "instance_class": "db.t3.micro",
                      "storage_encrypted": "${local.encrypted}", "backup_retention_period": "${var.retention_days}",
                      "deletion_protection": true, "tags": "${merge(local.tags, { Name = \\"${local.prefix}-\(name)\\" })}",
                      "lifecycle": {"prevent_destroy": true}
                    }},
                    "aws_s3_bucket": {"\(name)": {"bucket": "${lower(\\"${local.prefix}-\(name)-data\\")}", "tags": "${local.tags}"}},
                    "aws_s3_bucket_versioning": {"\(name)": {"bucket": "${aws_s3_bucket.\(name).id}", "versioning_configuration": {"status": "Enabled"}}},
                    "aws_subnet": {"\(name)": {
                      "count": "${length(var.zones)}", "vpc_id": "vpc-\(index)", "availability_zone": "${element(var.zones, count.index)}",
                      "cidr_block": "${cidrsubnet(\\"10.\(index % 250).0.0/16\\", 8, count.index + \(group * 2))}"
                    }},
                    "aws_sqs_queue": {"\(name)": {"name": "${local.prefix}-\(name)", "kms_master_key_id": "alias/aws/sqs", "message_retention_seconds": 1209600}},
                    "aws_iam_role_policy": {"\(name)": {"role": "role-\(name)", "policy": "${jsonencode({Version = \\"2012-10-17\\", Statement = [{Effect = \\"Allow\\", Action = [\\"sqs:SendMessage\\", \\"sqs:ReceiveMessage\\"], Resource = aws_sqs_queue.\(name).arn}]})}"}}
                """)
        }
        // JSON objects may not repeat a key: one "resource" entry per group, in an array.
        let json = """
            {
              "variable": {
                "environment": {"type": "string", "default": "production"},
                "retention_days": {"default": \(7 + index % 20)},
                "zones": {"default": ["eu-west-1a", "eu-west-1b"]}
              },
              "locals": {
                "prefix": "svc\(index)-${var.environment}",
                "tags": {"Environment": "${var.environment}", "Module": "m\(index)"},
                "encrypted": "${var.environment == \\"production\\" ? true : false}"
              },
              "resource": [
            \(resources.map { "    {\n" + $0 + "\n    }" }.joined(separator: ",\n"))
              ]
            }

            """
        return (hcl, json)
    }
}
