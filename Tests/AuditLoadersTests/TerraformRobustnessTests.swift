import AuditModel
import AuditSyntax
import Foundation
import Testing
@testable import AuditLoaders

/// Hostile and very large Terraform inputs found while scanning real-world files: each
/// must load in bounded time, memory and stack, and say what it did not evaluate.
@Suite("Terraform robustness")
struct TerraformRobustnessTests {
    private let configFile = "infra/main.tf.json"
    private let planFile = "plan.json"

    // MARK: Configuration

    @Test func aLongChainOfLocalsDoesNotExhaustTheStack() throws {
        // Each local names the previous one: evaluation recursed once per local, and a
        // chain of a few thousand crashed the scanner with a stack overflow.
        let length = 20_000
        var locals = [#""l0": true"#]
        for level in 1..<length {
            locals.append(#""l\#(level)": "${local.l\#(level - 1)}""#)
        }
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "locals": { \#(locals.joined(separator: ", ")) },
          "resource": { "aws_db_instance": { "db": { "storage_encrypted": "${local.l\#(length - 1)}" } } }
        }
        """#)
        let database = try #require(loaded.terraformResource("aws_db_instance.db"))
        #expect(database[.storageEncrypted].isUnresolved)
        #expect(loaded.diagnostics.map(\.message).contains {
            $0.hasSuffix("is reached through more than \(TerraformEvaluator.maxLocalChain) other locals and is not evaluated")
        })
    }

    @Test func aChainOfDeeplyNestedLocalsDoesNotExhaustTheStack() throws {
        // Within the chain bound, each local nests its value 60 lists deep around a function
        // call nesting the previous local 40 lists deep: the levels of all the locals added
        // up on one thread and overflowed the scanner's stack.
        let outer = 60, inner = 40
        func nested(_ text: String, _ levels: Int) -> String {
            String(repeating: "[", count: levels) + text + String(repeating: "]", count: levels)
        }
        var locals = [#""l0": "${aws_s3_bucket.logs.arn}""#]
        for level in 1..<70 {
            locals.append(#""l\#(level)": \#(nested(#""${f(\#(nested("local.l\(level - 1)", inner)))}""#, outer))"#)
        }
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "locals": { \#(locals.joined(separator: ", ")) },
          "resource": {
            "aws_s3_bucket": { "logs": {} },
            "aws_db_instance": { "db": { "storage_encrypted": "${local.l69}" } }
          }
        }
        """#)
        let database = try #require(loaded.terraformResource("aws_db_instance.db"))
        #expect(database[.storageEncrypted].isUnresolved)
        #expect(loaded.diagnostics.map(\.message).contains {
            $0.hasPrefix("values and expressions nested more than \(TerraformEvaluator.maxTotalNesting) levels deep")
        })
    }

