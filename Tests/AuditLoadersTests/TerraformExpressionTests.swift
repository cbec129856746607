import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

@Suite("Terraform expressions")
struct TerraformExpressionTests {
    private let scope = "infra"
    private let position = SourcePosition(line: 3, column: 7)

    private func evaluator(
        resources: Set<String> = ["aws_subnet.private", "aws_s3_bucket.b", "data.aws_iam_policy_document.p"],
        variables: [String: TerraformVariable] = [:], locals: [String: TerraformLocal] = [:]
    ) -> TerraformEvaluator {
        TerraformEvaluator(scope: scope, resourceAddresses: resources, variables: variables, locals: locals)
    }

    private func reference(_ address: String, _ attribute: String? = nil) -> ResourceReference {
        ResourceReference(target: ResourceID(scope: scope, name: address), attribute: attribute)
    }

    private func evaluate(_ text: String) -> TerraformEvaluation {
        var evaluator = evaluator()
        return evaluator.evaluate(template: text, at: position, file: "main.tf.json")
    }

    @Test(arguments: [
        ("${aws_subnet.private[0].id}", "id"),
        ("${aws_subnet.private[*].id}", "id"),
        ("${aws_subnet.private.*.id}", "id"),
        ("${aws_subnet.private[\"a\"].arn}", "arn"),
        ("${ aws_subnet.private }", nil),
        ("${~aws_subnet.private.tags.Name~}", "tags.Name"),
    ] as [(String, String?)])
    func instanceKeysAndSplatsStillNameTheResource(text: String, attribute: String?) {
        let evaluation = evaluate(text)
        #expect(evaluation.node.value == .reference(reference("aws_subnet.private", attribute)))
        #expect(evaluation.node.position == position)
        #expect(evaluation.hiddenReferences.isEmpty)
    }

    @Test func dataSourcesNeedThreeLabels() {
        #expect(evaluate("${data.aws_iam_policy_document.p.json}").node.value == .reference(reference("data.aws_iam_policy_document.p", "json")))
    }

    @Test(arguments: [
        "${module.vpc.private_subnets}", "${each.value}", "${count.index}", "${terraform.workspace}",
        "${var.region == \"us-east-1\" ? 1 : 0}", "${-var.n}", "${!var.b}",
    ])
    func expressionsWithoutAStaticValueStayUnresolvedAsWritten(text: String) {
        let evaluation = evaluate(text)
        #expect(evaluation.node.value == .unresolved(text))
        #expect(evaluation.hiddenReferences.isEmpty)
    }

    @Test func referencesInsideUnresolvedExpressionsAreKept() {
        let cases: [(String, [ResourceReference])] = [
            ("${length(aws_subnet.private) > 1 ? aws_s3_bucket.b.arn : \"\"}", [reference("aws_subnet.private"), reference("aws_s3_bucket.b", "arn")]),
            ("${[for s in aws_subnet.private : s.id]}", [reference("aws_subnet.private")]),
            ("${{for k, v in var.m : k => aws_s3_bucket.b.id if v}}", [reference("aws_s3_bucket.b", "id")]),
            ("%{ for s in aws_subnet.private }${s.id}%{ endfor }", [reference("aws_subnet.private")]),
            ("${format(\"%s/${aws_s3_bucket.b.id}\", \"x\")}", [reference("aws_s3_bucket.b", "id")]),
            ("arn:${aws_s3_bucket.b.arn}/${aws_subnet.private[var.i].id}", [reference("aws_s3_bucket.b", "arn"), reference("aws_subnet.private", "id")]),
        ]
        for (text, references) in cases {
            var evaluator = evaluator()
            let evaluation = evaluator.evaluate(template: text, at: position, file: "main.tf.json")
            #expect(evaluation.node.value == .unresolved(text), "\(text)")
            #expect(evaluation.hiddenReferences == references, "\(text)")
            // Iterator names (`s.id`) are not reported as undeclared resources (the
            // variables are: this module declares none).
            #expect(evaluator.diagnostics.allSatisfy { $0.message.hasPrefix("var.") }, "\(text)")
        }
    }

    @Test func longOperatorChainsAreOneOpaqueExpression() {
        let chain = "${" + (0..<2_000).map { "aws_subnet.private[\($0)].id" }.joined(separator: " && ") + "}"
        let evaluation = evaluate(chain)
        #expect(evaluation.node.value == .unresolved(chain))
        #expect(evaluation.hiddenReferences == [reference("aws_subnet.private", "id")])
    }

