import AuditCore
import AuditModel

/// SARIF 2.1.0, shaped for GitHub code scanning: one run per file, every rule that ran
/// described in `tool.driver.rules` (help with the fix, tags, `security-severity`),
/// repository-relative locations under `%SRCROOT%`, a logical location naming the
/// resource, and a fingerprint that follows the resource rather than the line.
///
/// Suppressed findings are left out unless `includeSuppressed` is set: GitHub does not
/// honour SARIF `suppressions` and would open them as alerts.
public struct SARIFReporter: Reporter {
    public static let identifier = "sarif"
    public static let summary = "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers"
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The `partialFingerprints` key of auditstack's own fingerprint; the version
    /// changes if the recipe ever does. GitHub's `primaryLocationLineHash` is left to
    /// the upload action, which computes it from the file.
    public static let fingerprintKey = "auditstack/v1"
    /// GitHub accepts 1,024 characters in a rule's descriptions.
    static let maxDescription = 1_024
    /// GitHub reads at most 20 tags per rule.
    static let maxTags = 20
    /// GitHub rejects a run with more results than this.
    static let githubMaxResults = 25_000

    public let options: ReportOptions
    /// Results kept in the run; the most severe are kept when there are more.
    var maxResults = SARIFReporter.githubMaxResults

    public init(options: ReportOptions = ReportOptions()) {
        self.options = options
    }

    public func render(_ input: ReportInput) -> String {
        document(for: input).rendered()
    }

    public func document(for input: ReportInput) -> JSONValue {
        let rules = Self.rules(for: input)
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        // Above GitHub's limit the upload would be refused: the most severe findings are
        // kept and a warning notification says how many were left out.
        let kept = input.findings.count > maxResults ? Array(input.findingsMostSevereFirst.prefix(maxResults)) : input.findings
        let leftOut = input.findings.count - kept.count
        var results = kept.map { result(for: $0, suppression: nil, ruleIndex: ruleIndex) }
        if options.includeSuppressed {
            results += input.suppressed.prefix(max(0, maxResults - results.count)).map {
                result(for: $0.finding, suppression: $0.suppression, ruleIndex: ruleIndex)
            }
        }

        let driver: [(String, JSONValue)] = [
            ("name", .string(input.toolName)),
            ("semanticVersion", .string(input.toolVersion)),
            ("informationUri", .string(ToolInfo.informationURI)),
            ("rules", .array(rules.map(Self.descriptor))),
        ]

        var run: [(String, JSONValue)] = [("tool", .object([("driver", .object(driver))]))]
        if let category = options.sarifCategory, !category.isEmpty {
            // GitHub reads everything before the last "/" as the category.
            run.append(("automationDetails", .object([("id", .string(category.hasSuffix("/") ? category : category + "/"))])))
        }
        if let root = options.paths.sourceRoot {
            run.append(("originalUriBaseIds", .object([
                ("%SRCROOT%", .object([("uri", .string("file://" + SourcePaths.uriEncoded(root.hasSuffix("/") ? root : root + "/")))])),
            ])))
        }
        run.append(("invocations", .array([invocation(input, leftOut: leftOut)])))
        run.append(("columnKind", .string("unicodeCodePoints")))
        run.append(("results", .array(results)))

        return .object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
    }

    // MARK: rules

    /// The rules that ran, then any rule a finding names that is not among them.
    static func rules(for input: ReportInput) -> [RuleMetadata] {
        var seen = Set<String>()
        var rules: [RuleMetadata] = []
        for rule in input.rulesRun where seen.insert(rule.id).inserted { rules.append(rule) }
        for finding in input.findings + input.suppressed.map(\.finding) where seen.insert(finding.ruleID).inserted {
            rules.append(RuleMetadata(
                id: finding.ruleID, slug: finding.ruleID.lowercased(), title: finding.ruleID, severity: finding.severity,
                pack: finding.pack, tags: [], rationale: finding.message, remediation: "See the rule documentation.",
                references: []
            ))
        }
        return rules
    }