    @Test func chainsOfLocalsUpToTheBoundStillResolveAndLink() throws {
        var locals = [#""l0": "${aws_s3_bucket.logs.arn}""#]
        for level in 1..<TerraformEvaluator.maxLocalChain {
            locals.append(#""l\#(level)": "${local.l\#(level - 1)}""#)
        }
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "locals": { "enabled": "${local.flag}", "flag": true, \#(locals.joined(separator: ", ")) },
          "resource": {
            "aws_s3_bucket": { "logs": {} },
            "aws_db_instance": { "db": {
              "storage_encrypted": "${local.enabled}",
              "tags": { "Logs": "${local.l\#(TerraformEvaluator.maxLocalChain - 1)}" }
            } }
          }
        }
        """#)
        let database = try #require(loaded.terraformResource("aws_db_instance.db"))
        #expect(database[.storageEncrypted].value == .bool(true))
        #expect(database.links.map(\.target.name) == ["aws_s3_bucket.logs"])
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test func localsThatDoubleATemplateStayBounded() throws {
        // `a1 = "${local.a0}${local.a0}"`, `a2 = "${local.a1}${local.a1}"`, …: the text
        // doubles with every local; 2^40 characters used to exhaust memory.
        var locals = [#""a0": "xy""#]
        for level in 1...40 {
            locals.append(#""a\#(level)": "${local.a\#(level - 1)}${local.a\#(level - 1)}""#)
        }
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "locals": { \#(locals.joined(separator: ", ")) },
          "resource": { "aws_db_instance": { "db": { "identifier": "${local.a40}", "engine": "${local.a3}" } } }
        }
        """#)
        let database = try #require(loaded.terraformResource("aws_db_instance.db"))
        #expect(database[.dbInstanceIdentifier].isUnresolved)
        #expect(database[.engine].value == .string(String(repeating: "xy", count: 8)))
        #expect(loaded.diagnostics.map(\.message) == ["a template longer than 1024 KB is not evaluated"])
    }

    @Test func aLocalUsedVeryOftenIsExpandedUpToABudget() throws {
        // Every use copies the local's value: a 1,900-entry map used 200,000 times took
        // 15 GB before. Uses past the budget stay unresolved, once said, and still link.
        let entries = (0..<1_900).map { #""k\#($0)": "v""# }.joined(separator: ", ")
        let uses = (0..<2_000).map { #""t\#($0)": "${local.big}""# }.joined(separator: ", ")
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "locals": { "big": { \#(entries), "bucket": "${aws_s3_bucket.logs.id}" } },
          "resource": {
            "aws_s3_bucket": { "logs": {} },
            "aws_db_instance": { "db": { "tags": { \#(uses) }, "identifier": "${local.big.k7}" } }
          }
        }
        """#)
        let database = try #require(loaded.terraformResource("aws_db_instance.db"))
        #expect(database.links.map(\.target.name).contains("aws_s3_bucket.logs"))
        #expect(loaded.diagnostics.map(\.message) == [
            "locals and variables are used too often to be expanded; this and further uses are not evaluated",
        ])
    }

    @Test func largeVariableDefaultsAreNotCopiedForEveryUse() throws {
        // `var.big[i].k` used to convert and copy the whole default at every use.
        let items = (0..<20_000).map { #"{"k": \#($0), "v": ["a", "b"]}"# }.joined(separator: ", ")
        let uses = (0..<20_000).map { #""t\#($0)": "${var.big[\#($0)].k}""# }.joined(separator: ", ")
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "variable": { "big": { "default": [\#(items)] } },
          "resource": { "aws_db_instance": { "db": { "tags": { \#(uses) }, "backup_retention_period": "${var.big[7].k}" } } }
        }
        """#)
        let database = try #require(loaded.terraformResource("aws_db_instance.db"))
        #expect(database[.backupRetentionPeriod].value == .number(7))
        #expect(database[.backupRetentionPeriod].via == "var.big default")
        #expect(database.tags["t19999"] == "19999")
        #expect(loaded.diagnostics.isEmpty)
    }

    // MARK: Real-world shapes

    @Test func theResourcePrefixNamesAManagedResource() throws {
        // `resource.aws_s3_bucket.b.arn` is the explicit spelling of `aws_s3_bucket.b.arn`;
        // it used to warn "resource.aws_s3_bucket is not declared" and drop the link.
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "resource": {
            "aws_s3_bucket": { "b": {} },
            "aws_iam_role": { "r": { "assume_role_policy": "{}" } },
            "aws_iam_role_policy": { "p": {
              "role": "${resource.aws_iam_role.r.name}",
              "policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"${resource.aws_s3_bucket.b.arn}/*\"}]}"
            } }
          }
        }
        """#)
        let policy = try #require(loaded.terraformResource("aws_iam_role_policy.p"))
        #expect(Set(policy.links.map(\.target.name)) == ["aws_iam_role.r", "aws_s3_bucket.b"])
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test func namesFromHCLFilesOfTheSameModuleAreNotReportedAsUndeclared() throws {
        // `variables.tf`, not among the loaded files, next to `main.tf.json` may declare what the JSON uses.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("auditstack-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Each undeclared name is said once, at its first use.
        let text = #"{"resource": {"aws_db_instance": {"db": {"instance_class": "${var.size}", "tags": {"a": "${local.x}", "b": "${var.size}"}}}}}"#

        let alone = try TerraformTestSupport.loadConfig(text, path: directory + "/main.tf.json")
        #expect(alone.diagnostics.map(\.message) == ["var.size is not declared in this module", "local.x is not declared in this module"])

        #expect(FileManager.default.createFile(atPath: directory + "/variables.tf", contents: Data("variable \"size\" {}\n".utf8)))
        let mixed = try TerraformTestSupport.loadConfig(text, path: directory + "/main.tf.json")
        #expect(mixed.diagnostics.isEmpty)
        let database = try #require(mixed.terraformResource("aws_db_instance.db"))
        #expect(database[.dbInstanceClass].isUnresolved)
    }

    @Test func moduleCallsAreNotCountedAsDeclaredResources() throws {
        // A file of module calls only declared "13 resources".
        let loaded = try TerraformTestSupport.loadConfig(#"""
        {
          "module": [
            { "net": { "source": "./net" } },
            { "app": { "source": "./app", "subnet": "${module.net.subnet_id}", "bucket": "${aws_s3_bucket.b.id}" } }
          ],
          "resource": { "aws_s3_bucket": { "b": {} } }
        }
        """#)
        #expect(loaded.resources.filter { !$0.isImplicit }.map(\.id.name) == ["aws_s3_bucket.b"])
        let app = try #require(loaded.terraformResource("module.app"))
        #expect(app.isImplicit)
        #expect(app.links.map(\.target.name) == ["aws_s3_bucket.b"])
    }

    // MARK: Plans

    private func countedPlan(routes: Int, gateways: Int, references: [String], key: (Int) -> String = { "[\($0)]" }) -> String {
        var planned: [String] = []
        for index in 0..<gateways {
            let address = "aws_nat_gateway.main\(key(index))"
            planned.append(#"{"address": \#(quoted(address)), "mode": "managed", "type": "aws_nat_gateway", "name": "main", "values": {}}"#)
        }
        for index in 0..<routes {
            let address = "aws_route.private\(key(index))"
            planned.append(#"{"address": \#(quoted(address)), "mode": "managed", "type": "aws_route", "name": "private", "values": {}}"#)
        }
        let referenceList = references.map(quoted).joined(separator: ", ")
        return #"""
        {"format_version": "1.2", "planned_values": {"root_module": {"resources": [\#(planned.joined(separator: ",\n"))]}},
         "configuration": {"root_module": {"resources": [
           {"address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "expressions": {}},
           {"address": "aws_route.private", "mode": "managed", "type": "aws_route", "name": "private",
            "expressions": {"nat_gateway_id": {"references": [\#(referenceList)]}}}
         ]}}}
        """#
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func natTargets(_ loaded: LoadedScope, route: String) throws -> [String] {
        let resource = try #require(loaded.terraformResource(route))
        return resource.links.filter { $0.path == "nat_gateway_id" }.map(\.target.name)
    }

    @Test func countIndexReferencesLinkTheInstanceWithTheSameIndex() throws {
        // `nat_gateway_id = aws_nat_gateway.main[count.index].id` is listed as the
        // references `aws_nat_gateway.main.id`, `aws_nat_gateway.main` and `count.index`.
        let loaded = try TerraformTestSupport.loadPlan(countedPlan(
            routes: 3, gateways: 3, references: ["aws_nat_gateway.main.id", "aws_nat_gateway.main", "count.index"]
        ))
        #expect(try natTargets(loaded, route: "aws_route.private[1]") == ["aws_nat_gateway.main[1]"])
        #expect(try natTargets(loaded, route: "aws_route.private[2]") == ["aws_nat_gateway.main[2]"])
        #expect(loaded.diagnostics.isEmpty)
    }

    @Test func eachKeyReferencesLinkTheInstanceWithTheSameKey() throws {
        let loaded = try TerraformTestSupport.loadPlan(countedPlan(
            routes: 2, gateways: 2, references: ["aws_nat_gateway.main", "each.key"], key: { "[\"az-\($0)\"]" }
        ))
        #expect(try natTargets(loaded, route: #"aws_route.private["az-1"]"#) == [#"aws_nat_gateway.main["az-1"]"#])
    }

    @Test func withoutTheReferrersOwnIndexEveryInstanceIsStillLinked() throws {
        // `element(aws_nat_gateway.main[*].id, 0)`, or an index the target does not have.
        let all = try TerraformTestSupport.loadPlan(countedPlan(routes: 2, gateways: 2, references: ["aws_nat_gateway.main"]))
        #expect(try natTargets(all, route: "aws_route.private[1]") == ["aws_nat_gateway.main[0]", "aws_nat_gateway.main[1]"])

        let fewer = try TerraformTestSupport.loadPlan(countedPlan(
            routes: 3, gateways: 2, references: ["aws_nat_gateway.main", "count.index"]
        ))
        #expect(try natTargets(fewer, route: "aws_route.private[2]") == ["aws_nat_gateway.main[0]", "aws_nat_gateway.main[1]"])

        let stringKeys = try TerraformTestSupport.loadPlan(countedPlan(
            routes: 2, gateways: 2, references: ["aws_nat_gateway.main", "count.index"], key: { "[\"az-\($0)\"]" }
        ))
        #expect(try natTargets(stringKeys, route: #"aws_route.private["az-0"]"#).count == 2)
    }

    @Test func thousandsOfInstancesReferringToEachOtherStayBounded() throws {
        // 1,000 routes that each refer to every one of 600 gateways: 600,000 links, past
        // the bound; the scan says so instead of growing quadratically.
        let loaded = try TerraformTestSupport.loadPlan(countedPlan(routes: 1_000, gateways: 600, references: ["aws_nat_gateway.main"]))
        #expect(loaded.resources.count == 1_600)
        let linkCount = loaded.resources.reduce(0) { $0 + $1.links.count }
        #expect(linkCount <= TerraformPlanReader.maxLinks + 600)
        #expect(loaded.diagnostics.map(\.message) == [
            "resources refer to each other more than \(TerraformPlanReader.maxLinks) times; this and further references are not read",
        ])
    }

    @Test func instanceKeysOfAddresses() {
        #expect(TerraformPlanReader.instanceKey(of: "aws_route.private[2]") == "[2]")
        #expect(TerraformPlanReader.instanceKey(of: #"module.net[0].aws_route.private["a]b"]"#) == #"["a]b"]"#)
        #expect(TerraformPlanReader.instanceKey(of: "module.net[0].aws_route.private") == nil)
        #expect(TerraformPlanReader.instanceKey(of: "aws_route.private") == nil)
    }
}
