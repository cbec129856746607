import AuditModel
import AuditSyntax
import Foundation
import Testing
@testable import AuditLoaders

@Suite("Terraform plan and state loader")
struct TerraformPlanLoaderTests {
    private let file = "plan.json"
    private let knownAfterApply = "(known after apply)"

    private func location(_ line: Int, _ column: Int) -> AuditModel.SourceLocation {
        AuditModel.SourceLocation(file: file, line: line, column: column)
    }

    private func id(_ address: String) -> ResourceID {
        ResourceID(scope: file, name: address)
    }

    private let plan = #"""
    {
      "format_version": "1.2",
      "terraform_version": "1.9.0",
      "planned_values": {
        "root_module": {
          "resources": [
            {
              "address": "aws_db_instance.main",
              "mode": "managed", "type": "aws_db_instance", "name": "main",
              "values": { "identifier": "orders", "storage_encrypted": false, "backup_retention_period": null, "kms_key_id": null }
            },
            {
              "address": "aws_kms_key.main",
              "mode": "managed", "type": "aws_kms_key", "name": "main",
              "values": { "enable_key_rotation": true }
            },
            {
              "address": "aws_nat_gateway.main",
              "mode": "managed", "type": "aws_nat_gateway", "name": "main",
              "values": { "connectivity_type": "public" }
            },
            {
              "address": "aws_route.private",
              "mode": "managed", "type": "aws_route", "name": "private",
              "values": { "destination_cidr_block": "0.0.0.0/0" }
            },
            {
              "address": "aws_cloudwatch_metric_alarm.cpu",
              "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "cpu",
              "values": { "metric_name": "CPUUtilization", "dimensions": { "DBInstanceIdentifier": "orders" } }
            }
          ],
          "child_modules": [
            {
              "address": "module.queue",
              "resources": [
                {
                  "address": "module.queue.aws_sqs_queue.this[0]",
                  "mode": "managed", "type": "aws_sqs_queue", "name": "this", "index": 0,
                  "values": { "name": "jobs", "sqs_managed_sse_enabled": true }
                }
              ]
            }
          ]
        }
      },
      "resource_changes": [
        { "address": "aws_db_instance.main", "change": { "actions": ["create"], "after_unknown": { "kms_key_id": true, "backup_retention_period": false, "arn": true } } },
        { "address": "aws_route.private", "change": { "actions": ["create"], "after_unknown": { "nat_gateway_id": true, "route_table_id": true } } },
        { "address": "module.queue.aws_sqs_queue.this[0]", "change": { "actions": ["create"], "after_unknown": { "kms_master_key_id": true, "url": true } } },
        { "address": "aws_s3_bucket.old", "change": { "actions": ["delete"], "after_unknown": {} } }
      ],
      "configuration": {
        "root_module": {
          "outputs": { "queue_url": { "expression": { "references": ["module.queue.url", "module.queue"] } } },
          "resources": [
            { "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
              "expressions": { "identifier": { "constant_value": "orders" }, "kms_key_id": { "references": ["var.kms_key"] } } },
            { "address": "aws_kms_key.main", "mode": "managed", "type": "aws_kms_key", "name": "main", "expressions": {} },
            { "address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main" },
            { "address": "aws_route.private", "mode": "managed", "type": "aws_route", "name": "private",
              "expressions": { "nat_gateway_id": { "references": ["aws_nat_gateway.main.id", "aws_nat_gateway.main"] } } },
            { "address": "aws_cloudwatch_metric_alarm.cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "name": "cpu",
              "expressions": { "dimensions": { "references": ["aws_db_instance.main.identifier", "aws_db_instance.main"] } } }
          ],
          "module_calls": {
            "queue": {
              "source": "./queue",
              "expressions": { "kms": { "references": ["aws_kms_key.main.arn", "aws_kms_key.main"] } },
              "module": {
                "outputs": { "url": { "expression": { "references": ["aws_sqs_queue.this[0].url", "aws_sqs_queue.this[0]", "aws_sqs_queue.this"] } } },
                "resources": [
                  { "address": "aws_sqs_queue.this", "mode": "managed", "type": "aws_sqs_queue", "name": "this",
                    "count_expression": { "constant_value": 1 },
                    "expressions": { "name": { "constant_value": "jobs" }, "kms_master_key_id": { "references": ["var.kms"] } } }
                ]
              }
            }
          }
        }
      }
    }
    """#

    @Test func plannedValuesOfRootAndChildModules() throws {
        let loaded = try TerraformTestSupport.loadPlan(plan)
        #expect(loaded.scope == Scope(name: file, format: .terraformPlan, files: [file]))
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.resources.map(\.id.name) == [
            "aws_db_instance.main", "aws_kms_key.main", "aws_nat_gateway.main", "aws_route.private",
            "aws_cloudwatch_metric_alarm.cpu", "module.queue.aws_sqs_queue.this[0]",
        ])

        let database = try #require(loaded.terraformResource("aws_db_instance.main"))
        #expect(database.kind == .databaseInstance)
        #expect(database.location == location(8, 22))
        #expect(database[.storageEncrypted] == Attr(value: .bool(false), provenance: .explicit, location: location(10, 47)))
        // Null, known, and without an expression: the user did not write it; the provider sends 0.
        #expect(database[.backupRetentionPeriod] == Attr(
            value: .number(0),
            provenance: .defaultedByTool("Terraform sends backup_retention_period = 0 when unset, turning backups off [TF-dbi-code]")
        ))
        // Unknown with an expression: unresolved.
        #expect(database[.kmsKeyID] == Attr(value: .unresolved(knownAfterApply), provenance: .unresolved(knownAfterApply), location: location(10, 108)))
        #expect(database.links.isEmpty)

        let queue = try #require(loaded.terraformResource("module.queue.aws_sqs_queue.this[0]"))
        #expect(queue.kind == .queue)
        #expect(queue.location == location(38, 26))
        #expect(queue[.sqsManagedSseEnabled] == Attr(value: .bool(true), provenance: .explicit, location: location(40, 43)))
        #expect(queue[.kmsMasterKeyID] == Attr(value: .unresolved(knownAfterApply), provenance: .unresolved(knownAfterApply), location: location(38, 26)))
        #expect(queue[.terraformCount] == Attr(value: .number(1), provenance: .explicit, location: location(38, 26)))
        // `var.kms` inside the module is followed to the module call's input.
        #expect(queue.links == [Link(
            path: "kms_master_key_id", attribute: .kmsMasterKeyID,
            reference: ResourceReference(target: id("aws_kms_key.main"), attribute: "arn"), location: location(38, 26)
        )])
        #expect(loaded.exported == [id("module.queue.aws_sqs_queue.this[0]")])
    }

    @Test func unknownValuesWithoutAnExpressionAreNotWritten() throws {
        let loaded = try TerraformTestSupport.loadPlan(plan)
        let route = try #require(loaded.terraformResource("aws_route.private"))
        #expect(route[.natGatewayID] == Attr(value: .unresolved(knownAfterApply), provenance: .unresolved(knownAfterApply), location: location(23, 22)))
        #expect(route[.routeTableID] == .absent)
        #expect(route.links == [Link(
            path: "nat_gateway_id", attribute: .natGatewayID,
            reference: ResourceReference(target: id("aws_nat_gateway.main"), attribute: "id"), location: location(23, 22)
        )])
        let model = CloudModel([loaded])
        #expect(model.referrers(of: id("aws_nat_gateway.main")).map(\.resource.id.name) == ["aws_route.private"])
    }

    @Test func mapValuedAttributesGetTheReferenceWherePlannedValuesMatch() throws {
        let loaded = try TerraformTestSupport.loadPlan(plan)
        let alarm = try #require(loaded.terraformResource("aws_cloudwatch_metric_alarm.cpu"))
        let reference = ResourceReference(target: id("aws_db_instance.main"), attribute: "identifier")
        #expect(alarm[.dimensions] == Attr(
            value: .map([.init(key: "DBInstanceIdentifier", value: .reference(reference))]), provenance: .explicit, location: location(30, 56)
        ))
        #expect(alarm.links == [Link(path: "dimensions", attribute: .dimensions, reference: reference, location: location(30, 56))])
    }

    @Test func companionsJoinByReferenceAndPoliciesComeFromPlannedStrings() throws {
        let loaded = try TerraformTestSupport.loadPlan(#"""
        {
          "format_version": "1.2",
          "planned_values": {
            "root_module": {
              "resources": [
                { "address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
                  "values": { "bucket": "acme-logs" } },
                { "address": "aws_s3_bucket_versioning.logs", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "logs",
                  "values": { "versioning_configuration": [{ "status": "Enabled", "mfa_delete": null }] } },
                { "address": "data.aws_iam_policy_document.trust", "mode": "data", "type": "aws_iam_policy_document", "name": "trust",
                  "values": { "json": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}]}" } },
                { "address": "aws_iam_role.app", "mode": "managed", "type": "aws_iam_role", "name": "app",
                  "values": { "inline_policy": [{ "name": "s3", "policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}" }], "assume_role_policy": "{\"Statement\":[]}" } },
                { "address": "aws_sqs_queue_policy.q", "mode": "managed", "type": "aws_sqs_queue_policy", "name": "q",
                  "values": { "queue_url": "https://sqs/1/q" } },
                { "address": "aws_iam_role.gone", "mode": "managed", "type": "aws_iam_role", "name": "gone", "values": {} }
              ]
            }
          },
          "resource_changes": [
            { "address": "aws_s3_bucket_versioning.logs", "change": { "actions": ["create"], "after_unknown": { "bucket": true, "versioning_configuration": [{}] } } },
            { "address": "aws_sqs_queue_policy.q", "change": { "actions": ["create"], "after_unknown": { "policy": true } } },
            { "address": "aws_iam_role.gone", "change": { "actions": ["forget"] } }
          ],
          "prior_state": { "values": { "root_module": { "resources": [
            { "address": "data.aws_iam_policy_document.trust", "mode": "data", "type": "aws_iam_policy_document", "name": "trust", "values": { "json": "{}" } },
            { "address": "data.aws_iam_policy_document.extra", "mode": "data", "type": "aws_iam_policy_document", "name": "extra",
              "values": { "json": "{\"Statement\": {\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}}" } },
            { "address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs", "values": {} }
          ] } } },
          "configuration": {
            "root_module": {
              "resources": [
                { "address": "aws_s3_bucket.logs", "expressions": { "bucket": { "constant_value": "acme-logs" } } },
                { "address": "aws_s3_bucket_versioning.logs", "expressions": { "bucket": { "references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"] }, "versioning_configuration": [{ "status": { "constant_value": "Enabled" } }] } },
                { "address": "data.aws_iam_policy_document.trust", "mode": "data", "expressions": { "statement": [{ "actions": { "constant_value": ["sts:AssumeRole"] } }] } },
                { "address": "aws_iam_role.app", "expressions": { "assume_role_policy": { "references": ["data.aws_iam_policy_document.trust.json", "data.aws_iam_policy_document.trust"] }, "inline_policy": [{ "name": { "constant_value": "s3" }, "policy": {} }] } },
                { "address": "aws_sqs_queue_policy.q", "expressions": { "queue_url": { "constant_value": "https://sqs/1/q" }, "policy": { "references": ["var.policy"] } } }
              ]
            }
          }
        }
        """#)
        #expect(loaded.diagnostics.isEmpty)
        let bucket = try #require(loaded.terraformResource("aws_s3_bucket.logs"))
        #expect(bucket[.versioningStatus] == Attr(value: .string("Enabled"), provenance: .explicit, location: location(9, 54)))
        #expect(CloudModel([loaded]).referrers(of: id("aws_s3_bucket.logs")).map(\.resource.id.name) == ["aws_s3_bucket_versioning.logs"])

        let trust = try #require(loaded.terraformPolicy("data.aws_iam_policy_document.trust"))
        let json = location(11, 23)
        #expect(trust.kind == .trust)
        #expect(trust.owner == id("data.aws_iam_policy_document.trust"))
        #expect(trust.location == location(10, 22))
        #expect(trust.statements == [PolicyStatement(
            effect: Attr(value: .string("Allow"), provenance: .explicit, location: json),
            actions: PolicyElement(entries: [PolicyEntry(value: .string("sts:AssumeRole"), location: json)], location: json),
            principals: [PolicyPrincipal(type: "Service", value: .string("lambda.amazonaws.com"), location: json)],
            location: json
        )])

        let inline = try #require(loaded.terraformPolicy("aws_iam_role.app.inline_policy[0].policy"))
        let key = location(13, 57)
        #expect(inline.kind == .identity)
        #expect(inline.name == #"aws_iam_role.app inline policy "s3""#)
        #expect(inline.location == key)
        #expect(inline.statements == [PolicyStatement(
            effect: Attr(value: .string("Allow"), provenance: .explicit, location: key),
            actions: PolicyElement(entries: [PolicyEntry(value: .string("s3:*"), location: key)], location: key),
            resources: PolicyElement(entries: [PolicyEntry(value: .string("*"), location: key)], location: key),
            location: key
        )])

        let queuePolicy = try #require(loaded.terraformPolicy("aws_sqs_queue_policy.q.policy"))
        #expect(queuePolicy.kind == .resourceBased)
        #expect(queuePolicy.location == location(14, 22))
        #expect(queuePolicy.unresolvedExpression == knownAfterApply)
        // Data sources read while planning come from the prior state; forgotten resources are gone.
        #expect(loaded.resources.map(\.id.name) == [
            "aws_s3_bucket.logs", "aws_s3_bucket_versioning.logs", "data.aws_iam_policy_document.trust", "aws_iam_role.app",
            "aws_sqs_queue_policy.q", "data.aws_iam_policy_document.extra",
        ])
        #expect(loaded.policies.map(\.id.name) == [
            "aws_iam_role.app.inline_policy[0].policy", "aws_sqs_queue_policy.q.policy", "data.aws_iam_policy_document.trust",
            "data.aws_iam_policy_document.extra",
        ])
        let extra = try #require(loaded.terraformPolicy("data.aws_iam_policy_document.extra"))
        let extraJSON = location(28, 19)
        #expect(extra.kind == .standalone)
        #expect(extra.statements == [PolicyStatement(
            effect: Attr(value: .string("Deny"), provenance: .explicit, location: extraJSON),
            actions: PolicyElement(entries: [PolicyEntry(value: .string("*"), location: extraJSON)], location: extraJSON),
            resources: PolicyElement(entries: [PolicyEntry(value: .string("*"), location: extraJSON)], location: extraJSON),
            location: extraJSON
        )])
    }

    @Test func stateFromTerraformShow() throws {
        let loaded = try TerraformTestSupport.loadPlan(#"""
        {
          "format_version": "1.0",
          "terraform_version": "1.9.0",
          "values": {
            "root_module": {
              "resources": [
                { "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
                  "values": { "backup_retention_period": 7, "deletion_protection": null } }
              ],
              "child_modules": [
                { "address": "module.m", "resources": [
                  { "address": "module.m.aws_kinesis_stream.s", "mode": "managed", "type": "aws_kinesis_stream", "name": "s",
                    "values": { "encryption_type": "KMS" } }
                ] }
              ]
            }
          }
        }
        """#, path: "state.json")
        let state = "state.json"
        #expect(loaded.scope.format == .terraformState)
        #expect(loaded.diagnostics.isEmpty)
        let database = try #require(loaded.terraformResource("aws_db_instance.main"))
        #expect(database.location == AuditModel.SourceLocation(file: state, line: 7, column: 22))
        #expect(database[.backupRetentionPeriod] == Attr(value: .number(7), provenance: .explicit,
                                                         location: AuditModel.SourceLocation(file: state, line: 8, column: 23)))
        #expect(database[.deletionProtection] == Attr(value: .bool(false), provenance: .defaultedByTool("deletion_protection defaults to false [TF-dbi]")))
        let stream = try #require(loaded.terraformResource("module.m.aws_kinesis_stream.s"))
        #expect(stream.kind == .stream)
        #expect(stream[.streamEncryptionType] == Attr(value: .string("KMS"), provenance: .explicit,
                                                      location: AuditModel.SourceLocation(file: state, line: 13, column: 25)))
        #expect(stream[.retentionPeriodHours] == Attr(value: .number(24), provenance: .defaultedByTool("retention_period defaults to 24 [TF-kin]")))
    }

    @Test func rawStateFile() throws {
        let loaded = try TerraformTestSupport.loadPlan(#"""
        {
          "version": 4,
          "terraform_version": "1.9.0",
          "resources": [
            { "mode": "managed", "type": "aws_nat_gateway", "name": "main",
              "instances": [ { "attributes": { "id": "nat-1", "subnet_id": "subnet-1" } } ] },
            { "module": "module.net", "mode": "managed", "type": "aws_route", "name": "r",
              "instances": [
                { "index_key": 0, "attributes": { "nat_gateway_id": "nat-1" }, "dependencies": ["aws_nat_gateway.main"] },
                { "index_key": "b", "attributes": { "nat_gateway_id": null }, "dependencies": ["module.net.aws_route.r[0]"] }
              ] },
            { "mode": "data", "type": "aws_region", "name": "current", "instances": [ { "attributes": { "name": "us-east-1" } } ] }
          ]
        }
        """#, path: "terraform.tfstate")
        let state = "terraform.tfstate"
        #expect(loaded.scope.format == .terraformState)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.resources.map(\.id.name) == [
            "aws_nat_gateway.main", #"module.net.aws_route.r[0]"#, #"module.net.aws_route.r["b"]"#, "data.aws_region.current",
        ])
        let route = try #require(loaded.terraformResource("module.net.aws_route.r[0]"))
        let nameLocation = AuditModel.SourceLocation(file: state, line: 7, column: 79)
        #expect(route.kind == .route)
        #expect(route.location == nameLocation)
        #expect(route[.natGatewayID] == Attr(value: .string("nat-1"), provenance: .explicit,
                                             location: AuditModel.SourceLocation(file: state, line: 9, column: 43)))
        #expect(route.links == [Link(
            path: "dependencies", reference: ResourceReference(target: ResourceID(scope: state, name: "aws_nat_gateway.main")), location: nameLocation
        )])
        let second = try #require(loaded.terraformResource(#"module.net.aws_route.r["b"]"#))
        #expect(second.links.map(\.target.name) == ["module.net.aws_route.r[0]"])
        #expect(second[.natGatewayID] == .absent)
        let region = try #require(loaded.terraformResource("data.aws_region.current"))
        #expect(region.kind == .other)
    }

    @Test func brokenShapesBecomeDiagnostics() throws {
        let loaded = try TerraformTestSupport.loadPlan(#"""
        {
          "format_version": "1.2",
          "planned_values": { "root_module": { "resources": [ 42, { "mode": "managed" } ], "child_modules": {} } },
          "resource_changes": "nope",
          "configuration": { "root_module": { "resources": [ { "address": 7 } ], "module_calls": [] } }
        }
        """#)
        #expect(loaded.resources.isEmpty)
        #expect(loaded.diagnostics == [
            LoadDiagnostic(.warning, "an entry of resources is not an object", at: location(3, 55)),
            LoadDiagnostic(.warning, "a resource without address or type", at: location(3, 59)),
            LoadDiagnostic(.warning, "child_modules must be a list", at: location(3, 101)),
            LoadDiagnostic(.warning, "resource_changes must be a list", at: location(4, 23)),
        ])
    }

    @Test func largePlansLoadEveryInstanceAndReference() throws {
        let count = 10_000
        var planned: [String] = []
        var configured: [String] = []
        for index in 0..<count {
            planned.append(#"{"address": "aws_route.r\#(index)", "mode": "managed", "type": "aws_route", "name": "r\#(index)", "values": {"destination_cidr_block": "0.0.0.0/0"}}"#)
            configured.append(#"{"address": "aws_route.r\#(index)", "expressions": {"nat_gateway_id": {"references": ["aws_nat_gateway.n\#(index % 10).id", "aws_nat_gateway.n\#(index % 10)"]}}}"#)
        }
        for index in 0..<10 {
            planned.append(#"{"address": "aws_nat_gateway.n\#(index)", "mode": "managed", "type": "aws_nat_gateway", "name": "n\#(index)", "values": {}}"#)
        }
        let text = #"{"format_version": "1.2", "planned_values": {"root_module": {"resources": ["# + planned.joined(separator: ",\n")
            + #"]}}, "configuration": {"root_module": {"resources": ["# + configured.joined(separator: ",\n") + "]}}}"
        let loaded = try TerraformTestSupport.loadPlan(text)
        #expect(loaded.resources.count == count + 10)
        let model = CloudModel([loaded])
        #expect(model.referrers(of: id("aws_nat_gateway.n3")).count == count / 10)
    }

    @Test func aPlanSavedAsUTF16ByPowerShellLoadsWithFilePositions() throws {
        let path = "testdata/terraform/powershell-plan.json"
        var directory = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        directory.removeLast(3)
        let data = try #require(FileManager.default.contents(atPath: directory.joined(separator: "/") + "/" + path))
        let (document, syntax) = try SyntaxReader.read(Array(data), fileName: path)
        let format = try #require(FormatSniffer.sniff(document.root))
        #expect(format == .terraformPlan)
        let loaded = TerraformPlanLoader().load([ParsedFile(path: path, document: document, syntax: syntax, format: format)])
        #expect(loaded.diagnostics.isEmpty)
        let stream = try #require(loaded.terraformResource("aws_kinesis_stream.events"))
        #expect(stream.location == AuditModel.SourceLocation(file: path, line: 8, column: 22))
        #expect(stream[.retentionPeriodHours] == Attr(value: .number(48), provenance: .explicit,
                                                      location: AuditModel.SourceLocation(file: path, line: 12, column: 43)))
        #expect(stream[.streamEncryptionType] == Attr(value: .string("NONE"), provenance: .explicit,
                                                      location: AuditModel.SourceLocation(file: path, line: 12, column: 67)))
    }
}
