import AuditCore
import AuditModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// JUnit XML as GitLab, Jenkins and CircleCI read it, built with FoundationXML (libxml2).
///
/// One `<testsuite>` per scanned file; one `<testcase>` per rule × resource judged:
/// passing, or a `<failure>` per finding (its body says severity, resource, file:line
/// and the fix), `<skipped>` for a suppressed finding or a check undecided until deploy,
/// and an `<error>` test case per input that could not be read. Names are unique (GitLab
/// keeps only the first of equal names) and the report is never empty (Jenkins fails
/// the build on an empty one).
///
/// Passing cases need the scan to record evaluations (`ScanOptions.recordEvaluations`);
/// without them only findings, suppressions, unknowns and errors become cases.
public struct JUnitReporter: Reporter {
    public static let identifier = "junit"
    public static let summary = "JUnit XML for GitLab, Jenkins and CircleCI test reports"

    public let options: ReportOptions

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    enum Outcome: Equatable {
        case passed
        case failure(message: String, type: String, body: String)
        case skipped(message: String)
        case error(message: String, type: String, body: String)
    }

    struct Case {
        /// The suite: a scanned file, or the tool's name for whole-scan checks.
        var suite: String
        var className: String
        var name: String
        var file: String?
        var line: Int
        var ruleID: String
        var outcome: Outcome
        /// Tells apart several findings of one rule on one resource.
        var detail: String?
    }

    /// GitLab refuses a JUnit report above 30 MB; most of a large repository's report is
    /// passing cases, so those go first (with a case saying how many).
    static let gitLabSizeLimit = 30 * 1024 * 1024
    /// The size above which passing cases are dropped (GitLab's limit; smaller in tests).
    var sizeLimit = JUnitReporter.gitLabSizeLimit

    public func render(_ input: ReportInput) -> String {
        let cases = testCases(input, passing: !options.junitFailuresOnly)
        let text = document(uniquelyNamed(cases), input: input)
        guard text.utf8.count > sizeLimit else { return text }
        let failing = cases.filter { $0.outcome != .passed }
        let omitted = cases.count - failing.count
        guard omitted > 0 else { return text }
        let notice = Case(
            suite: input.toolName, className: input.toolName,
            name: "\(omitted) passing checks left out to keep the report under GitLab's 30 MB limit", file: nil, line: 0,
            ruleID: "", outcome: .passed, detail: nil
        )
        return document(uniquelyNamed(failing + [notice]), input: input)
    }

