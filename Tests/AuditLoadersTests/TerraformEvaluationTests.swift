import AuditModel
import AuditSyntax
import Testing
import AuditKit

@testable import AuditLoaders

/// The one evaluator of both Terraform syntaxes: operators, conditionals, `for`, splats and
/// built-in functions, with Terraform's results. Expected values were read from
/// `terraform console` 1.11 (`testdata/terraform/hcl/console-oracle.txt`, made by
/// `scripts/terraform-console-oracle.sh`); no test runs `terraform`.
@Suite("Terraform evaluation")
struct TerraformEvaluationTests {
    let position = SourcePosition(line: 3, column: 7)

    private func evaluate(_ expression: String, variables: [String: TerraformVariable] = [:]) -> TerraformEvaluation {
        var evaluator = TerraformEvaluator(scope: "infra", resourceAddresses: ["aws_s3_bucket.b", "aws_subnet.private"],
                                           variables: variables, locals: [:])
        return evaluator.evaluate(template: "${\(expression)}", at: position, file: "main.tf")
    }

    private func value(_ expression: String, variables: [String: TerraformVariable] = [:]) -> Value {
        evaluate(expression, variables: variables).node.value
    }

    private static func strings(_ items: String...) -> Value { .list(items.map(Value.string)) }

    @Test(arguments: [
        ("element([\"a\",\"b\"], 3)", Value.string("b")),
        ("keys({b=1, a=2})", TerraformEvaluationTests.strings("a", "b")),
        ("values({b=1, a=2})", Value.list([.number(2), .number(1)])),
        ("format(\"%q-%d-%s-%v-%05d-%.2f-%t\", \"x\\\"y\", 3, \"s\", 1.5, 42, 3.14159, true)", .string("\"x\\\"y\"-3-s-1.5-00042-3.14-true")),
        ("cidrsubnet(\"10.0.0.0/16\", 8, 2)", .string("10.0.2.0/24")),
        ("cidrsubnet(\"10.1.0.0/16\", 4, 15)", .string("10.1.240.0/20")),
        ("toset([\"b\",\"a\",\"b\"])", strings("a", "b")),
        ("\"${1.0}\"", .number(1)),
        ("5 / 2", .number(2.5)),
        ("coalesce(\"\", null, \"x\")", .string("x")),
        ("flatten([[1,[2]],3])", .list([.number(1), .number(2), .number(3)])),
        ("lookup({a=1}, \"b\", \"d\")", .string("d")),
        ("merge({a=1,b=2},{b=3})", .map([.init(key: "a", value: .number(1)), .init(key: "b", value: .number(3))])),
        ("[for k, v in {a=1, b=2} : \"${k}=${v}\" if v > 1]", strings("b=2")),
        ("{for s in [\"a\",\"bb\",\"cc\"] : length(s) => s...}", .map([.init(key: "1", value: strings("a")), .init(key: "2", value: strings("bb", "cc"))])),
        ("split(\",\", \"a,b,,c\")", strings("a", "b", "", "c")),
        ("replace(\"a-b-c\", \"-\", \"_\")", .string("a_b_c")),
        ("try(lookup({}, \"x\"), \"fallback\")", .string("fallback")),
        ("can(lookup({}, \"x\"))", .bool(false)),
        ("substr(\"hello\", 1, 3)", .string("ell")),
        ("trimprefix(\"aaab\", \"a\")", .string("aab")),
        ("join(\"-\", [1, true, \"x\"])", .string("1-true-x")),
        ("length(\"héllo\")", .number(5)),
        ("slice([1,2,3,4], 1, 3)", .list([.number(2), .number(3)])),
        ("one([])", .null),
        ("range(3)", .list([.number(0), .number(1), .number(2)])),
        ("\"%{ for x in [1,2] }${x},%{ endfor }\"", .string("1,2,")),
        ("[1,2][*]", .list([.number(1), .number(2)])),
        ("\"a\" == \"a\" && 1 < 2", .bool(true)),
        ("min(3, 1, 2)", .number(1)),
        ("tostring(1.5)", .string("1.5")),
        ("zipmap([\"a\",\"b\"], [1,2])", .map([.init(key: "a", value: .number(1)), .init(key: "b", value: .number(2))])),
        ("compact([\"a\", \"\", null, \"b\"])", strings("a", "b")),
        ("upper(\"abc\")", .string("ABC")),
        ("contains([\"a\"], \"a\")", .bool(true)),
        ("distinct([1,1,2])", .list([.number(1), .number(2)])),
        ("sort([\"b\",\"a\"])", strings("a", "b")),
        ("alltrue([true, \"true\"])", .bool(true)),
        ("\"%{ if 1 > 2 }yes%{ else }no%{ endif }\"", .string("no")),
        ("concat([\"a\"], [\"b\"], [])", strings("a", "b")),
        ("1 + 2 * 3 - 4", .number(3)),
        ("!false && -1 < 0", .bool(true)),
        ("[{a = 1}, {a = 2}][*].a", .list([.number(1), .number(2)])),
        ("{x = [10, 20]}.x[1]", .number(20)),
        ("jsondecode(\"{\\\"k\\\": [1]}\")", .map([.init(key: "k", value: .list([.number(1)]))])),
    ] as [(String, Value)])
    func functionsAndOperatorsGiveTerraformsResults(expression: String, expected: Value) {
        let evaluation = evaluate(expression)
        #expect(evaluation.node.value == expected, "\(expression)")
        #expect(!evaluation.failed, "\(expression)")
    }

