import AuditModel

/// One `Action` entry of a statement with the catalog actions it matches. For an `Allow`
/// with `NotAction` there is a single grant: every catalog action the `NotAction` list
/// leaves out, placed at the `NotAction` key.
public struct ActionGrant: Sendable {
    /// The entry as written (`s3:Get*`), or `NotAction [...]`.
    public var pattern: String
    public var location: SourceLocation?
    /// Position of the entry in its element (for stable attribute paths).
    public var index: Int
    public var isNotAction: Bool
    /// What the grant allows, as a set (cheap to intersect with what a rule looks for).
    public var actionSet: IAMActionSet
    /// The expansion of an `Action` entry (cached by the catalog); nil for `NotAction`,
    /// whose complement is only listed when asked for.
    private var expanded: [IAMAction]?
    private let catalog: IAMActionCatalog

    init(pattern: String, location: SourceLocation?, index: Int, catalog: IAMActionCatalog) {
        self.pattern = pattern
        self.location = location
        self.index = index
        self.isNotAction = false
        (self.expanded, self.actionSet) = catalog.expansion(pattern)
        self.catalog = catalog
    }

    init(notAction patterns: [String], location: SourceLocation?, catalog: IAMActionCatalog) {
        self.pattern = "NotAction [\(patterns.joined(separator: ", "))]"
        self.location = location
        self.index = 0
        self.isNotAction = true
        self.actionSet = catalog.complementSet(of: patterns)
        self.expanded = nil
        self.catalog = catalog
    }

    /// The catalog actions the grant allows.
    public var actions: [IAMAction] {
        expanded ?? catalog.actions(in: actionSet)
    }
}

/// What a statement's `Resource` element covers.
public enum ResourceScope: Sendable, Equatable {
    /// `"*"`, or an `Allow` with `NotResource` (everything but a list).
    case everything
    /// Named ARNs or references to resources.
    case restricted
    /// An expression that cannot be read before deploy.
    case unknown(String, SourceLocation?)
}

/// A statement read against the action catalog: the statement-level rules of the least
/// privilege pack share this reading so they agree on wildcards, `NotAction` and denies.
public struct StatementActions: Sendable {
    public let statement: PolicyStatement
    /// Position of the statement in its document.
    public let index: Int
    public let grants: [ActionGrant]
    /// Set when the action element (or one of its entries) cannot be read statically.
    public let unresolved: (expression: String, location: SourceLocation?)?

    /// `Doc Statement[Sid]` or `Doc Statement[#digest]`: the attribute path findings carry,
    /// stable when statements or documents are inserted around it (`PolicyDocument.path(of:)`).
    public let path: String
    /// Shared by every finding about this statement (`Finding.rootCause`).
    public let rootCause: String

    public init(_ statement: PolicyStatement, index: Int, in document: PolicyDocument, catalog: IAMActionCatalog = .shared) {
        self.statement = statement
        self.index = index
        path = document.path(of: statement)
        rootCause = document.rootCause(of: statement)
        var grants: [ActionGrant] = []
        var unresolved: (String, SourceLocation?)?
        if let element = statement.actions {
            if let expression = element.unresolvedExpression {
                unresolved = (expression, element.location)
            }
            for (position, entry) in element.entries.enumerated() {
                guard let pattern = entry.value.stringValue else {
                    if unresolved == nil, case .unresolved(let expression) = entry.value { unresolved = (expression, entry.location) }
                    continue
                }
                grants.append(ActionGrant(pattern: pattern, location: entry.location ?? element.location, index: position, catalog: catalog))
            }
        } else if let element = statement.notActions {
            if let expression = element.unresolvedExpression ?? element.entries.lazy.compactMap(\.value.unresolvedText).first {
                unresolved = (expression, element.location)
            } else {
                grants.append(ActionGrant(
                    notAction: element.literalStrings, location: element.location ?? statement.location, catalog: catalog
                ))
            }
        }
        self.grants = grants
        self.unresolved = unresolved
    }

    /// Every statement of a document, in order.
    public static func of(_ policy: PolicyDocument, catalog: IAMActionCatalog = .shared) -> [StatementActions] {
        policy.statements.enumerated().map { StatementActions($0.element, index: $0.offset, in: policy, catalog: catalog) }
    }

