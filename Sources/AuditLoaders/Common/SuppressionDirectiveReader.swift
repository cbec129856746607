import AuditModel
import AuditSyntax

/// Reads suppression directives from a resource's `Metadata` (CloudFormation, SAM) or from
/// the `"//"` comment property of a Terraform JSON resource, keeping each one's position.
///
/// CloudFormation `Metadata` (one entry per suppressed rule):
///
///     Metadata:
///       auditstack:
///         skip:
///           - id: AS-ENC-001
///             reason: Restored from an encrypted snapshot
///             expires: 2027-01-31
///       checkov:   { skip: [{ id: CKV_AWS_16, comment: "…" }] }
///       cfn_nag:   { rules_to_suppress: [{ id: F26, reason: "…" }] }
///       cfn-lint:  { config: { ignore_checks: [E3012] } }
///
/// The same entries in the template's own `Metadata` cover every resource of the template.
///
/// Terraform JSON `"//"` (a string, or an array of strings; one directive per string or line):
///
///     "//": "auditstack:skip=AS-ENC-001 reason=\"Restored from an encrypted snapshot\" expires=2027-01-31"
///     "//": "checkov:skip=CKV_AWS_16:Restored from an encrypted snapshot"
///
/// Mistakes in auditstack's own syntax are warnings at their position; the peers' blocks
/// are read as those tools define them and otherwise left alone.
enum SuppressionDirectiveReader {
    static let auditstackMarker = "auditstack:skip="
    static let checkovMarker = "checkov:skip="

    // MARK: CloudFormation Metadata

    static func cloudFormation(
        _ metadata: Node?, file: String, place: SuppressionDirective.Place = .resourceMetadata, diagnostics: inout [LoadDiagnostic]
    ) -> [SuppressionDirective] {
        guard let metadata, metadata.isMapping else { return [] }
        var directives: [SuppressionDirective] = []
        func location(_ position: SourcePosition) -> SourceLocation { SourceLocation(file: file, position: position) }
        func warn(_ message: String, _ position: SourcePosition) {
            diagnostics.append(LoadDiagnostic(.warning, message, at: location(position)))
        }
        func directive(_ syntax: SuppressionDirective.Syntax, id: Node, reason: String?, expires: String?) {
            guard let text = id.scalarText?.trimmed, !text.isEmpty else { return }
            directives.append(SuppressionDirective(
                syntax: syntax, place: place, ruleID: text, reason: reason?.trimmed.nonEmpty,
                expires: expires?.trimmed, location: location(id.position)
            ))
        }

        if let own = metadata.entry("auditstack") {
            for entry in own.value.entries where entry.key != "skip" {
                warn("Metadata.auditstack has no '\(entry.key)' (expected: skip)", entry.keyPosition)
            }
            if !own.value.isMapping {
                warn("Metadata.auditstack must be a mapping with a skip list", own.keyPosition)
            }
            if let skip = own.value.entry("skip") {
                let items = skip.value.isSequence ? skip.value.elements : [skip.value]
                for item in items {
                    if item.scalarText != nil {
                        directive(.auditstack, id: item, reason: nil, expires: nil)
                        continue
                    }
                    guard item.isMapping, let id = item["id"] else {
                        warn("each Metadata.auditstack.skip entry needs an id, a reason and optionally expires", item.position)
                        continue
                    }
                    for entry in item.entries where !["id", "reason", "expires"].contains(entry.key) {
                        warn("a Metadata.auditstack.skip entry has no '\(entry.key)' (expected: id, reason, expires)", entry.keyPosition)
                    }
                    directive(.auditstack, id: id, reason: item["reason"]?.scalarText, expires: item["expires"]?.scalarText)
                }
            }
        }
        for item in metadata["checkov"]?["skip"]?.elements ?? [] {
            if let id = item["id"] { directive(.checkov, id: id, reason: item["comment"]?.scalarText, expires: nil) }
        }
        for item in metadata["cfn_nag"]?["rules_to_suppress"]?.elements ?? [] {
            if let id = item["id"] { directive(.cfnNag, id: id, reason: item["reason"]?.scalarText, expires: nil) }
        }
        for item in metadata["cfn-lint"]?["config"]?["ignore_checks"]?.elements ?? [] {
            directive(.cfnLint, id: item, reason: nil, expires: nil)
        }
        return directives
    }

    // MARK: Terraform "//" comments

    /// The directives in a `"//"` comment: a string or an array of strings.
    static func terraformComment(
        _ comment: Node?, file: String, diagnostics: inout [LoadDiagnostic]
    ) -> [SuppressionDirective] {
        guard let comment else { return [] }
        let strings = comment.isSequence ? comment.elements : [comment]
        var directives: [SuppressionDirective] = []
        for string in strings {
            guard let text = string.scalarText else { continue }
            let location = SourceLocation(file: file, position: string.position)
            for line in text.split(whereSeparator: \.isNewline) {
                let parsed = parseComment(String(line), location: location)
                directives += parsed.directives
                diagnostics += parsed.problems.map { LoadDiagnostic(.warning, $0, at: location) }
            }
        }
        return directives
    }

