/// Identities of policy documents and statements that survive edits elsewhere: a baseline
/// or a SARIF alert follows a statement, not its position. Fingerprints and root causes of
/// every policy finding are built from these.
extension PolicyStatement {
    /// The statement's `Sid`, else `#` and a digest of what it says (effect, actions,
    /// resources, principals, conditions); never its index, which moves when a statement is
    /// inserted above it.
    public var stableKey: String {
        if let sid, !sid.isEmpty { return sid }
        var text = effect.value.map(\.displayText) ?? "?"
        func add(_ label: String, _ element: PolicyElement?) {
            guard let element else { return }
            text += "\u{1}\(label)=" + (element.unresolvedExpression ?? element.entries.map(\.value.displayText).sorted().joined(separator: "\u{2}"))
        }
        add("A", actions)
        add("NA", notActions)
        add("R", resources)
        add("NR", notResources)
        for (label, principals) in [("P", principals), ("NP", notPrincipals)] where !principals.isEmpty {
            text += "\u{1}\(label)=" + principals.map { "\($0.type):\($0.value.displayText)" }.sorted().joined(separator: "\u{2}")
        }
        if !conditions.isEmpty {
            text += "\u{1}C=" + conditions.map { "\($0.conditionOperator) \($0.key) \($0.values.map(\.displayText).sorted())" }
                .sorted().joined(separator: "\u{2}")
        }
        return "#" + StableDigest.hex(of: text)
    }
}

extension PolicyDocument {
    /// The document's name as written, except for a SAM policy template, whose generated
    /// name is numbered by position (`FnRolePolicy0`): there it is the template's name,
    /// and the statements' digests tell two uses of one template apart.
    public var stableName: String {
        if let template = samPolicyTemplate, let owner { return "\(owner.name) SAM \(template.name)" }
        return name
    }

    /// `FnRole policy "Dynamo" Statement[ReadJobs]`: the attribute path of a finding
    /// about one statement.
    public func path(of statement: PolicyStatement) -> String {
        "\(stableName) Statement[\(statement.stableKey)]"
    }

    /// What every rule reporting on `statement` shares as the finding's root cause.
    public func rootCause(of statement: PolicyStatement) -> String {
        "\((owner ?? id).scope)|\((owner ?? id).name)|\(path(of: statement))"
    }
}

/// 64-bit FNV-1a as hex: deterministic across runs, machines and Swift versions (Swift's
/// `Hasher` is seeded per process), which fingerprints need. The one digest of the project:
/// statement identities and SARIF fingerprints use it.
public enum StableDigest {
    public static func hex(of text: String, digits: Int = 12) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: max(0, 16 - hex.count)) + hex).prefix(digits))
    }
}
