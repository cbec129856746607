/// Why an attribute has the value it has (rule-catalog §0.2). The same omission means
/// different things per format, so loaders record the reason and rules read it.
public enum Provenance: Sendable, Hashable {
    /// Written in the scanned file.
    case explicit
    /// Not written; the tool fills it in (the Terraform provider sends a value when unset).
    /// The payload says which default and where it is documented.
    case defaultedByTool(String)
    /// Not written and nothing is sent; the AWS service applies its own default.
    case defaultedByService(String)
    /// Written, but depends on something unknowable before deploy. Payload: the expression.
    case unresolved(String)
    /// Not written and no default is known.
    case absent
}

/// A model attribute: a value plus where it came from.
public struct Attr: Sendable, Hashable {
    public var value: Value?
    public var provenance: Provenance
    /// Where the attribute's key is written; `nil` when the attribute is not written.
    public var location: SourceLocation?
    /// How an explicit value was reached indirectly, e.g. "parameter BackupDays default"
    /// or "var.retention default", so reports can say the value is parameter-driven.
    public var via: String?

    public init(value: Value?, provenance: Provenance, location: SourceLocation? = nil, via: String? = nil) {
        self.value = value
        self.provenance = provenance
        self.location = location
        self.via = via
    }

    public static let absent = Attr(value: nil, provenance: .absent)

    public static func explicit(_ value: Value, at location: SourceLocation?, via: String? = nil) -> Attr {
        if case .unresolved(let expression) = value {
            return Attr(value: value, provenance: .unresolved(expression), location: location, via: via)
        }
        return Attr(value: value, provenance: .explicit, location: location, via: via)
    }

    public var isAbsent: Bool { provenance == .absent }

    public var isUnresolved: Bool {
        if case .unresolved = provenance { return true }
        return value?.containsUnresolved ?? false
    }

    /// True when the value came from a default rather than from the file.
    public var isDefaulted: Bool {
        switch provenance {
        case .defaultedByTool, .defaultedByService: true
        default: false
        }
    }
}

/// A value read with the three outcomes a rule must distinguish.
public enum Resolved<T: Sendable>: Sendable {
    case value(T)
    /// Cannot be known statically; payload is the expression to show the user.
    case unknown(String)
    /// Neither written nor defaulted.
    case absent
}

extension Resolved: Equatable where T: Equatable {}

extension Attr {
    private func resolve<T>(_ convert: (Value) -> T?) -> Resolved<T> {
        if case .unresolved(let expression) = provenance { return .unknown(expression) }
        guard let value else { return .absent }
        if case .unresolved(let expression) = value { return .unknown(expression) }
        if let converted = convert(value) { return .value(converted) }
        // A reference or an unexpected shape where a scalar was expected cannot be judged.
        return .unknown(value.displayText)
    }

    /// Booleans, accepting the string spellings CloudFormation allows (`"true"`, `"False"`).
    public var bool: Resolved<Bool> {
        resolve { value in
            switch value {
            case .bool(let flag): return flag
            case .string(let text):
                switch text.lowercased() {
                case "true": return true
                case "false": return false
                default: return nil
                }
            default: return nil
            }
        }
    }

    /// Whole numbers, accepting numeric strings (`"7"`), as both formats do.
    public var int: Resolved<Int> {
        resolve { value in
            switch value {
            case .number(let number) where number == number.rounded() && abs(number) < 1e15: return Int(number)
            case .string(let text): return Int(text)
            default: return nil
            }
        }
    }

    public var string: Resolved<String> {
        resolve { value in
            switch value {
            case .string(let text): return text
            case .number, .bool: return value.displayText
            default: return nil
            }
        }
    }

    /// A list; a single scalar counts as a one-element list (IAM's string-or-list habit).
    public var list: Resolved<[Value]> {
        resolve { value in
            switch value {
            case .list(let items): return items
            case .null: return []
            default: return [value]
            }
        }
    }
}
