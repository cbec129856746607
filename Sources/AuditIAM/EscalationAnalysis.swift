import AuditModel

/// One escalation method a principal can complete, and the grant of its decisive action.
public struct EscalationPath: Sendable {
    public let method: EscalationMethod
    /// The policy that grants the decisive action (`method.actions[0]`).
    public let source: PolicySource
    public let statementIndex: Int
    /// The `Action` entry (or the `NotAction` key, or the attachment of an AWS managed
    /// policy) that grants it.
    public let location: SourceLocation
}

/// What AS-IAM-004 concludes about one principal.
public struct EscalationVerdict: Sendable {
    /// Methods completed by unconstrained grants, in table order.
    public var paths: [EscalationPath] = []
    /// Methods that would be complete if an unresolved value turned out broad enough: the
    /// expression that decides.
    public var undecided: [(method: EscalationMethod, expression: String, location: SourceLocation?)] = []
}

/// Tests a principal against the escalation methods (rule-catalog AS-IAM-004).
///
/// A grant counts when an `Allow` statement matches the action (through `Action`, or
/// through `NotAction` by not excluding it), its `Resource` holds `"*"` (or its
/// `NotResource` does not), and it has no `Condition`. A `Deny` without condition on
/// `Resource: "*"` (or with a `NotResource` that names resources) removes the actions it
/// matches from every policy of the principal; with a condition, it leaves the methods it
/// touches undecided.
public struct EscalationAnalysis: Sendable {
    private var matcher = EscalationActionMatcher()

    public init() {}

    private struct Grant {
        var source: Int
        var statement: Int
        var targets: TargetSet
    }

    public mutating func verdict(for principal: IAMPrincipal) -> EscalationVerdict {
        var grants: [Grant] = []
        var granted = TargetSet()
        var maybe = TargetSet()
        var maybeExpression: (String, SourceLocation?)?
        var denied = TargetSet()
        var conditionallyDenied = TargetSet()
        var conditionalDenial: (String, SourceLocation?)?

        for (sourceIndex, source) in principal.sources.enumerated() {
            if source.isReadOnlyStandIn {
                let reads = Self.readLevelTargets
                grants.append(Grant(source: sourceIndex, statement: 0, targets: reads))
                granted.formUnion(reads)
                continue
            }
            for (statementIndex, statement) in source.document.statements.enumerated() {
                let judged = judge(statement)
                if statement.isAllow {
                    if !judged.definite.isEmpty {
                        grants.append(Grant(source: sourceIndex, statement: statementIndex, targets: judged.definite))
                        granted.formUnion(judged.definite)
                    }
                    if !judged.possible.isEmpty {
                        maybe.formUnion(judged.possible)
                        if maybeExpression == nil { maybeExpression = judged.expression }
                    }
                } else if statement.isDeny, deniesOnEveryResource(statement) {
                    if statement.conditions.isEmpty {
                        denied.formUnion(judged.deniedTargets)
                    } else if !judged.deniedTargets.isEmpty {
                        // Whether it applies depends on the request: the grant is undecided.
                        conditionallyDenied.formUnion(judged.deniedTargets)
                        if conditionalDenial == nil {
                            conditionalDenial = ("a Deny with a Condition in \(source.document.name)", statement.location)
                        }
                    }
                }
            }
        }
        for unknown in principal.unknowns where maybeExpression == nil {
            maybeExpression = (unknown.expression, unknown.location)
        }
        if !principal.unknowns.isEmpty { maybe = .everything }

        granted = granted.subtracting(denied)
        maybe = maybe.subtracting(denied)

        var verdict = EscalationVerdict()
        // Where each (grant, action) lands, worked out once: one grant decides many methods.
        var locations: [Int: SourceLocation] = [:]
        for (methodIndex, method) in EscalationMethods.all.enumerated() {
            let required = EscalationMethods.requirements[methodIndex]
            if required.isSubset(of: granted), !required.intersection(conditionallyDenied).isEmpty,
               let (expression, location) = conditionalDenial {
                verdict.undecided.append((method, expression, location))
            } else if required.isSubset(of: granted) {
                if let path = decisiveGrant(for: method, methodIndex: methodIndex, grants: grants, principal: principal,
                                            locations: &locations) {
                    verdict.paths.append(path)
                }
            } else if required.isSubset(of: granted.union(maybe)), let (expression, location) = maybeExpression {
                verdict.undecided.append((method, expression, location))
            }
        }
        return verdict
    }

    private mutating func decisiveGrant(for method: EscalationMethod, methodIndex: Int, grants: [Grant], principal: IAMPrincipal,
                                        locations: inout [Int: SourceLocation]) -> EscalationPath? {
        let decisive = EscalationMethods.decisiveTargets[methodIndex]
        guard let grantIndex = grants.firstIndex(where: { $0.targets.contains(decisive) }) else { return nil }
        let grant = grants[grantIndex]
        let source = principal.sources[grant.source]
        let key = grantIndex * 128 + decisive
        let location: SourceLocation
        if let known = locations[key] {
            location = known
        } else if let attachment = source.attachment {
            location = attachment
        } else {
            let statement = source.document.statements[grant.statement]
            location = entryLocation(in: statement, for: decisive) ?? statement.location
        }
        locations[key] = location
        return EscalationPath(method: method, source: source, statementIndex: grant.statement, location: location)
    }

    /// The `Action` entry that matches the target, else the `NotAction` key.
    private mutating func entryLocation(in statement: PolicyStatement, for target: Int) -> SourceLocation? {
        if let actions = statement.actions {
            for entry in actions.entries {
                guard case .string(let pattern) = entry.value else { continue }
                if matcher.targets(matching: pattern).contains(target) { return entry.location ?? actions.location }
            }
            return actions.location
        }
        return statement.notActions?.location
    }

