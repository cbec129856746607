import AuditModel

/// A principal and every identity policy that applies to it: what one role, user or group
/// ends up with, or a policy document judged on its own when nothing in the scanned set
/// attaches it (a standalone file, an unattached managed policy).
public struct IAMPrincipal: Sendable {
    public enum Subject: Sendable {
        /// A role, user or group; or a policy resource whose principal is outside the scanned set.
        case resource(Resource)
        /// A document with no resource of its own (a standalone policy file, an unused
        /// `aws_iam_policy_document`).
        case document(PolicyDocument)
    }

    public let subject: Subject
    public internal(set) var sources: [PolicySource] = []
    /// Policies that apply but cannot be read: unresolved documents, managed policy ARNs
    /// outside the scanned set.
    public internal(set) var unknowns: [UnknownPolicy] = []

    /// True for roles, users and groups; false for documents judged on their own.
    public var isPrincipal: Bool {
        if case .resource(let resource) = subject { return [.role, .user, .group].contains(resource.kind) }
        return false
    }

    public var name: String {
        switch subject {
        case .resource(let resource): resource.id.name
        case .document(let document): document.name
        }
    }
}

/// One policy applied to a principal.
public struct PolicySource: Sendable {
    public let document: PolicyDocument
    /// For a policy written elsewhere (an AWS managed policy named by ARN): where it is
    /// attached, which is where findings about it land.
    public let attachment: SourceLocation?
    /// The AWS managed policy's name when the document is one.
    public let awsManagedName: String?
    /// A read-only AWS managed policy whose document is not shipped: it grants the List
    /// and Read actions it is named for, nothing else.
    public let isReadOnlyStandIn: Bool
}

public struct UnknownPolicy: Sendable, Hashable {
    public let expression: String
    public let location: SourceLocation?
}

/// Builds the principals of a model (rule-catalog §0.5): inline policies, customer managed
/// policies attached through the principal's own list or through attachment resources,
/// AWS managed policies by ARN or name, SAM policy templates (expanded by the loader into
/// inline policies of the generated role) and the documents of Terraform
/// `aws_iam_policy_document` data sources the policies point at.
public enum PrincipalPolicies {
    private static let principalKinds: Set<ResourceKind> = [.role, .user, .group]

    public static func principals(in model: CloudModel) -> [IAMPrincipal] {
        let (documentsByOwner, ownerless) = identityDocuments(in: model)
        var builder = Builder(model: model, documentsByOwner: documentsByOwner)
        var principals: [IAMPrincipal] = []
        for kind in [ResourceKind.role, .user, .group] {
            for resource in model.resources(of: kind) { principals.append(builder.principal(for: resource)) }
        }
        // Policy resources whose documents no principal in the scanned set took: judged alone.
        for kind in [ResourceKind.managedPolicy, .inlinePolicy] {
            for resource in model.resources(of: kind) where !builder.used.contains(resource.id) {
                var alone = IAMPrincipal(subject: .resource(resource))
                builder.addDocuments(of: resource, to: &alone)
                if !alone.sources.isEmpty || !alone.unknowns.isEmpty { principals.append(alone) }
            }
        }
        // Documents of resources that are neither principals nor policies (an unused
        // `aws_iam_policy_document`), and standalone files.
        for (owner, documents) in documentsByOwner where !builder.used.contains(owner) {
            guard let resource = model.resource(owner), !principalKinds.contains(resource.kind),
                  resource.kind != .managedPolicy, resource.kind != .inlinePolicy,
                  !builder.isReferencedByPolicyCarrier(owner) else { continue }
            for document in documents { principals.append(Builder.alone(document)) }
        }
        for document in ownerless { principals.append(Builder.alone(document)) }
        return principals
    }

    /// The principals of some roles, users or groups, in order, built as `principals(in:)`
    /// builds them, without gathering every principal of the model.
    public static func principals(of resources: [Resource], in model: CloudModel) -> [IAMPrincipal] {
        var builder = Builder(model: model, documentsByOwner: identityDocuments(in: model).byOwner)
        return resources.map { builder.principal(for: $0) }
    }