    @Test func escapesAreLiteral() {
        #expect(evaluate("$${aws_subnet.private.id} and %%{ if }").node.value == .string("${aws_subnet.private.id} and %{ if }"))
        #expect(evaluate("plain {braces}").node.value == .string("plain {braces}"))
        #expect(evaluate("${<<-EOT\n  hello\n  EOT\n}").node.value == .string("hello\n"))
    }

    @Test func jsonencodeOfLiteralsBuildsTheValue() {
        let text = #"${jsonencode({"a" = [1, true, null], b: "x${"y"}", c = { d = aws_s3_bucket.b.arn }, "e.f" = -2.5e1 })}"#
        #expect(evaluate(text).node.value == .map([
            .init(key: "a", value: .list([.number(1), .bool(true), .null])),
            .init(key: "b", value: .string("xy")),
            .init(key: "c", value: .map([.init(key: "d", value: .reference(reference("aws_s3_bucket.b", "arn")))])),
            .init(key: "e.f", value: .number(-25)),
        ]))
        let multiline = "${jsonencode({\n  Version = \"2012-10-17\"\n  Statement = []\n})}"
        #expect(evaluate(multiline).node.value == .map([
            .init(key: "Version", value: .string("2012-10-17")), .init(key: "Statement", value: .list([])),
        ]))
    }

    @Test func variablesAndLocalsResolveWithTheirOrigin() throws {
        let defaults = try #require(try? JSONReader.parse(Array(#"{"tags": {"env": "prod"}, "zones": ["a", "b"]}"#.utf8)).root)
        let localValue = try #require(try? JSONReader.parse(Array(#"{"arn": "${aws_s3_bucket.b.arn}", "name": "${var.tags.env}-x"}"#.utf8)).root)
        var evaluator = evaluator(
            variables: ["tags": TerraformVariable(defaultValue: defaults["tags"]), "zones": TerraformVariable(defaultValue: defaults["zones"]),
                        "none": TerraformVariable(defaultValue: nil)],
            locals: ["settings": TerraformLocal(value: localValue, file: "locals.tf.json", keyPosition: SourcePosition(line: 9, column: 5))]
        )
        func value(_ text: String) -> (Value, String?) {
            let node = evaluator.evaluate(template: text, at: position, file: "main.tf.json").node
            return (node.value, node.via)
        }
        #expect(value("${var.tags.env}") == (.string("prod"), "var.tags default"))
        #expect(value("${var.zones[1]}") == (.string("b"), "var.zones default"))
        #expect(value("${var.zones[7]}") == (.unresolved("${var.zones[7]}"), nil))
        #expect(value("${var.none}") == (.unresolved("${var.none}"), nil))
        #expect(value("${local.settings.arn}") == (.reference(reference("aws_s3_bucket.b", "arn")), nil))
        #expect(value("${local.settings.name}") == (.string("prod-x"), "var.tags default"))
        #expect(evaluator.diagnostics.isEmpty)
        #expect(value("${var.undeclared}") == (.unresolved("${var.undeclared}"), nil))
        #expect(evaluator.diagnostics == [LoadDiagnostic(.warning, "var.undeclared is not declared in this module",
                                                         at: AuditModel.SourceLocation(file: "main.tf.json", position: position))])
    }

    @Test func malformedAndHostileInputNeverTraps() {
        let deep = "${" + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "}"
        let unary = "${" + String(repeating: "!", count: 100_000) + "true}"
        let cases = ["${", "${aws_subnet.private", "${\"unterminated}", "${{a = }", "${f(}", "${<<EOT\nno end", deep, unary, "${ %{ }", "${)}"]
        for text in cases {
            var evaluator = evaluator()
            let evaluation = evaluator.evaluate(template: text, at: position, file: "main.tf.json")
            #expect(evaluation.node.value == .unresolved(text))
            #expect(evaluator.diagnostics.count == 1)
        }
    }

    @Test func parserKeepsTheTraversalStructure() throws {
        let traversal = try #require(HCLTraversal.parse(#"aws_eks_cluster.c.identity[0].oidc["issuer"][*].url"#))
        #expect(traversal.root == "aws_eks_cluster")
        #expect(traversal.steps == [
            .attribute("c"), .attribute("identity"), .index(.number(0)), .attribute("oidc"), .index(.string("issuer")), .splat, .attribute("url"),
        ])
        #expect(TerraformEvaluator.resourceAddress(of: traversal)?.attribute == #"identity[0].oidc["issuer"][*].url"#)
        #expect(HCLTraversal.parse("aws_x.y extra") == nil)
    }
}