    @Test func variablesDecideConditionalsAndCounts() {
        let variables = [
            "create": TerraformVariable(defaultValue: Node(.scalar("false", .boolean), position: .start)),
            "names": TerraformVariable(defaultValue: Node(.sequence([Node(.scalar("a", .string), position: .start)]), position: .start)),
        ]
        #expect(value("var.create ? 1 : 0", variables: variables) == .number(0))
        #expect(value("length(var.names) > 0 ? \"some\" : \"none\"", variables: variables) == .string("some"))
        #expect(value("[for n in var.names : upper(n)]", variables: variables) == Self.strings("A"))
        let assigned = ["create": TerraformVariable(defaultValue: nil, assigned: (Node(.scalar("true", .boolean), position: .start), "terraform.tfvars"))]
        let evaluation = evaluate("var.create", variables: assigned)
        #expect(evaluation.node.value == .bool(true))
        #expect(evaluation.node.via == "var.create from terraform.tfvars")
    }

    @Test func unknownInputsStayUnknownWithTheirReferences() {
        let bucket = ResourceReference(target: ResourceID(scope: "infra", name: "aws_s3_bucket.b"), attribute: "arn")
        let cases = [
            "upper(aws_s3_bucket.b.arn)", "aws_s3_bucket.b.arn == \"x\" ? 1 : 2", "[for s in aws_s3_bucket.b.tags : s]",
            "format(\"%s\", aws_s3_bucket.b.arn)", "timestamp() != aws_s3_bucket.b.arn",
        ]
        for expression in cases {
            let evaluation = evaluate(expression)
            #expect(evaluation.node.value == .unresolved("${\(expression)}"), "\(expression)")
            #expect(evaluation.allReferences.contains(bucket) || expression.contains("tags"), "\(expression)")
        }
        // Structure stays where only leaves are unknown: links survive `concat` and `merge`.
        #expect(value("concat([aws_s3_bucket.b.arn], [\"x\"])") == .list([.reference(bucket), .string("x")]))
        #expect(value("unknownfunction(1)") == .unresolved("${unknownfunction(1)}"))
        // A known false `&&` decides without the right operand.
        #expect(value("false && aws_s3_bucket.b.arn == \"x\"") == .bool(false))
    }

    @Test func errorsOnKnownValuesAreWhatTryCatches() {
        #expect(evaluate("{a = 1}.b").failed)
        #expect(evaluate("[1][5]").failed)
        #expect(value("try({a = 1}.b, [1][5], \"third\")") == .string("third"))
        #expect(value("can([1][0])") == .bool(true))
        // An undeclared variable is not an error `try` hides (Terraform refuses it too).
        var evaluator = TerraformEvaluator(scope: "infra", resourceAddresses: [], variables: [:], locals: [:])
        let evaluation = evaluator.evaluate(template: "${try(var.nope, \"x\")}", at: position, file: "main.tf")
        #expect(evaluation.node.value == .unresolved("${try(var.nope, \"x\")}"))
        #expect(evaluator.diagnostics.map(\.message) == ["var.nope is not declared in this module"])
    }
}