    // MARK: Statements

    enum ResourceScope: Equatable {
        case everything
        case specific
        case unknown(String)
    }

    private struct Judged {
        /// Targets the statement grants for sure (given its effect).
        var definite = TargetSet()
        /// Targets it may grant, depending on an unresolved value.
        var possible = TargetSet()
        var expression: (String, SourceLocation?)?
        /// For a Deny: the targets it matches.
        var deniedTargets = TargetSet()
    }

    private mutating func judge(_ statement: PolicyStatement) -> Judged {
        var judged = Judged()
        let (matched, unresolvedAction) = actionTargets(statement)
        if statement.isDeny {
            judged.deniedTargets = matched
            return judged
        }
        guard statement.isAllow else { return judged }
        let scope = statement.notResources.map(notResourceScope) ?? resourceScope(statement.resources)
        // A condition constrains the grant, whatever it tests (`iam:PassedToService` too).
        guard statement.conditions.isEmpty else { return judged }
        let targets = matched
        switch scope {
        case .everything:
            judged.definite = targets
            if let unresolvedAction {
                judged.possible = .everything
                judged.expression = unresolvedAction
            }
        case .specific:
            break
        case .unknown(let expression):
            judged.possible = unresolvedAction == nil ? targets : .everything
            judged.expression = (expression, statement.resources?.location)
        }
        return judged
    }

    /// The targets `Action` matches, or those `NotAction` leaves; and the first
    /// unresolved entry, which could match anything.
    private mutating func actionTargets(_ statement: PolicyStatement) -> (TargetSet, (String, SourceLocation?)?) {
        if let actions = statement.actions {
            if let expression = actions.unresolvedExpression { return (TargetSet(), (expression, actions.location)) }
            var set = TargetSet()
            var unresolved: (String, SourceLocation?)?
            for entry in actions.entries {
                switch entry.value {
                case .string(let pattern): set.formUnion(matcher.targets(matching: pattern))
                case .unresolved(let expression): if unresolved == nil { unresolved = (expression, entry.location) }
                default: break
                }
            }
            return (set, unresolved)
        }
        if let notActions = statement.notActions {
            if let expression = notActions.unresolvedExpression { return (TargetSet(), (expression, notActions.location)) }
            var excluded = TargetSet()
            var unresolved: (String, SourceLocation?)?
            for entry in notActions.entries {
                switch entry.value {
                case .string(let pattern): excluded.formUnion(matcher.targets(matching: pattern))
                case .unresolved(let expression): if unresolved == nil { unresolved = (expression, entry.location) }
                default: break
                }
            }
            // An unresolved exclusion could exclude anything: nothing is granted for sure.
            if unresolved != nil { return (TargetSet(), unresolved) }
            return (TargetSet.everything.subtracting(excluded), nil)
        }
        return (TargetSet(), nil)
    }

    /// `"*"` anywhere in `Resource` means every resource; an unresolved entry that could be
    /// `"*"` (a bare variable or parameter, not an ARN with a literal prefix) leaves it open.
    func resourceScope(_ element: PolicyElement?) -> ResourceScope {
        guard let element else { return .specific }
        if let expression = element.unresolvedExpression {
            return Self.couldBeWildcard(expression) ? .unknown(expression) : .specific
        }
        var open: String?
        for entry in element.entries {
            switch entry.value {
            case .string(let text) where text == "*": return .everything
            case .unresolved(let expression) where open == nil && Self.couldBeWildcard(expression): open = expression
            default: break
            }
        }
        return open.map(ResourceScope.unknown) ?? .specific
    }

    /// `NotResource` grants every resource but the ones it lists: as wide as `"*"` for the
    /// actions of a method, unless it lists `"*"` itself (then it grants nothing) or an
    /// unresolved value that could be `"*"`.
    func notResourceScope(_ element: PolicyElement) -> ResourceScope {
        if let expression = element.unresolvedExpression {
            return Self.couldBeWildcard(expression) ? .unknown(expression) : .everything
        }
        var open: String?
        for entry in element.entries {
            switch entry.value {
            case .string(let text) where text == "*": return .specific
            case .unresolved(let expression) where open == nil && Self.couldBeWildcard(expression): open = expression
            default: break
            }
        }
        return open.map(ResourceScope.unknown) ?? .everything
    }

    /// A `Deny` on `"*"`, or on everything but some named resources (`NotResource` without
    /// `"*"`): either way, what it matches is no longer granted on every resource.
    private func deniesOnEveryResource(_ statement: PolicyStatement) -> Bool {
        guard let excluded = statement.notResources else { return resourceScope(statement.resources) == .everything }
        return notResourceScope(excluded) == .everything
    }

    /// An expression whose text, interpolations removed, is empty or only an expression
    /// (`${var.arns}`, `var.arn`, `!Ref Arns`) could be `"*"`; `arn:aws:s3:::${var.b}/*` cannot.
    static func couldBeWildcard(_ expression: String) -> Bool {
        // A CloudFormation intrinsic shown as written (`!If [C, "*", …]`, `!Ref Arns`):
        // anything but an ARN it spells out could be "*".
        if expression.hasPrefix("!") { return !expression.contains("arn:") }
        let literal = expression.withoutInterpolations
        if literal.isEmpty || literal == "*" { return true }
        return !literal.contains(":") && !literal.contains("/")
    }

    /// Targets whose access level is List or Read, granted by read-only managed policies.
    static let readLevelTargets: TargetSet = {
        var set = TargetSet()
        for (index, action) in EscalationMethods.targetActions.enumerated() {
            if let known = IAMActionCatalog.shared.action(action), !known.accessLevel.isMutating { set.insert(index) }
        }
        return set
    }()
}
