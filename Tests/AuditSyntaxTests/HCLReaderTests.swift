import AuditSyntax
import Foundation
import Testing

func hcl(_ text: String, limits: ReaderLimits = .standard) throws(SyntaxError) -> ParsedDocument {
    try HCLReader.parse(Array(text.utf8), limits: limits)
}

/// The one expression of `x = …`, parsed.
func hclExpression(_ text: String) throws -> HCLExpression {
    let body = try HCLParser.parseFile(Array("x = \(text)\n".utf8))
    guard case .attribute(let attribute)? = body.items.first else { throw SyntaxError("no attribute", at: .start) }
    return attribute.value
}

/// An expression with every operation parenthesised, to check precedence and shape.
func rendered(_ expression: HCLExpression) -> String {
    switch expression.kind {
    case .number(let text): return text
    case .bool(let value): return "\(value)"
    case .null: return "null"
    case .template(let parts): return "\"" + parts.map(rendered).joined() + "\""
    case .variable(let name): return name
    case .attribute(let base, let name): return rendered(base) + "." + name
    case .index(let base, let key): return rendered(base) + "[" + rendered(key) + "]"
    case .splat(let base, let steps, let full):
        return rendered(base) + (full ? "[*]" : ".*") + steps.map { step in
            switch step {
            case .attribute(let name): ".\(name)"
            case .index(let key): "[\(rendered(key))]"
            }
        }.joined()
    case .call(let name, let arguments, let expands): return name + "(" + arguments.map(rendered).joined(separator: ", ") + (expands ? "..." : "") + ")"
    case .tuple(let items): return "[" + items.map(rendered).joined(separator: ", ") + "]"
    case .object(let items):
        return "{" + items.map { item in
            let key: String
            switch item.key {
            case .name(let name): key = name
            case .expression(let expression): key = "(" + rendered(expression) + ")"
            }
            return key + " = " + rendered(item.value)
        }.joined(separator: ", ") + "}"
    case .forExpression(let f):
        let names = (f.keyName.map { "\($0), " } ?? "") + f.valueName
        let body = f.keyExpression.map { rendered($0) + " => " } ?? ""
        return "for \(names) in \(rendered(f.collection)) : \(body)\(rendered(f.valueExpression))\(f.grouping ? "..." : "")"
            + (f.condition.map { " if " + rendered($0) } ?? "")
    case .conditional(let c, let t, let e): return "(" + rendered(c) + " ? " + rendered(t) + " : " + rendered(e) + ")"
    case .binary(let op, let l, let r): return "(" + rendered(l) + " " + op.rawValue + " " + rendered(r) + ")"
    case .unary(let op, let operand): return "(" + op.rawValue + rendered(operand) + ")"
    case .parenthesized(let inner): return rendered(inner)
    }
}

func rendered(_ part: HCLTemplatePart) -> String {
    switch part {
    case .literal(let text): return text
    case .interpolation(let expression): return "${" + rendered(expression) + "}"
    case .ifDirective(let condition, let then, let otherwise):
        return "%{if " + rendered(condition) + "}" + then.map(rendered).joined() + (otherwise.isEmpty ? "" : "%{else}" + otherwise.map(rendered).joined()) + "%{endif}"
    case .forDirective(let key, let value, let collection, let body):
        return "%{for " + (key.map { "\($0), " } ?? "") + value + " in " + rendered(collection) + "}" + body.map(rendered).joined() + "%{endfor}"
    }
}

@Suite("HCL native syntax")
struct HCLReaderTests {
    // MARK: Structure

    @Test func blocksBecomeTheShapeOfHCLJSONWithPositions() throws {
        let document = try hcl("""
            resource "aws_s3_bucket" "logs" {
              bucket = "logs"
              versioning {
                enabled = true
              }
            }
            resource "aws_s3_bucket" "data" {
              ingress { port = 1 }
              ingress { port = 2 }
            }
            locals { a = 1 }

            """)
        let resource = try #require(document.root["resource"]?["aws_s3_bucket"])
        #expect(resource.entries.map(\.key) == ["logs", "data"])
        let logs = try #require(resource.entry("logs"))
        #expect(logs.keyPosition == at(1, 1))
        #expect(logs.value.entry("bucket")?.keyPosition == at(2, 3))
        #expect(logs.value["bucket"]?.scalarText == "logs")
        #expect(logs.value["versioning"]?["enabled"]?.content.debugText == "true boolean")
        #expect(resource["data"]?["ingress"]?.elements.map { $0["port"]?.scalarText } == ["1", "2"])
        #expect(document.root["locals"]?["a"]?.scalarText == "1")
    }