    /// Identity and standalone documents by the resource that carries them, and those carried by none.
    private static func identityDocuments(in model: CloudModel) -> (byOwner: [ResourceID: [PolicyDocument]], ownerless: [PolicyDocument]) {
        var byOwner: [ResourceID: [PolicyDocument]] = [:]
        var ownerless: [PolicyDocument] = []
        for document in model.policies where document.kind == .identity || document.kind == .standalone {
            if let owner = document.owner { byOwner[owner, default: []].append(document) } else { ownerless.append(document) }
        }
        return (byOwner, ownerless)
    }

    private struct Builder {
        let model: CloudModel
        let documentsByOwner: [ResourceID: [PolicyDocument]]
        /// Policy resources and documents some principal took.
        var used: Set<ResourceID> = []

        static func alone(_ document: PolicyDocument) -> IAMPrincipal {
            var principal = IAMPrincipal(subject: .document(document))
            principal.sources = [PolicySource(document: document, attachment: nil, awsManagedName: nil, isReadOnlyStandIn: false)]
            if let expression = document.unresolvedExpression {
                principal.unknowns.append(UnknownPolicy(expression: expression, location: document.location))
            }
            return principal
        }

        func isReferencedByPolicyCarrier(_ id: ResourceID) -> Bool {
            model.isReferenced(id, byAnyOf: [.role, .user, .group, .managedPolicy, .inlinePolicy])
        }

        mutating func principal(for resource: Resource) -> IAMPrincipal {
            var principal = IAMPrincipal(subject: .resource(resource))
            var seen: Set<ResourceID> = [resource.id]
            addPolicies(of: resource, to: &principal, seen: &seen)
            if resource.kind == .user {
                // A user also holds the policies of its groups.
                for group in groups(of: resource) where seen.insert(group.id).inserted {
                    addPolicies(of: group, to: &principal, seen: &seen)
                }
            }
            return principal
        }

        /// What a role, user or group carries itself: inline policies, its managed policy
        /// list, and the policies and attachments that name it.
        private mutating func addPolicies(of resource: Resource, to principal: inout IAMPrincipal, seen: inout Set<ResourceID>) {
            addDocuments(of: resource, to: &principal)
            addManagedList(resource[.managedPolicyARNs], of: resource, to: &principal, seen: &seen)
            for (referrer, _) in model.referrers(of: resource.id) where seen.insert(referrer.id).inserted {
                switch referrer.kind {
                case .inlinePolicy, .managedPolicy:
                    used.insert(referrer.id)
                    addDocuments(of: referrer, to: &principal)
                case .policyAttachment:
                    addAttachment(referrer, to: &principal, seen: &seen)
                default:
                    break
                }
            }
        }

        /// The groups a user belongs to: named in the user (`Groups`) or by a membership
        /// resource that links the user and its groups (`aws_iam_user_group_membership`,
        /// `aws_iam_group_membership`, `AWS::IAM::UserToGroupAddition`).
        private func groups(of user: Resource) -> [Resource] {
            var groups: [Resource] = []
            var seen: Set<ResourceID> = []
            func add(_ id: ResourceID) {
                guard let target = model.resource(id), target.kind == .group, seen.insert(id).inserted else { return }
                groups.append(target)
            }
            for link in user.links { add(link.target) }
            for (referrer, _) in model.referrers(of: user.id) where referrer.kind == .other {
                for link in referrer.links { add(link.target) }
            }
            return groups
        }

        /// The identity documents a resource carries, and those of the policy-document
        /// data sources its policy attributes point at.
        mutating func addDocuments(of resource: Resource, to principal: inout IAMPrincipal) {
            used.insert(resource.id)
            for document in documentsByOwner[resource.id] ?? [] { add(document, to: &principal) }
            for link in resource.links where link.path == "policy" || link.path.hasSuffix(".policy") {
                guard let target = model.resource(link.target), target.kind == .other else { continue }
                used.insert(target.id)
                for document in documentsByOwner[target.id] ?? [] { add(document, to: &principal) }
            }
        }