    private func document(_ cases: [Case], input: ReportInput) -> String {
        let root = XMLElement(name: "testsuites")
        let suites = Dictionary(grouping: cases, by: \.suite)
        let suiteNames = suites.keys.sorted { suiteOrder($0) < suiteOrder($1) }
        Self.set(counts(cases), seconds: input.seconds, on: root, name: input.toolName)
        for suiteName in suiteNames {
            let members = suites[suiteName] ?? []
            let suite = XMLElement(name: "testsuite")
            Self.set(counts(members), seconds: nil, on: suite, name: suiteName)
            if suiteName != input.toolName { Self.attribute("file", suiteName, on: suite) }
            for member in members.sorted(by: caseOrder) { suite.addChild(element(for: member)) }
            root.addChild(suite)
        }
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        var text = document.xmlString(options: [.nodePrettyPrint])
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    // MARK: cases

    func testCases(_ input: ReportInput, passing: Bool = true) -> [Case] {
        let rules = input.rulesByID
        func title(_ ruleID: String) -> String { rules[ruleID]?.title ?? ruleID }
        var cases: [Case] = []
        var decided = Set<String>()

        for finding in input.findings {
            decided.insert(key(finding.ruleID, finding.resource?.scope, finding.resource?.name))
            cases.append(Case(
                suite: suite(for: finding.location.file), className: className(finding.location.file, finding.resource?.name),
                name: findingCaseName(finding, rule: rules[finding.ruleID]),
                file: path(finding.location.file), line: finding.location.line, ruleID: finding.ruleID,
                outcome: .failure(message: finding.message, type: finding.ruleID, body: failureBody(finding, rule: rules[finding.ruleID])),
                detail: finding.attributePath
            ))
        }
        for entry in input.suppressed {
            let finding = entry.finding
            decided.insert(key(finding.ruleID, finding.resource?.scope, finding.resource?.name))
            var message = "suppressed: \(entry.suppression.reason)"
            if let expires = entry.suppression.expires { message += " (until \(expires))" }
            cases.append(Case(
                suite: suite(for: finding.location.file), className: className(finding.location.file, finding.resource?.name),
                name: findingCaseName(finding, rule: rules[finding.ruleID]),
                file: path(finding.location.file), line: finding.location.line, ruleID: finding.ruleID, outcome: .skipped(message: message),
                detail: finding.attributePath
            ))
        }
        for unknown in input.unknowns {
            guard decided.insert(key(unknown.ruleID, unknown.resource?.scope, unknown.resource?.name)).inserted else { continue }
            let severity = rules[unknown.ruleID]?.severity
            cases.append(Case(
                suite: suite(for: unknown.location.file), className: className(unknown.location.file, unknown.resource?.name),
                name: caseName(severity, unknown.ruleID, title(unknown.ruleID)), file: path(unknown.location.file),
                line: unknown.location.line, ruleID: unknown.ruleID,
                outcome: .skipped(message: "undecided until deploy: depends on \(unknown.expression)"), detail: nil
            ))
        }
        for evaluation in input.evaluations where passing && evaluation.verdict == .pass {
            guard decided.insert(key(evaluation.ruleID, evaluation.subject?.scope, evaluation.subject?.name)).inserted else { continue }
            let file = evaluation.location?.file
            cases.append(Case(
                suite: file.map(suite(for:)) ?? input.toolName,
                className: file.map { className($0, evaluation.subject?.name) } ?? "\(input.toolName).all inputs",
                name: caseName(rules[evaluation.ruleID]?.severity, evaluation.ruleID, title(evaluation.ruleID)),
                file: file.map(path), line: evaluation.location?.line ?? 0, ruleID: evaluation.ruleID, outcome: .passed, detail: nil
            ))
        }
        for error in input.errors {
            let position = error.line >= 1 ? "\(path(error.file)):\(error.line):\(error.column)" : path(error.file)
            cases.append(Case(
                suite: suite(for: error.file), className: path(error.file), name: "input could not be read",
                file: path(error.file), line: error.line, ruleID: "",
                outcome: .error(message: error.message, type: "InputError", body: "\(position): \(error.message)"), detail: nil
            ))
        }
        if cases.isEmpty {
            cases.append(Case(
                suite: input.toolName, className: input.toolName, name: "scan found nothing to check", file: nil, line: 0,
                ruleID: "", outcome: .passed, detail: nil
            ))
        }
        return cases
    }

    /// Equal class and test names get the attribute, then a number, appended.
    func uniquelyNamed(_ cases: [Case]) -> [Case] {
        var used = Set<String>()
        var output: [Case] = []
        for var testCase in cases {
            let base = testCase.name
            if !used.insert(testCase.className + "\u{0}" + base).inserted {
                if let detail = testCase.detail { testCase.name = "\(base) (\(detail))" }
                var number = 2
                while !used.insert(testCase.className + "\u{0}" + testCase.name).inserted {
                    testCase.name = "\(base) #\(number)"
                    number += 1
                }
            }
            output.append(testCase)
        }
        return output
    }

    func key(_ ruleID: String, _ scope: String?, _ name: String?) -> String {
        "\(ruleID)\u{0}\(scope ?? "")\u{0}\(name ?? "")"
    }

    func path(_ file: String) -> String { options.paths.display(file) }

    func suite(for file: String) -> String { path(file) }

    /// `<file>.<resource>`: Jenkins splits at the last dot into package (the file) and
    /// class (the resource); GitLab shows it as the suite.
    func className(_ file: String, _ resource: String?) -> String {
        resource.map { path(file) + "." + $0 } ?? path(file)
    }

    /// The rule's usual severity, not the finding's: a case keeps its name when its
    /// verdict changes, so CI history follows it.
    func caseName(_ severity: Severity?, _ ruleID: String, _ title: String) -> String {
        "[\((severity?.rawValue ?? "none").uppercased())][\(ruleID)] \(title)"
    }

    /// A finding about one element of a resource that can hold several (a policy
    /// statement: it has a root cause) always names that element by its identity, so its
    /// case keeps its name when a sibling is fixed; other findings, one per rule and
    /// resource, share the name of that rule's passing case.
    func findingCaseName(_ finding: Finding, rule: RuleMetadata?) -> String {
        let base = caseName(rule?.severity ?? finding.severity, finding.ruleID, rule?.title ?? finding.ruleID)
        guard finding.rootCause != nil, let attribute = finding.attributePath else { return base }
        return "\(base) (\(attribute))"
    }

    func failureBody(_ finding: Finding, rule: RuleMetadata?) -> String {
        // The test name carries the rule's usual severity (so CI history follows the case);
        // when this finding's differs (raised for production, lowered by context), say both.
        var severity = "Severity: \(finding.severity.rawValue)"
        if let usual = rule?.severity, usual != finding.severity {
            severity += " (the rule's usual severity, in the test name, is \(usual.rawValue))"
        }
        var lines = [finding.message, "", severity]
        if let label = finding.resourceLabel { lines.append("Resource: " + label) }
        lines.append("File: \(path(finding.location.file)):\(finding.location.line):\(finding.location.column)")
        if let attribute = finding.attributePath { lines.append("Attribute: \(attribute)") }
        if let rule { lines += ["", "How to fix:", rule.remediation] }
        lines += ["", "Details: " + RuleDocs.url(for: finding.ruleID)]
        return lines.joined(separator: "\n")
    }

    func suiteOrder(_ name: String) -> (Int, String) { (name == "auditstack" ? 1 : 0, name) }

    func caseOrder(_ first: Case, _ second: Case) -> Bool {
        (first.line, first.ruleID, first.className, first.name) < (second.line, second.ruleID, second.className, second.name)
    }

    // MARK: XML

    struct Counts {
        var tests = 0, failures = 0, errors = 0, skipped = 0
    }

    func counts(_ cases: [Case]) -> Counts {
        var counts = Counts()
        for testCase in cases {
            counts.tests += 1
            switch testCase.outcome {
            case .passed: break
            case .failure: counts.failures += 1
            case .skipped: counts.skipped += 1
            case .error: counts.errors += 1
            }
        }
        return counts
    }

    static func set(_ counts: Counts, seconds: Double?, on element: XMLElement, name: String) {
        attribute("name", name, on: element)
        attribute("tests", String(counts.tests), on: element)
        attribute("failures", String(counts.failures), on: element)
        attribute("errors", String(counts.errors), on: element)
        attribute("skipped", String(counts.skipped), on: element)
        attribute("time", String(format: "%.3f", seconds ?? 0), on: element)
    }

    func element(for testCase: Case) -> XMLElement {
        let element = XMLElement(name: "testcase")
        Self.attribute("name", testCase.name, on: element)
        Self.attribute("classname", testCase.className, on: element)
        if let file = testCase.file { Self.attribute("file", file, on: element) }
        if testCase.line >= 1 { Self.attribute("line", String(testCase.line), on: element) }
        Self.attribute("time", "0", on: element)
        switch testCase.outcome {
        case .passed:
            break
        case .failure(let message, let type, let body):
            element.addChild(Self.child("failure", message: message, type: type, body: body))
        case .skipped(let message):
            element.addChild(Self.child("skipped", message: message, type: nil, body: nil))
        case .error(let message, let type, let body):
            element.addChild(Self.child("error", message: message, type: type, body: body))
        }
        return element
    }

    static func child(_ name: String, message: String, type: String?, body: String?) -> XMLElement {
        let element = XMLElement(name: name)
        attribute("message", message, on: element)
        if let type { attribute("type", type, on: element) }
        if let body { element.addChild(XMLNode.text(withStringValue: xmlSafe(body)) as! XMLNode) }
        return element
    }

    static func attribute(_ name: String, _ value: String, on element: XMLElement) {
        element.addAttribute(XMLNode.attribute(withName: name, stringValue: xmlSafe(value)) as! XMLNode)
    }

    /// XML 1.0 cannot carry most control characters, even escaped: they are shown as
    /// `\u{…}` so a hostile file name cannot make the report unreadable.
    static func xmlSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isXMLCharacter($0) }) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            if isXMLCharacter(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                output += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return output
    }

    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