    @Test func expressionsBecomeInterpolationsAsWritten() throws {
        let document = try hcl("""
            locals {
              plain    = "text with $${literal} and %%{directive}"
              template = "db-${var.name}-${count.index}"
              ref      = aws_s3_bucket.logs.id
              cond     = var.x ? 1 : 0
              list     = [1, "a", var.b]
              negative = -1.5
              object   = { Name = "x", "quoted key" = var.y }
              computed = { (var.k) = 1 }
              call     = jsonencode({ a = 1 })
            }

            """)
        let locals = try #require(document.root["locals"])
        #expect(locals["plain"]?.scalarText == "text with $${literal} and %%{directive}")
        #expect(locals["template"]?.scalarText == "db-${var.name}-${count.index}")
        #expect(locals["ref"]?.scalarText == "${aws_s3_bucket.logs.id}")
        #expect(locals["cond"]?.scalarText == "${var.x ? 1 : 0}")
        #expect(locals["list"]?.elements.map(\.scalarText) == ["1", "a", "${var.b}"])
        #expect(locals["negative"]?.content.debugText == "-1.5 float")
        #expect(locals["object"]?.entries.map(\.key) == ["Name", "quoted key"])
        #expect(locals["object"]?["quoted key"]?.scalarText == "${var.y}")
        #expect(locals["computed"]?.scalarText == "${{ (var.k) = 1 }}")
        #expect(locals["call"]?.scalarText == "${jsonencode({ a = 1 })}")
    }

    @Test func oneLineBlocksCommentsAndNoFinalNewline() throws {
        let document = try hcl("variable \"x\" { default = true }\n/* block\ncomment */ output \"o\" { value = 1 } // trailing\n# last line without a newline")
        #expect(document.root["variable"]?["x"]?["default"]?.content.debugText == "true boolean")
        #expect(document.root["output"]?["o"]?["value"]?.scalarText == "1")
        #expect(try hcl("").root.entries.isEmpty)
        #expect(try hcl("# only a comment").root.entries.isEmpty)
    }

    @Test func byteOrderMarkCRLFAndUnicodeIdentifiers() throws {
        let document = try hcl("\u{FEFF}locals {\r\n  π = 3.14\r\n  with-dash = \"ok\"\r\n}\r\n")
        #expect(document.root["locals"]?["π"]?.scalarText == "3.14")
        #expect(document.root["locals"]?["with-dash"]?.scalarText == "ok")
    }

    @Test func suppressionCommentsBecomeTheBodysCommentEntry() throws {
        let document = try hcl("""
            resource "aws_db_instance" "main" {
              # auditstack:skip=AS-ENC-001 reason="restored" expires=2027-01-31
              #checkov:skip=CKV_AWS_16:legacy
              # an ordinary comment
              engine = "postgres"
            }

            """)
        let comment = try #require(document.root["resource"]?["aws_db_instance"]?["main"]?.entry("//"))
        #expect(comment.value.elements.map(\.scalarText) == [" auditstack:skip=AS-ENC-001 reason=\"restored\" expires=2027-01-31", "checkov:skip=CKV_AWS_16:legacy"])
        #expect(comment.value.elements.map(\.position) == [at(2, 3), at(3, 3)])
    }

    // MARK: Expressions

    @Test func operatorPrecedenceIsTheSpecs() throws {
        #expect(rendered(try hclExpression("1 * (2 + 3)")) == "(1 * (2 + 3))")
        #expect(rendered(try hclExpression("1 + 2 * 3 - 4")) == "((1 + (2 * 3)) - 4)")
        #expect(rendered(try hclExpression("a || b && c == d < e + f * g")) == "(a || (b && (c == (d < (e + (f * g))))))")
        #expect(rendered(try hclExpression("!a && -b > 1")) == "((!a) && ((-b) > 1))")
        #expect(rendered(try hclExpression("a ? b : c ? d : e")) == "(a ? b : (c ? d : e))")
        #expect(rendered(try hclExpression("10 % 3 / 2")) == "((10 % 3) / 2)")
        #expect(rendered(try hclExpression("(var.a\n  || var.b)")) == "(var.a || var.b)")
    }