        private func add(_ document: PolicyDocument, to principal: inout IAMPrincipal) {
            principal.sources.append(PolicySource(document: document, attachment: nil, awsManagedName: nil, isReadOnlyStandIn: false))
            if let expression = document.unresolvedExpression {
                principal.unknowns.append(UnknownPolicy(expression: expression, location: document.location))
            }
        }

        /// `ManagedPolicyArns` / `managed_policy_arns`: ARNs, names (SAM), references.
        mutating func addManagedList(_ attribute: Attr, of resource: Resource, to principal: inout IAMPrincipal, seen: inout Set<ResourceID>) {
            let location = attribute.location ?? resource.location
            if case .unresolved? = attribute.value {
                // A plan knows the list only after apply; its configuration references name the policies.
                let linked = resource.links.filter {
                    $0.path.hasPrefix("managed_policy_arns") && model.resource($0.target)?.kind == .managedPolicy
                }
                if !linked.isEmpty {
                    for link in linked { addManaged(.reference(link.reference), at: location, owner: resource.id, to: &principal, seen: &seen) }
                    return
                }
            }
            switch attribute.value {
            case .list(let items)?:
                for item in items { addManaged(item, at: location, owner: resource.id, to: &principal, seen: &seen) }
            case let value?:
                addManaged(value, at: location, owner: resource.id, to: &principal, seen: &seen)
            case nil:
                break
            }
        }

        mutating func addAttachment(_ attachment: Resource, to principal: inout IAMPrincipal, seen: inout Set<ResourceID>) {
            let attribute = attachment[.policyARN]
            guard var value = attribute.value else { return }
            // A plan knows the ARN only after apply, but its configuration names the policy.
            if case .unresolved = value,
               let link = attachment.links.first(where: { $0.path == "policy_arn" && model.resource($0.target)?.kind == .managedPolicy }) {
                value = .reference(link.reference)
            }
            addManaged(value, at: attachment.location(of: .policyARN), owner: principalID(principal), to: &principal, seen: &seen)
        }

        private func principalID(_ principal: IAMPrincipal) -> ResourceID? {
            if case .resource(let resource) = principal.subject { return resource.id }
            return nil
        }

        mutating func addManaged(_ value: Value, at location: SourceLocation, owner: ResourceID?, to principal: inout IAMPrincipal,
                                 seen: inout Set<ResourceID>) {
            switch value {
            case .string(let arn):
                if let name = AWSManagedPolicies.awsManagedName(arn) {
                    if let known = AWSManagedPolicies.policy(named: name) ?? AWSManagedPolicies.escalationDigest(named: name) {
                        principal.sources.append(PolicySource(
                            document: known.document(attachedAt: location, owner: owner), attachment: location,
                            awsManagedName: name, isReadOnlyStandIn: false
                        ))
                    } else if AWSManagedPolicies.isReadOnlyName(name) {
                        principal.sources.append(PolicySource(
                            document: PolicyDocument(id: ResourceID(scope: "aws", name: arn), kind: .identity, owner: owner,
                                                     name: "AWS managed policy \(name)", location: location, statements: []),
                            attachment: location, awsManagedName: name, isReadOnlyStandIn: true
                        ))
                    } else {
                        principal.unknowns.append(UnknownPolicy(expression: "AWS managed policy \(name) (document not known to auditstack)", location: location))
                    }
                } else {
                    principal.unknowns.append(UnknownPolicy(expression: "managed policy \(arn) (not in the scanned files)", location: location))
                }
            case .reference(let reference):
                guard let target = model.resource(reference.target) else {
                    principal.unknowns.append(UnknownPolicy(expression: "managed policy \(reference) (not in the scanned files)", location: location))
                    return
                }
                guard seen.insert(target.id).inserted else { return }
                used.insert(target.id)
                addDocuments(of: target, to: &principal)
            case .unresolved(let expression):
                principal.unknowns.append(UnknownPolicy(expression: expression, location: location))
            case .list(let items):
                for item in items { addManaged(item, at: location, owner: owner, to: &principal, seen: &seen) }
            default:
                break
            }
        }
    }
}