@Suite("Terraform count and for_each")
struct TerraformInstanceTests {
    static let module = """
        variable "create_replica" {
          default = false
        }
        variable "buckets" {
          default = ["logs", "data"]
        }
        resource "aws_db_instance" "replica" {
          count             = var.create_replica ? 1 : 0
          storage_encrypted = false
        }
        resource "aws_db_instance" "main" {
          count             = 2
          identifier        = "db-${count.index}"
          storage_encrypted = count.index == 0
        }
        resource "aws_s3_bucket" "b" {
          for_each = toset(var.buckets)
          bucket   = "${each.key}-bucket"
        }
        resource "aws_s3_bucket_versioning" "v" {
          for_each = aws_s3_bucket.b
          bucket   = each.value.id
          versioning_configuration {
            status = "Enabled"
          }
        }
        resource "aws_sqs_queue" "q" {
          count = length(data.aws_availability_zones.a.names)
          name  = "q-${count.index}"
        }
        data "aws_availability_zones" "a" {}

        """

    @Test func knownInstanceSetsExpandUnknownOnesAreOneResourceAndSaidSo() async throws {
        let result = await Scanner().scan(documents: [("infra/main.tf", Self.module)])
        #expect(result.errors.isEmpty)
        let names = result.model.resources.filter { !$0.isImplicit }.map(\.id.name)
        // `count = false ? 1 : 0` creates nothing: the replica is not checked at all.
        #expect(names == [
            "aws_db_instance.main[0]", "aws_db_instance.main[1]", "aws_s3_bucket.b[\"data\"]", "aws_s3_bucket.b[\"logs\"]",
            "aws_s3_bucket_versioning.v[\"data\"]", "aws_s3_bucket_versioning.v[\"logs\"]", "aws_sqs_queue.q", "data.aws_availability_zones.a",
        ])
        let second = try #require(result.model.resources.first { $0.id.name == "aws_db_instance.main[1]" })
        #expect(second.attributes[.dbInstanceIdentifier]?.value == .string("db-1"))
        #expect(second.attributes[.storageEncrypted]?.value == .bool(false))
        let logs = try #require(result.model.resources.first { $0.id.name == "aws_s3_bucket.b[\"logs\"]" })
        // Each bucket instance is joined with its own versioning instance.
        #expect(logs.attributes[.versioningStatus]?.value == .string("Enabled"))
        let queue = try #require(result.model.resources.first { $0.id.name == "aws_sqs_queue.q" })
        #expect(queue.location.line == 27)
        #expect(result.warnings.map(\.message) == [
            "the instances of aws_sqs_queue.q are not known before plan (count = length(data.aws_availability_zones.a.names)); it is checked as one resource",
        ])
    }
}

@Suite("Terraform dynamic blocks")
struct TerraformDynamicBlockTests {
    @Test func aKnownForEachGeneratesTheBlocksAnUnknownOneStaysUnknown() async throws {
        let text = """
            variable "replicas" {
              default = ["eu-west-1", "eu-central-1"]
            }
            variable "unknown" {}
            resource "aws_dynamodb_table" "known" {
              name = "orders"
              dynamic "replica" {
                for_each = var.replicas
                content {
                  region_name            = replica.value
                  point_in_time_recovery = true
                }
              }
            }
            resource "aws_dynamodb_table" "unknown" {
              name = "orders"
              dynamic "replica" {
                for_each = var.unknown
                iterator = r
                content {
                  region_name = r.value
                }
              }
            }

            """
        let result = await Scanner().scan(documents: [("infra/main.tf", text)])
        let known = try #require(result.model.resources.first { $0.id.name == "aws_dynamodb_table.known" })
        #expect(known.attributes[.tableReplicas]?.value == .list([
            .map([.init(key: "Region", value: .string("eu-west-1")), .init(key: "PointInTimeRecoveryEnabled", value: .bool(true))]),
            .map([.init(key: "Region", value: .string("eu-central-1")), .init(key: "PointInTimeRecoveryEnabled", value: .bool(true))]),
        ]))
        let unknown = try #require(result.model.resources.first { $0.id.name == "aws_dynamodb_table.unknown" })
        #expect(unknown.attributes[.tableReplicas]?.value == .unresolved("dynamic \"replica\" block"))
    }
}