    @Test func traversalsSplatsAndLegacyIndexes() throws {
        #expect(rendered(try hclExpression("aws_subnet.private[0].id")) == "aws_subnet.private[0].id")
        #expect(rendered(try hclExpression("aws_instance.web.0.id")) == "aws_instance.web[0].id")
        #expect(rendered(try hclExpression("aws_subnet.a[*].id[0]")) == "aws_subnet.a[*].id[0]")
        #expect(rendered(try hclExpression("aws_subnet.a.*.id[0]")) == "aws_subnet.a.*.id[0]")
        #expect(rendered(try hclExpression("var.m[\"k\"]")) == "var.m[\"k\"]")
        #expect(rendered(try hclExpression("provider::aws::arn_parse(var.arn).region")) == "provider::aws::arn_parse(var.arn).region")
        #expect(rendered(try hclExpression("concat(var.a, var.b...)")) == "concat(var.a, var.b...)")
        #expect(throws: SyntaxError.self) { try hclExpression("foo.0.0.bar") }
    }

    @Test func forExpressionsWithCommentsInside() throws {
        #expect(rendered(try hclExpression("[for s in var.list : upper(s) if s != \"\"]")) == "[for s in var.list : upper(s) if (s != \"\")]".replacingOccurrences(of: "[for", with: "for").replacingOccurrences(of: ")]", with: ")"))
        #expect(rendered(try hclExpression("{for k, v in var.map : k => v...}")) == "for k, v in var.map : k => v...")
        // terraform-aws-modules/eventbridge iam_pipes.tf has comments between `:` and the value.
        #expect(rendered(try hclExpression("""
            {
              for k, v in var.pipes : k => v
              # only pipes that need a role
              if v.create_role
            }
            """)) == "for k, v in var.pipes : k => v if v.create_role")
        #expect(rendered(try hclExpression("[for, x]")) == "[for, x]")
    }

    @Test func objectsWithEitherSeparator() throws {
        #expect(rendered(try hclExpression("{ a = 1, \"b\": 2\n  c = 3 }")) == "{a = 1, (\"b\") = 2, c = 3}")
        #expect(rendered(try hclExpression("{\n  a = 1,\n}")) == "{a = 1}")
    }

    // MARK: Templates and heredocs

    @Test func templatesWithDirectivesAndStripMarkers() throws {
        #expect(rendered(try hclExpression("\"a ${b} %{ if c }yes%{ else }no%{ endif } %{for x in xs}${x},%{endfor}\""))
                == "\"a ${b} %{if c}yes%{else}no%{endif} %{for x in xs}${x},%{endfor}\"")
        #expect(rendered(try hclExpression("\"a  ${~ b ~}  c\"")) == "\"a${b}c\"")
        #expect(rendered(try hclExpression("\"${lookup(m, \"k\")}\"")) == "\"${lookup(m, \"k\")}\"")
        #expect(rendered(try hclExpression("\"${\"${x}\"}\"")) == "\"${\"${x}\"}\"")
        #expect(rendered(try hclExpression("\"tab\\t \\\"q\\\" \\u00e9 \\U0001F600\"")) == "\"tab\t \"q\" é 😀\"")
    }

    /// hashicorp/hcl `specsuite/tests/expressions/heredoc.hcl` and its expected results.
    @Test func heredocsAsTheSpecSuite() throws {
        let document = try hcl("""
            normal = {
              indented = <<EOT
                Foo
                Bar
              EOT
              interp = <<EOT
                Foo
                ${bar}
              EOT
              marker_at_suffix = <<EOT
                NOT EOT
              EOT
            }
            flush = {
              indented_more = <<-EOT
                Foo
                  Bar
                Baz
              EOT
              indented_less = <<-EOT
                Foo
              Bar
                Baz
              EOT
              interp_indented_less = <<-EOT
                Foo
              ${space_bar}
                Baz
              EOT
              tabs = <<-EOT
            \tFoo
              Bar
              EOT
              newlines_between = <<-EOT
                Foo

                Bar
              EOT
              trailing_blank_closer = <<EOF
            x
            EOF\u{20}\u{20}
            }

            """)
        let normal = try #require(document.root["normal"])
        #expect(normal["indented"]?.scalarText == "    Foo\n    Bar\n")
        #expect(normal["interp"]?.scalarText == "    Foo\n    ${bar}\n")
        #expect(normal["marker_at_suffix"]?.scalarText == "    NOT EOT\n")
        let flush = try #require(document.root["flush"])
        #expect(flush["indented_more"]?.scalarText == "Foo\n  Bar\nBaz\n")
        #expect(flush["indented_less"]?.scalarText == "  Foo\nBar\n  Baz\n")
        #expect(flush["interp_indented_less"]?.scalarText == "  Foo\n${space_bar}\n  Baz\n")
        #expect(flush["tabs"]?.scalarText == "Foo\n Bar\n")
        #expect(flush["newlines_between"]?.scalarText == "Foo\n\nBar\n")
        #expect(flush["trailing_blank_closer"]?.scalarText == "x\n")
    }

    @Test func heredocsNestInsideInterpolations() throws {
        let document = try hcl("x = <<A\n${jsonencode(<<B\ninner\nB\n)}\nA\n")
        #expect(document.root["x"]?.scalarText == "${jsonencode(<<B\ninner\nB\n)}\n")
    }

    // MARK: Errors

    @Test func syntaxErrorsArePositioned() {
        func error(_ text: String) -> String? {
            syntaxError { try hcl(text) }.map { "\($0.position): \($0.message)" }
        }
        #expect(error("resource \"a\" \"b\" {\n  x = \n}\n") == "2:7: expected an expression, found a line break")
        #expect(error("a = 1 b = 2\n") == "1:7: expected a line break after the argument, found 'b'")
        #expect(error("a = 1\na = 2\n") == "2:1: the argument a is set more than once in this body")
        #expect(error("resource \"a\" {\n") == "2:1: expected '}' to close the block, found the end of the file")
        #expect(error("x = \"abc\n") == "1:9: a quoted string must end on its line (unclosed \" or ${)")
        #expect(error("x = <<EOT\nabc\n") == "3:1: expected the heredoc's closing marker, found the end of the file")
        #expect(error("resource \"${x}\" \"b\" {}\n") == "1:10: a block label cannot hold an interpolation or a directive")
        #expect(error("x = \"%{ if a }b\"\n") == "1:9: %{if} without %{endif}")
        #expect(error("/* open\n") == "1:1: unclosed /* comment")
        #expect(error("x = @\n") == "1:5: expected an expression, found '@'")
    }

    /// checkov#6762: checkov hangs at 100 % CPU on this; here it is one positioned error, at once.
    @Test func unclosedInterpolationEndsInMilliseconds() {
        let text = "resource \"aws_iam_role\" \"r\" {\n  name = \"${var.role_name\"\n  path = \"/\"\n}\n" + String(repeating: "locals { a = \"${b\" }\n", count: 2000)
        let clock = ContinuousClock()
        let start = clock.now
        let error = syntaxError { try hcl(text) }
        #expect(error?.position == at(2, 26))
        #expect(clock.now - start < .seconds(1))
    }

    @Test func nestingIsBounded() {
        let deep = "x = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        #expect(syntaxError { try hcl(deep) }?.message == "nested more than 128 levels deep")
        let unary = "x = " + String(repeating: "!", count: 5000) + "true\n"
        #expect(syntaxError { try hcl(unary) }?.message == "nested more than 128 levels deep")
        let templates = "x = " + String(repeating: "\"${", count: 3000) + "1" + String(repeating: "}\"", count: 3000) + "\n"
        #expect(syntaxError { try hcl(templates) }?.message == "nested more than 128 levels deep")
        let blocks = String(repeating: "a {\n", count: 3000) + String(repeating: "}\n", count: 3000)
        #expect(syntaxError { try hcl(blocks) }?.message == "nested more than 128 levels deep")
    }

    @Test func syntaxReaderPicksHCLByNameAndWarnsAboutHCLUnderAJSONName() throws {
        let (document, syntax) = try SyntaxReader.read(Array("locals { a = 1 }\n".utf8), fileName: "main.tf")
        #expect(syntax == .hcl && document.warnings.isEmpty)
        let (misnamed, misnamedSyntax) = try SyntaxReader.read(Array("locals { a = 1 }\n".utf8), fileName: "main.tf.json")
        #expect(misnamedSyntax == .hcl)
        #expect(misnamed.warnings.map(\.message).first?.hasPrefix("this file holds Terraform native syntax (HCL), not JSON") == true)
        #expect(try SyntaxReader.read(Array("{\"locals\": {}}".utf8), fileName: "main.tf.json").syntax == .json)
    }
}

extension Node.Content {
    var debugText: String {
        switch self {
        case .scalar(let text, let kind): "\(text) \(kind)"
        case .sequence(let items): "[\(items.count)]"
        case .mapping(let entries): "{\(entries.count)}"
        }
    }
}