    /// The directives in one line of comment text, and what could not be understood.
    /// Text before the first directive is free commentary and is left alone.
    static func parseComment(
        _ line: String, location: SourceLocation
    ) -> (directives: [SuppressionDirective], problems: [String]) {
        var directives: [SuppressionDirective] = []
        var problems: [String] = []
        var rest = Substring(line)
        guard let first = nextMarker(in: rest) else { return ([], []) }
        rest = rest[first.lowerBound...]
        while !rest.isEmpty {
            if rest.hasPrefix(checkovMarker) {
                rest = rest.dropFirst(checkovMarker.count)
                // checkov:skip=ID[,ID]:reason — the reason runs to the next directive or the end.
                let end = nextMarker(in: rest)?.lowerBound ?? rest.endIndex
                let body = rest[..<end]
                rest = rest[end...]
                let ids: Substring
                let reason: Substring?
                if let colon = body.firstIndex(of: ":") {
                    ids = body[..<colon]
                    reason = body[body.index(after: colon)...]
                } else {
                    ids = body
                    reason = nil
                }
                for id in ids.split(separator: ",") where !id.trimmed.isEmpty {
                    directives.append(SuppressionDirective(
                        syntax: .checkov, place: .terraformComment, ruleID: id.trimmed,
                        reason: reason.map { String($0).trimmed }?.nonEmpty, expires: nil, location: location
                    ))
                }
            } else if rest.hasPrefix(auditstackMarker) {
                rest = rest.dropFirst(auditstackMarker.count)
                let idsEnd = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                let ids = rest[..<idsEnd]
                rest = rest[idsEnd...]
                var reason: String?
                var expires: String?
                func assign(_ key: String, _ value: String) {
                    switch key {
                    case "reason": reason = value
                    case "expires": expires = value
                    default: problems.append("auditstack:skip has no '\(key)' (expected: reason, expires)")
                    }
                }
                // key=value pairs up to the next directive; a value may be "quoted".
                while true {
                    rest = rest.drop(while: \.isWhitespace)
                    if rest.isEmpty || rest.hasPrefix(auditstackMarker) || rest.hasPrefix(checkovMarker) { break }
                    guard let equals = rest.firstIndex(of: "="),
                          !rest[..<equals].contains(where: \.isWhitespace) else {
                        let word = rest.prefix { !$0.isWhitespace }
                        problems.append("unexpected '\(word)' in auditstack:skip (write reason=\"…\" and expires=yyyy-mm-dd)")
                        rest = rest.dropFirst(word.count)
                        continue
                    }
                    let key = String(rest[..<equals])
                    rest = rest[rest.index(after: equals)...]
                    let value: String
                    if rest.first == "\"" {
                        if let (quoted, after) = quotedValue(rest) {
                            value = quoted
                            rest = after
                        } else {
                            problems.append("the value of \(key) in auditstack:skip has no closing quote")
                            value = String(rest.dropFirst())
                            rest = rest[rest.endIndex...]
                        }
                    } else {
                        let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                        value = String(rest[..<end])
                        rest = rest[end...]
                    }
                    assign(key, value)
                }
                if ids.isEmpty { problems.append("auditstack:skip= needs a rule id (auditstack:skip=AS-ENC-001 reason=\"…\")") }
                for id in ids.split(separator: ",") where !id.isEmpty {
                    directives.append(SuppressionDirective(
                        syntax: .auditstack, place: .terraformComment, ruleID: String(id),
                        reason: reason?.trimmed.nonEmpty, expires: expires?.trimmed, location: location
                    ))
                }
            } else {
                break
            }
        }
        return (directives, problems)
    }

    /// Where the next `auditstack:skip=` or `checkov:skip=` starts.
    private static func nextMarker(in text: Substring) -> Range<Substring.Index>? {
        let own = text.range(of: auditstackMarker)
        let checkov = text.range(of: checkovMarker)
        switch (own, checkov) {
        case (let own?, let checkov?): return own.lowerBound < checkov.lowerBound ? own : checkov
        case (let own?, nil): return own
        case (nil, let checkov?): return checkov
        case (nil, nil): return nil
        }
    }

    /// A double-quoted value (`\"` and `\\` escape), and the text after its closing quote.
    private static func quotedValue(_ text: Substring) -> (String, Substring)? {
        var value = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", text.index(after: index) < text.endIndex {
                index = text.index(after: index)
                value.append(text[index])
            } else if character == "\"" {
                return (value, text[text.index(after: index)...])
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