    static func descriptor(_ rule: RuleMetadata) -> JSONValue {
        let url = RuleDocs.url(for: rule.id)
        // Only security rules are security alerts: a missing alarm, a NAT cost trap or a
        // short backup retention is a problem with `problem.severity`, and GitHub files
        // it under code quality rather than among the vulnerabilities.
        let isSecurity = rule.tags.contains("security")
        var tags = (isSecurity ? ["security"] : []) + [rule.pack.rawValue]
        for tag in rule.tags where !tags.contains(tag) { tags.append(tag) }
        var markdown = "**How to fix**\n\n" + RuleDocs.paragraphs(rule.remediation).joined(separator: "\n")
        markdown += "\n\n**Why it matters**\n\n" + RuleDocs.paragraphs(rule.rationale).joined(separator: "\n")
        markdown += "\n\n[\(rule.id) documentation](\(url)), with examples."
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(upperCamelCase(rule.slug))),
            ("shortDescription", .object([("text", .string(limited(rule.title, to: maxDescription)))])),
            ("fullDescription", .object([("text", .string(limited(oneLine(rule.rationale), to: maxDescription)))])),
            ("defaultConfiguration", .object([("level", .string(level(for: rule.severity)))])),
            ("help", .object([
                ("text", .string(rule.remediation + "\n\nDocumentation: " + url)),
                ("markdown", .string(markdown)),
            ])),
            ("helpUri", .string(url)),
            ("properties", .object([
                ("tags", .array(tags.prefix(maxTags).map(JSONValue.string))),
                isSecurity
                    ? ("security-severity", .string(securitySeverity(for: rule.severity)))
                    : ("problem.severity", .string(problemSeverity(for: rule.severity))),
                ("severity", .string(rule.severity.rawValue)),
                ("pack", .string(rule.pack.rawValue)),
            ])),
        ])
    }

    /// SARIF levels: critical and high are errors, medium warnings, low notes.
    public static func level(for severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// GitHub's `problem.severity` for rules that are not about security.
    public static func problemSeverity(for severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "recommendation"
        }
    }

    /// GitHub's bands are above 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low;
    /// each value sits well inside its band.
    public static func securitySeverity(for severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "2.0"
        }
    }

    // MARK: results

    func result(for finding: Finding, suppression: Suppression?, ruleIndex: [String: Int]) -> JSONValue {
        var location: [(String, JSONValue)] = [("physicalLocation", physicalLocation(
            file: finding.location.file, line: finding.location.line, column: finding.location.column
        ))]
        if let resource = finding.resource {
            location.append(("logicalLocations", .array([
                logicalLocation(name: resource.name, scope: resource.scope, type: finding.resourceType),
            ])))
        }
        var properties: [(String, JSONValue)] = [("severity", .string(finding.severity.rawValue))]
        if let type = finding.resourceType { properties.append(("resourceType", .string(type))) }
        if let attribute = finding.attributePath { properties.append(("attribute", .string(attribute))) }
        if let estimate = finding.estimate { properties.append(("estimate", estimate.jsonValue)) }
        if let alarm = finding.suggestedAlarm {
            properties.append(("suggestedAlarm", JSONReporter.suggestedAlarm(alarm, fix: finding.suggestedFix)))
        }

        var result: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
        if let index = ruleIndex[finding.ruleID] { result.append(("ruleIndex", .int(index))) }
        result += [
            ("level", .string(Self.level(for: finding.severity))),
            ("message", .object([("text", .string(message(for: finding)))])),
            ("locations", .array([.object(location)])),
            ("partialFingerprints", .object([(Self.fingerprintKey, .string(fingerprint(of: finding)))])),
        ]
        if let suppression { result.append(("suppressions", .array([self.suppression(suppression)]))) }
        result.append(("properties", .object(properties)))
        return .object(result)
    }

    /// The finding's sentence, then the resource it is about: GitHub titles the alert
    /// with the first sentence.
    func message(for finding: Finding) -> String {
        var text = finding.message
        if let resource = finding.resource, !text.contains(resource.name) { text += " (\(resource.name))" }
        return text.hasSuffix(".") ? text : text + "."
    }

    func physicalLocation(file: String, line: Int, column: Int) -> JSONValue {
        var region: [(String, JSONValue)] = [("startLine", .int(max(1, line)))]
        if line >= 1 && column >= 1 { region.append(("startColumn", .int(column))) }
        return .object([
            ("artifactLocation", artifactLocation(file)),
            ("region", .object(region)),
        ])
    }

    func artifactLocation(_ file: String) -> JSONValue {
        if let relative = options.paths.repositoryRelative(file), !relative.isEmpty, relative != "." {
            var uri = SourcePaths.uriEncoded(relative)
            // A first segment with ":" would read as a URI scheme.
            if uri.split(separator: "/").first?.contains(":") == true { uri = "./" + uri }
            return .object([("uri", .string(uri)), ("uriBaseId", .string("%SRCROOT%"))])
        }
        if let absolute = options.paths.absolute(file) {
            return .object([("uri", .string("file://" + SourcePaths.uriEncoded(absolute)))])
        }
        return .object([("uri", .string(SourcePaths.uriEncoded(file)))])
    }

    /// CloudFormation: `<template>/<LogicalId>`; Terraform: the resource address.
    func logicalLocation(name: String, scope: String, type: String?) -> JSONValue {
        let qualified = type?.hasPrefix("AWS::") == true ? options.paths.display(scope) + "/" + name : name
        return .object([
            ("name", .string(name)),
            ("fullyQualifiedName", .string(qualified)),
            ("kind", .string("resource")),
        ])
    }

    /// Rule + resource identity + attribute path, with the resource's scope made
    /// repository-relative so the value does not depend on where the scan was started.
    func fingerprint(of finding: Finding) -> String {
        let scope = options.paths.display(finding.resource?.scope ?? finding.location.file)
        let key = [finding.ruleID, scope, finding.resource?.name ?? "", finding.attributePath ?? ""].joined(separator: "|")
        return Self.hexDigest(key)
    }

    func suppression(_ suppression: Suppression) -> JSONValue {
        var properties: [(String, JSONValue)] = [
            ("origin", .string(suppression.origin.rawValue)),
            ("writtenId", .string(suppression.writtenID)),
        ]
        if let expires = suppression.expires { properties.append(("expires", .string(expires))) }
        var members: [(String, JSONValue)] = [
            ("kind", .string(suppression.origin.isInSource ? "inSource" : "external")),
            ("status", .string("accepted")),
            ("justification", .string(suppression.reason)),
        ]
        if suppression.location.line >= 1 || !suppression.location.file.isEmpty {
            members.append(("location", .object([("physicalLocation", physicalLocation(
                file: suppression.location.file, line: suppression.location.line, column: suppression.location.column
            ))])))
        }
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    // MARK: invocation

    /// Unreadable inputs as error notifications: the scan of the other files succeeded,
    /// but the run is marked unsuccessful, as the exit status 2 says.
    func invocation(_ input: ReportInput, leftOut: Int = 0) -> JSONValue {
        var notifications = input.errors.map { error -> JSONValue in
            var location: [(String, JSONValue)] = [("artifactLocation", artifactLocation(error.file))]
            if error.line >= 1 {
                var region: [(String, JSONValue)] = [("startLine", .int(error.line))]
                if error.column >= 1 { region.append(("startColumn", .int(error.column))) }
                location.append(("region", .object(region)))
            }
            return .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(error.message))])),
                ("locations", .array([.object([("physicalLocation", .object(location))])])),
            ])
        }
        if leftOut > 0 {
            notifications.append(.object([
                ("level", .string("warning")),
                ("message", .object([("text", .string(
                    "\(leftOut) less severe findings are left out: GitHub refuses runs with more than \(maxResults) results; the text or JSON report lists them all"
                ))])),
            ]))
        }
        var members: [(String, JSONValue)] = [("executionSuccessful", .bool(input.errors.isEmpty))]
        if !notifications.isEmpty { members.append(("toolExecutionNotifications", .array(notifications))) }
        return .object(members)
    }

    // MARK: text helpers

    static func upperCamelCase(_ slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// At most `limit` characters: whole sentences when the first of them fit, else cut at
    /// a word with "…". GitHub shows 1,024 characters and a description cut mid-sentence
    /// reads as a wrong statement.
    static func limited(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = String(text.prefix(limit))
        if let end = head.range(of: ". ", options: .backwards) {
            return String(head[..<end.lowerBound]) + "."
        }
        var cut = String(text.prefix(limit - 1))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }

    /// 64-bit FNV-1a, as 16 hex digits (`StableDigest`): stable across runs, platforms and
    /// Swift versions, and plenty for telling a repository's findings apart.
    static func hexDigest(_ text: String) -> String {
        StableDigest.hex(of: text, digits: 16)
    }
}