    public var resourceScope: ResourceScope {
        Self.scope(of: statement)
    }

    /// Whether an unresolved resource is a `Sub`/`${}` template whose literal text rules out
    /// `"*"`: after removing the interpolations, something other than `*` remains.
    static func isLiteralTemplate(_ expression: String) -> Bool {
        if expression.hasPrefix("!") || expression.hasPrefix("Fn::") || expression.hasPrefix("{") { return false }
        return expression.withoutInterpolations.contains { $0 != "*" && $0 != " " }
    }

    static func scope(of statement: PolicyStatement) -> ResourceScope {
        if let element = statement.resources {
            if element.literalStrings.contains("*") { return .everything }
            if let expression = element.unresolvedExpression, !Self.isLiteralTemplate(expression) {
                return .unknown(expression, element.location)
            }
            // An ARN template with literal text around its unknowns (`arn:aws:s3:::${Bucket}/*`)
            // names resources, whatever the unknowns turn out to be; a bare reference may be "*".
            if let expression = element.entries.lazy.compactMap(\.value.unresolvedText).first(where: { !Self.isLiteralTemplate($0) }) {
                return .unknown(expression, element.location)
            }
            return .restricted
        }
        // "Everything except these ARNs" is as wide as "*" for the actions it allows;
        // "everything except *" allows nothing.
        if let excluded = statement.notResources { return excluded.literalStrings.contains("*") ? .restricted : .everything }
        // No resource element at all: IAM rejects it for identity policies; nothing is granted.
        return .restricted
    }
}

/// The actions a document denies outright: `Deny` statements on `*` without a `Condition`.
/// Conditional or resource-scoped denies do not remove a grant here (they may not apply).
public struct DeniedActions: Sendable {
    /// Nil when the document denies nothing outright.
    public private(set) var actionSet: IAMActionSet?

    public init(_ policy: PolicyDocument, catalog: IAMActionCatalog = .shared) {
        for statement in policy.statements where Self.isUnconditionalDenyOnEverything(statement) {
            var denied: IAMActionSet?
            if let actions = statement.actions, actions.unresolvedExpression == nil {
                denied = actions.literalStrings.reduce(IAMActionSet.empty) { $0.union(catalog.actionSet($1)) }
            } else if let notActions = statement.notActions, notActions.unresolvedExpression == nil {
                denied = catalog.complementSet(of: notActions.literalStrings)
            }
            if let denied { actionSet = actionSet.map { $0.union(denied) } ?? denied }
        }
    }

    private static func isUnconditionalDenyOnEverything(_ statement: PolicyStatement) -> Bool {
        guard statement.isDeny, statement.conditions.isEmpty else { return false }
        return statement.resources?.literalStrings.contains("*") == true
    }
}

extension PolicyStatement {
    /// An explicit `Deny`; an unresolved effect is neither Allow nor Deny.
    var isDeny: Bool {
        if case .value(let text) = effect.string { return text == "Deny" }
        return false
    }
}

extension String {
    /// The literal text of a `${…}` template: `arn:aws:s3:::${Bucket}/*` reads
    /// `arn:aws:s3:::/*`. A nested interpolation goes with the one around it.
    var withoutInterpolations: String {
        var literal = ""
        var depth = 0
        var previous: Character = " "
        for character in self {
            if character == "{" && previous == "$" {
                if depth == 0 { literal.removeLast() }
                depth += 1
            } else if character == "}" && depth > 0 {
                depth -= 1
            } else if depth == 0 {
                literal.append(character)
            }
            previous = character
        }
        return literal
    }
}

extension Value {
    /// The expression of an unresolved value.
    var unresolvedText: String? {
        if case .unresolved(let expression) = self { return expression }
        return nil
    }
}

extension IAMActionCatalog {
    /// Short list for messages from a set, listing only the first few (a set can hold
    /// the whole catalog): `s3:PutObject, s3:DeleteObject and 12 more`.
    public func describe(_ set: IAMActionSet, limit: Int = 3) -> String {
        let names = actions(in: set, limit: limit).map(\.qualifiedName)
        let rest = set.count - names.count
        let listed = names.joined(separator: ", ")
        return rest > 0 ? "\(listed) and \(rest) more" : listed
    }
}
