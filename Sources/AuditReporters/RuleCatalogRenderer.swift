import AuditCore

/// Renders the rule catalog for `auditstack rules` and `auditstack explain`, from the
/// same metadata and examples that the rules carry (nothing is written twice).
public struct RuleCatalogRenderer: Sendable {
    public var color: Bool
    /// Prose is wrapped to this many columns.
    public var width: Int

    public init(color: Bool = false, width: Int = 88) {
        self.color = color
        self.width = width
    }

    // MARK: rules

    public func table(_ rules: [RuleMetadata]) -> String {
        let style = TextStyle(enabled: color)
        let header = ["ID", "SEVERITY", "PACK", "DEFAULT", "SLUG", "TITLE"]
        let rows = rules.map { rule in
            [rule.id, rule.severity.rawValue, rule.pack.rawValue, rule.enabledByDefault ? "on" : "off", rule.slug, rule.title]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String], tones: [TextStyle.Tone?]) -> String {
            var text = ""
            for (column, cell) in cells.enumerated() {
                let isLast = column == cells.count - 1
                text += style.apply(tones[column], to: cell)
                if !isLast { text += String(repeating: " ", count: widths[column] - cell.count + 2) }
            }
            return text
        }
        var lines = [line(header, tones: Array(repeating: .bold, count: header.count))]
        for (rule, row) in zip(rules, rows) {
            lines.append(line(row, tones: [nil, TextStyle.tone(for: rule.severity), nil, rule.enabledByDefault ? nil : .dim, nil, nil]))
        }
        let enabled = rules.filter(\.enabledByDefault).count
        lines.append("")
        lines.append("\(counted(rules.count, "rule")) (\(enabled) on by default). `auditstack explain ID` shows one in full; `--check ID` runs rules that are off.")
        return lines.joined(separator: "\n") + "\n"
    }

    public func json(_ rules: [RuleMetadata], toolName: String = ToolInfo.name, toolVersion: String = ToolInfo.version) -> String {
        JSONValue.object([
            ("schemaVersion", .int(JSONReporter.schemaVersion)),
            ("tool", .object([("name", .string(toolName)), ("version", .string(toolVersion))])),
            ("rules", .array(rules.map { rule in
                .object([
                    ("id", .string(rule.id)),
                    ("slug", .string(rule.slug)),
                    ("title", .string(rule.title)),
                    ("severity", .string(rule.severity.rawValue)),
                    ("pack", .string(rule.pack.rawValue)),
                    ("enabledByDefault", .bool(rule.enabledByDefault)),
                    ("tags", .array(rule.tags.map(JSONValue.string))),
                    ("references", .array(rule.references.map(JSONValue.string))),
                    ("peerIds", .array(rule.peerIDs.map(JSONValue.string))),
                ])
            })),
        ]).rendered()
    }

    // MARK: explain

    public func explanation(of rule: RuleMetadata, examples: [RuleExample]) -> String {
        let style = TextStyle(enabled: color)
        var lines: [String] = []
        lines.append(style.apply(.bold, to: "\(rule.id)  \(rule.title)"))
        lines.append("")
        let facts: [(String, String)] = [
            ("id", rule.id),
            ("slug", rule.slug),
            ("severity", style.apply(TextStyle.tone(for: rule.severity), to: rule.severity.rawValue)),
            ("pack", rule.pack.rawValue),
            ("enabled by default", rule.enabledByDefault ? "yes" : "no (run it with --check \(rule.id))"),
            ("tags", rule.tags.joined(separator: ", ")),
            ("docs", RuleDocs.folder + "/" + RuleDocs.fileName(for: rule.id)),
        ]
        let labelWidth = facts.map(\.0.count).max() ?? 0
        for (label, value) in facts where !value.isEmpty {
            lines.append("  " + (label + ":").padded(to: labelWidth + 1) + "  " + value)
        }

        section("Why it matters", &lines, style: style)
        lines += wrapped(rule.rationale, indent: 2)
        section("How to fix", &lines, style: style)
        lines += wrapped(rule.remediation, indent: 2)
        if let alarm = rule.suggestedAlarm {
            section("Suggested alarm (each finding carries it for its resource, ready to paste)", &lines, style: style)
            lines += wrapped(alarm, indent: 2)
        }
        if !rule.references.isEmpty {
            section("References", &lines, style: style)
            lines += rule.references.map { "  - " + $0 }
        }
        if !rule.peerIDs.isEmpty {
            section("Same check in other tools", &lines, style: style)
            lines += rule.peerIDs.map { "  - " + $0 }
        }
        if !examples.isEmpty {
            section("Examples (↓ marks where a finding lands)", &lines, style: style)
            for format in ExampleFormat.allCases {
                let group = examples.filter { $0.format == format }
                guard !group.isEmpty else { continue }
                lines.append("")
                lines.append("  " + style.apply(.bold, to: format.displayName))
                for example in group {
                    let verdict = example.verdict == .bad
                        ? style.apply(.red, to: "bad") + " — flagged"
                        : style.apply(.cyan, to: "good") + " — passes"
                    lines.append("")
                    lines.append("    \(verdict) (scenario: \(example.scenario))")
                    for textLine in example.text.split(separator: "\n", omittingEmptySubsequences: false) {
                        lines.append(textLine.isEmpty ? "" : "      " + textLine)
                    }
                }
            }
        }
        section("Suppress it", &lines, style: style)
        lines += wrapped(RuleDocs.suppressionNote.replacingAll("`", with: ""), indent: 2)
        for snippet in RuleDocs.suppressionSnippets(for: rule.id) {
            lines.append("")
            lines.append("  " + snippet.place.replacingAll("`", with: "") + ":")
            lines += snippet.text.split(separator: "\n").map { "    " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ title: String, _ lines: inout [String], style: TextStyle) {
        lines.append("")
        lines.append(style.apply(.bold, to: title))
    }

    /// Word-wraps each paragraph line of `text` (explicit line breaks are kept).
    func wrapped(_ text: String, indent: Int) -> [String] {
        let prefix = String(repeating: " ", count: indent)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                if !current.isEmpty, prefix.count + current.count + 1 + word.count > width {
                    lines.append(prefix + current)
                    current = ""
                }
                current += current.isEmpty ? String(word) : " " + word
            }
            lines.append(current.isEmpty ? "" : prefix + current)
        }
        return lines
    }
}

/// Ids that look like what the user typed, for "did you mean" messages.
public func similarRuleIDs(to query: String, among ids: [String], limit: Int = 3) -> [String] {
    let wanted = query.uppercased()
    let scored = ids.map { id -> (String, Int) in
        if id.hasPrefix(wanted) || wanted.hasPrefix(id) { return (id, 0) }
        return (id, editDistance(Array(wanted), Array(id.uppercased())))
    }
    let threshold = max(2, wanted.count / 3)
    return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
}

private func editDistance(_ left: [Character], _ right: [Character]) -> Int {
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    var previous = Array(0...right.count)
    var current = previous
    for i in 1...left.count {
        current[0] = i
        for j in 1...right.count {
            let cost = left[i - 1] == right[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[right.count]
}
