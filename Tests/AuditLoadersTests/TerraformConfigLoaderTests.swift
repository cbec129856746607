import AuditModel
import Testing
@testable import AuditLoaders

@Suite("Terraform JSON configuration loader")
struct TerraformConfigLoaderTests {
    private let file = "infra/main.tf.json"

    private func location(_ line: Int, _ column: Int) -> AuditModel.SourceLocation {
        AuditModel.SourceLocation(file: file, line: line, column: column)
    }

    private func id(_ address: String) -> ResourceID {
        ResourceID(scope: "infra", name: address)
    }

    @Test func databaseDefaultsAreTheProvidersAndWrittenValuesAreExplicit() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_db_instance": {
              "main": {
                "engine": "postgres",
                "storage_encrypted": true
              }
            }
          }
        }
        """)
        #expect(loaded.scope == Scope(name: "infra", format: .terraformConfig, files: [file]))
        #expect(loaded.diagnostics.isEmpty)
        let database = try #require(loaded.terraformResource("aws_db_instance.main"))
        #expect(database.id == id("aws_db_instance.main"))
        #expect(database.kind == .databaseInstance)
        #expect(database.sourceType == "aws_db_instance")
        #expect(database.location == location(4, 7))
        #expect(database[.storageEncrypted] == Attr(value: .bool(true), provenance: .explicit, location: location(6, 9)))
        #expect(database[.engine] == Attr(value: .string("postgres"), provenance: .explicit, location: location(5, 9)))
        #expect(database[.backupRetentionPeriod] == Attr(
            value: .number(0),
            provenance: .defaultedByTool("Terraform sends backup_retention_period = 0 when unset, turning backups off [TF-dbi-code]")
        ))
        #expect(database[.kmsKeyID] == .absent)
    }

    @Test func variableDefaultsAreSubstitutedWithTheirOriginAndOthersStayUnresolved() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "variable": {
            "retention": { "default": 7 },
            "kms": {}
          },
          "resource": {
            "aws_db_instance": {
              "main": {
                "backup_retention_period": "${var.retention}",
                "kms_key_id": "${var.kms}",
                "identifier": "${var.retention}-db"
              }
            }
          }
        }
        """)
        #expect(loaded.diagnostics.isEmpty)
        let database = try #require(loaded.terraformResource("aws_db_instance.main"))
        #expect(database[.backupRetentionPeriod] == Attr(
            value: .number(7), provenance: .explicit, location: location(9, 9), via: "var.retention default"
        ))
        #expect(database[.kmsKeyID] == Attr(value: .unresolved("${var.kms}"), provenance: .unresolved("${var.kms}"), location: location(10, 9)))
        // Text around interpolations that are all literal still gives a literal.
        #expect(database[.dbInstanceIdentifier] == Attr(
            value: .string("7-db"), provenance: .explicit, location: location(11, 9), via: "var.retention default"
        ))
    }

    @Test func localsResolveThroughChainsAndCyclesStayUnresolved() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "locals": {
            "days": "${local.base}",
            "base": 14,
            "loop_a": "${local.loop_b}",
            "loop_b": "${local.loop_a}"
          },
          "resource": {
            "aws_cloudwatch_log_group": {
              "app": { "retention_in_days": "${local.days}", "name": "${local.loop_a}" }
            }
          }
        }
        """)
        let group = try #require(loaded.terraformResource("aws_cloudwatch_log_group.app"))
        #expect(group[.retentionInDays] == Attr(value: .number(14), provenance: .explicit, location: location(10, 16), via: "local.base"))
        #expect(group[.logGroupName] == Attr(
            value: .unresolved("${local.loop_a}"), provenance: .unresolved("${local.loop_a}"), location: location(10, 54)
        ))
        #expect(loaded.diagnostics == [LoadDiagnostic(.warning, "local.loop_a refers to itself", at: location(5, 5))])
    }

    @Test func interpolatedReferencesBecomeLinksThatReferrersFind() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_subnet": {
              "public": { "count": 2, "vpc_id": "vpc-1" }
            },
            "aws_nat_gateway": {
              "main": { "subnet_id": "${aws_subnet.public[0].id}" }
            },
            "aws_route": {
              "private": {
                "route_table_id": "rtb-1",
                "nat_gateway_id": "${aws_nat_gateway.main.id}"
              }
            },
            "aws_route_table": {
              "private": {
                "route": [{ "cidr_block": "0.0.0.0/0", "nat_gateway_id": "${aws_nat_gateway.main.id}" }],
                "depends_on": ["aws_subnet.public"]
              }
            }
          }
        }
        """)
        #expect(loaded.diagnostics.isEmpty)
        let natReference = ResourceReference(target: id("aws_nat_gateway.main"), attribute: "id")
        let route = try #require(loaded.terraformResource("aws_route.private"))
        #expect(route[.natGatewayID] == Attr(value: .reference(natReference), provenance: .explicit, location: location(12, 9)))
        #expect(route.links == [Link(path: "nat_gateway_id", attribute: .natGatewayID, reference: natReference, location: location(12, 9))])

        let table = try #require(loaded.terraformResource("aws_route_table.private"))
        #expect(table.links == [
            Link(path: "route[0].nat_gateway_id", attribute: .inlineRouteNatGateways, reference: natReference, location: location(17, 48)),
            Link(path: "depends_on", reference: ResourceReference(target: id("aws_subnet.public")), location: location(18, 9)),
        ])
        #expect(table[.inlineRouteNatGateways] == Attr(value: .list([.reference(natReference)]), provenance: .explicit, location: location(17, 9)))

        let nat = try #require(loaded.terraformResource("aws_nat_gateway.main"))
        // `count = 2` is known: the subnet is two instances, and `[0]` names the first.
        let subnetReference = ResourceReference(target: id("aws_subnet.public[0]"), attribute: "id")
        #expect(nat[.subnetID] == Attr(value: .reference(subnetReference), provenance: .explicit, location: location(7, 17)))

        let subnet = try #require(loaded.terraformResource("aws_subnet.public[0]"))
        #expect(subnet[.terraformCount] == Attr(value: .number(2), provenance: .explicit, location: location(4, 19)))

        let model = CloudModel([loaded])
        let referrers = model.referrers(of: id("aws_nat_gateway.main")).map { "\($0.resource.id.name) \($0.link.path)" }
        #expect(referrers == ["aws_route.private nat_gateway_id", "aws_route_table.private route[0].nat_gateway_id"])
    }

    @Test func textAroundAnInterpolationIsUnresolvedButStillLinks() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_s3_bucket": { "assets": { "bucket": "acme-assets" } },
            "aws_lambda_function": {
              "api": {
                "role": "${aws_iam_role.missing.arn}",
                "environment": {
                  "variables": { "ASSETS": "arn:aws:s3:::${aws_s3_bucket.assets.id}/*", "MODE": "$${literal}" }
                },
                "reserved_concurrent_executions": "${max(1, length(aws_s3_bucket.assets.bucket))}"
              }
            }
          }
        }
        """)
        let function = try #require(loaded.terraformResource("aws_lambda_function.api"))
        let text = "arn:aws:s3:::${aws_s3_bucket.assets.id}/*"
        #expect(function[.environmentVariables] == Attr(
            value: .map([.init(key: "ASSETS", value: .unresolved(text)), .init(key: "MODE", value: .string("${literal}"))]),
            provenance: .explicit, location: location(8, 11)
        ))
        #expect(function[.environmentVariables].isUnresolved)
        #expect(function[.role] == Attr(
            value: .unresolved("${aws_iam_role.missing.arn}"), provenance: .unresolved("${aws_iam_role.missing.arn}"), location: location(6, 9)
        ))
        let functionCall = "${max(1, length(aws_s3_bucket.assets.bucket))}"
        #expect(function[.reservedConcurrentExecutions] == Attr(
            value: .unresolved(functionCall), provenance: .unresolved(functionCall), location: location(10, 9)
        ))
        #expect(function.links == [
            Link(path: "environment.variables.ASSETS", attribute: .environmentVariables,
                 reference: ResourceReference(target: id("aws_s3_bucket.assets"), attribute: "id"), location: location(8, 26)),
            Link(path: "reserved_concurrent_executions", attribute: .reservedConcurrentExecutions,
                 reference: ResourceReference(target: id("aws_s3_bucket.assets"), attribute: "bucket"), location: location(10, 9)),
        ])
        #expect(loaded.diagnostics == [
            LoadDiagnostic(.warning, "aws_iam_role.missing is not declared in this module", at: location(6, 17)),
        ])
    }

    @Test func s3CompanionsJoinTheBucketByReferenceAndByLiteralName() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_s3_bucket": {
              "logs": { "bucket": "acme-logs", "versioning": { "enabled": true } },
              "data": { "bucket": "acme-data" },
              "legacy": { "versioning": [{ "enabled": true }] }
            },
            "aws_s3_bucket_versioning": {
              "logs": {
                "bucket": "${aws_s3_bucket.logs.id}",
                "versioning_configuration": { "status": "Suspended" }
              },
              "data": {
                "bucket": "acme-data",
                "versioning_configuration": [{ "status": "Enabled" }]
              }
            },
            "aws_s3_bucket_server_side_encryption_configuration": {
              "logs": {
                "bucket": "${aws_s3_bucket.logs.bucket}",
                "rule": [{ "apply_server_side_encryption_by_default": { "sse_algorithm": "aws:kms" } }]
              }
            },
            "aws_s3_bucket_public_access_block": {
              "data": { "bucket": "acme-data", "block_public_acls": true }
            }
          }
        }
        """)
        #expect(loaded.diagnostics.isEmpty)
        let logs = try #require(loaded.terraformResource("aws_s3_bucket.logs"))
        // The companion overrides the inline legacy block and is located where it is written.
        #expect(logs[.versioningStatus] == Attr(value: .string("Suspended"), provenance: .explicit, location: location(11, 39)))
        // A `[*]` path lands on the list's key.
        #expect(logs[.sseAlgorithm] == Attr(value: .list([.string("aws:kms")]), provenance: .explicit, location: location(21, 9)))

        let data = try #require(loaded.terraformResource("aws_s3_bucket.data"))
        #expect(data[.versioningStatus] == Attr(value: .string("Enabled"), provenance: .explicit, location: location(15, 40)))
        #expect(data[.sseAlgorithm] == Attr(
            value: .list([.string("AES256")]), provenance: .defaultedByService("S3 applies SSE-S3 to every new object by default [S3-default-enc]")
        ))
        #expect(data[.blockPublicAcls] == Attr(value: .bool(true), provenance: .explicit, location: location(25, 40)))
        // Omitted flags of the public access block are false (Terraform's default), not absent,
        // located at the block that leaves them out.
        #expect(data[.blockPublicPolicy] == Attr(
            value: .bool(false), provenance: .defaultedByTool("block_public_policy defaults to false [TF-s3pab]"),
            location: loaded.terraformResource("aws_s3_bucket_public_access_block.data")?.location
        ))

        let legacy = try #require(loaded.terraformResource("aws_s3_bucket.legacy"))
        #expect(legacy[.versioningStatus] == Attr(value: .string("Enabled"), provenance: .explicit, location: location(6, 36)))

        // The companions stay resources; the literal-name one links to its bucket.
        let dataVersioning = try #require(loaded.terraformResource("aws_s3_bucket_versioning.data"))
        #expect(dataVersioning.kind == .other)
        #expect(dataVersioning.links == [Link(path: "bucket", reference: ResourceReference(target: id("aws_s3_bucket.data")), location: location(14, 9))])
        let model = CloudModel([loaded])
        #expect(Set(model.referrers(of: id("aws_s3_bucket.logs")).map(\.resource.id.name)) == [
            "aws_s3_bucket_versioning.logs", "aws_s3_bucket_server_side_encryption_configuration.logs",
        ])
    }

    @Test func filesOfOneDirectoryFormOneModuleAndOutputsExport() throws {
        let loaded = try TerraformTestSupport.loadConfig([
            ("infra/network.tf.json", """
            {
              "resource": [
                { "aws_nat_gateway": { "main": { "connectivity_type": "public" } } }
              ]
            }
            """),
            ("infra/routes.tf.json", """
            {
              "resource": {
                "aws_route": [
                  { "default": { "nat_gateway_id": "${aws_nat_gateway.main.id}" } }
                ]
              },
              "output": {
                "nat": { "value": "${aws_nat_gateway.main.id}" },
                "both": { "value": "${join(\\",\\", [aws_route.default.id])}" }
              }
            }
            """),
        ])
        #expect(loaded.scope == Scope(name: "infra", format: .terraformConfig, files: ["infra/network.tf.json", "infra/routes.tf.json"]))
        #expect(loaded.diagnostics.isEmpty)
        let nat = try #require(loaded.terraformResource("aws_nat_gateway.main"))
        #expect(nat.location == AuditModel.SourceLocation(file: "infra/network.tf.json", line: 3, column: 28))
        let route = try #require(loaded.terraformResource("aws_route.default"))
        #expect(route.location == AuditModel.SourceLocation(file: "infra/routes.tf.json", line: 4, column: 9))
        #expect(route[.natGatewayID].value == .reference(ResourceReference(target: id("aws_nat_gateway.main"), attribute: "id")))
        #expect(loaded.exported == [id("aws_nat_gateway.main"), id("aws_route.default")])
    }

    @Test func commentsMetaArgumentsTagsAndDataSources() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "//": "file comment",
          "data": { "aws_s3_bucket": { "existing": { "bucket": "shared" } } },
          "resource": {
            "aws_dynamodb_table": {
              "orders": {
                "//": "auditstack:ignore AS-BACKUP-005",
                "name": "orders",
                "for_each": "${toset(var.regions)}",
                "tags": { "env": "prod", "owner": "${var.owner}" },
                "lifecycle": { "prevent_destroy": true },
                "provider": "aws.east",
                "dynamic": {
                  "replica": { "for_each": "${var.regions}", "content": { "region_name": "${replica.value}" } }
                }
              }
            }
          },
          "variable": { "regions": {}, "owner": {} }
        }
        """)
        #expect(loaded.diagnostics.map(\.message) == [
            "the instances of aws_dynamodb_table.orders are not known before plan (for_each = toset(var.regions)); it is checked as one resource",
        ])
        let table = try #require(loaded.terraformResource("aws_dynamodb_table.orders"))
        #expect(table[.terraformComment] == Attr(value: .string("auditstack:ignore AS-BACKUP-005"), provenance: .explicit, location: location(7, 9)))
        let forEach = "${toset(var.regions)}"
        #expect(table[.terraformForEach] == Attr(value: .unresolved(forEach), provenance: .unresolved(forEach), location: location(9, 9)))
        #expect(table[.terraformPreventDestroy] == Attr(value: .bool(true), provenance: .explicit, location: location(11, 24)))
        #expect(table.tags == ["env": "prod"])
        #expect(table.links.isEmpty)

        let existing = try #require(loaded.terraformResource("data.aws_s3_bucket.existing"))
        #expect(existing.kind == .other)
        #expect(existing.location == location(3, 32))
        #expect(existing.attributes.isEmpty)
    }

    @Test func brokenShapesBecomeDiagnostics() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_s3_bucket": {
              "ok": { "bucket": "fine" },
              "broken": "not an object",
              "list": [1, 2]
            },
            "aws_sqs_queue": 42
          },
          "locals": [17],
          "variable": { "bad": [] }
        }
        """)
        #expect(loaded.resources.map(\.id.name) == ["aws_s3_bucket.ok"])
        #expect(loaded.diagnostics == [
            LoadDiagnostic(.warning, "the body of resource aws_s3_bucket.broken is not an object", at: location(5, 17)),
            LoadDiagnostic(.warning, "the body of resource aws_s3_bucket.list is not an object", at: location(6, 16)),
            LoadDiagnostic(.warning, "the body of resource aws_s3_bucket.list is not an object", at: location(6, 19)),
            LoadDiagnostic(.warning, "resource must be an object or a list of objects", at: location(8, 22)),
            LoadDiagnostic(.warning, "locals must be an object", at: location(10, 14)),
        ])
    }

    @Test func redrivePoliciesKeepTheirReferencesAndJoinFromTheCompanion() throws {
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "resource": {
            "aws_sqs_queue": {
              "dlq": { "name": "jobs-dlq" },
              "jobs": { "redrive_policy": "{\"deadLetterTargetArn\": \"${aws_sqs_queue.dlq.arn}\", \"maxReceiveCount\": 3}" },
              "events": { "name": "events" }
            },
            "aws_sqs_queue_redrive_policy": {
              "events": {
                "queue_url": "${aws_sqs_queue.events.id}",
                "redrive_policy": "${jsonencode({deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5})}"
              }
            },
            "aws_vpc": { "main": {} }
          },
          "module": {
            "workers": { "source": "./workers", "queue_arn": "${aws_sqs_queue.jobs.arn}", "vpc": "${aws_vpc.main.id}" }
          }
        }
        """#)
        #expect(loaded.diagnostics.isEmpty)
        let dlqArn = Value.reference(ResourceReference(target: id("aws_sqs_queue.dlq"), attribute: "arn"))
        let jobs = try #require(loaded.terraformResource("aws_sqs_queue.jobs"))
        #expect(jobs[.redrivePolicy] == Attr(
            value: .map([.init(key: "deadLetterTargetArn", value: dlqArn), .init(key: "maxReceiveCount", value: .number(3))]),
            provenance: .explicit, location: location(5, 17)
        ))
        #expect(jobs.links == [Link(path: "redrive_policy.deadLetterTargetArn", attribute: .redrivePolicy,
                                    reference: ResourceReference(target: id("aws_sqs_queue.dlq"), attribute: "arn"), location: location(5, 17))])
        let events = try #require(loaded.terraformResource("aws_sqs_queue.events"))
        #expect(events[.redrivePolicy] == Attr(
            value: .map([.init(key: "deadLetterTargetArn", value: dlqArn), .init(key: "maxReceiveCount", value: .number(5))]),
            provenance: .explicit, location: location(11, 9)
        ))

        // A module call keeps the resources it is given referenced.
        let workers = try #require(loaded.terraformResource("module.workers"))
        #expect(workers.kind == .other)
        #expect(workers.sourceType == "module")
        #expect(workers.location == location(17, 5))
        #expect(workers.links.map(\.target) == [id("aws_sqs_queue.jobs"), id("aws_vpc.main")])
        #expect(CloudModel([loaded]).referrers(of: id("aws_vpc.main")).map(\.resource.id.name) == ["module.workers"])
    }

    @Test func hostileNestingAndRepeatingLocalsStayBounded() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        var locals = #""l0": ["${aws_s3_bucket.b.arn}", "x"]"#
        for level in 1...40 {
            locals += #", "l\#(level)": ["${local.l\#(level - 1)}", "${local.l\#(level - 1)}"]"#
        }
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "locals": { \#(locals) },
          "resource": {
            "aws_s3_bucket": { "b": { "bucket": "b" } },
            "aws_lambda_function": {
              "f": { "environment": { "variables": { "DEEP": \#(deep) } }, "runtime": "${local.l40}" }
            }
          }
        }
        """#)
        let function = try #require(loaded.terraformResource("aws_lambda_function.f"))
        #expect(function[.environmentVariables].isUnresolved)
        // Locals past the size bound are unresolved; their references still link.
        #expect(function[.runtime] == Attr(
            value: .list([.unresolved("local.l39"), .unresolved("local.l39")]), provenance: .explicit, location: location(6, 660)
        ))
        #expect(function[.runtime].isUnresolved)
        #expect(function.links.map(\.target) == [id("aws_s3_bucket.b")])
        #expect(loaded.diagnostics.map(\.message) == ["values nested more than 64 levels deep are not evaluated"])
    }

    @Test func listsOfListsAndDeepDefaultsAreRefused() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "variable": { "deep": { "default": \#(deep) } },
          "resource": [[{ "aws_s3_bucket": { "nested": {} } }], { "aws_s3_bucket": { "b": { "bucket": "${var.deep}" } } }]
        }
        """#)
        #expect(loaded.resources.map(\.id.name) == ["aws_s3_bucket.b"])
        let bucket = try #require(loaded.terraformResource("aws_s3_bucket.b"))
        #expect(bucket[.bucketName] == Attr(value: .unresolved("${var.deep}"), provenance: .unresolved("${var.deep}"), location: location(3, 85)))
        #expect(loaded.diagnostics == [LoadDiagnostic(.warning, "resource must be an object or a list of objects", at: location(3, 16))])
    }
}
