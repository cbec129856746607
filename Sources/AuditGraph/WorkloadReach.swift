import AuditIAM
import AuditModel

/// What each VPC-attached function talks to (rule-catalog §3.3): the AWS services its
/// role's policies let it call (AuditIAM's principal aggregation: inline, attached,
/// AWS managed policies and SAM templates) and the resources its environment variables
/// name. Triggers are not evidence: an event source mapping is polled by the Lambda
/// service, and S3, SNS and EventBridge invoke the function from outside the VPC, so the
/// consumer permissions a mapping needs do not count for the service it polls.
public struct WorkloadReach: Sendable {
    /// Why a workload is taken to call a service.
    public struct Evidence: Sendable, Hashable {
        /// `s3`, `dynamodb`, `sqs`, `sns`, `secretsmanager`, `kms`, … (IAM service prefixes).
        public let service: String
        /// `role grants s3:GetObject`, `environment variable BUCKET names Uploads`.
        public let reason: String
    }

    public struct Reach: Sendable {
        /// Evidence by service, in the order found.
        public let services: [String: [Evidence]]
        /// Resources only reachable inside a VPC that the workload names (a database, a
        /// cache, a file system): what makes VPC attachment necessary.
        public let vpcOnly: [Evidence]
        /// Policies of its role that cannot be read (an unresolved document, a managed
        /// policy outside the scan): what it may also reach.
        public let unknownPolicies: [String]
        /// The role cannot be found (`nil` when it is in the model).
        public let roleUnknown: String?

        public func evidence(for service: String) -> [Evidence] { services[service] ?? [] }
    }

    private let reachByWorkload: [ResourceID: Reach]

    public func reach(of workload: ResourceID) -> Reach? { reachByWorkload[workload] }

    private static let cache = PerModelIndex { WorkloadReach(model: $0) }

    public static func of(_ model: CloudModel) -> WorkloadReach { cache.of(model) }

    /// Actions a function's own code does not send through its interfaces: CloudWatch Logs
    /// and X-Ray are written by the Lambda service, `ec2` interface actions are the
    /// service's, and a role assumption is no evidence of traffic.
    private static let platformServices: Set<String> = ["logs", "xray", "ec2", "sts", "iam"]
    /// DynamoDB stream reads: only an event source mapping (polled by Lambda) uses them.
    private static let streamActions: Set<String> = ["getrecords", "getsharditerator", "describestream", "liststreams"]
    /// What an event source mapping needs to poll a queue.
    private static let queueConsumerActions: Set<String> = [
        "receivemessage", "deletemessage", "deletemessagebatch", "getqueueattributes", "getqueueurl",
        "changemessagevisibility", "changemessagevisibilitybatch",
    ]

    init(model: CloudModel) {
        let graph = NetworkGraph.of(model)
        let invocations = InvocationGraph.of(model)
        let functions = graph.workloads.values.filter { $0.kind == .function }.sorted { $0.id < $1.id }
        var roles: [ResourceID: Resource] = [:]
        var unknownRole: [ResourceID: String] = [:]
        for workload in functions {
            guard let function = model.resource(workload.id) else { continue }
            switch NetworkGraphBuilder.targets(function, .role).first {
            case .resource(let id)?:
                if let role = model.resource(id), role.kind == .role { roles[workload.id] = role } else { unknownRole[workload.id] = "role \(id.name) is not a role of the scanned files" }
            case .literal(let arn)?: unknownRole[workload.id] = "role \(arn) is outside the scanned files"
            case .unresolved(let expression)?: unknownRole[workload.id] = expression
            case nil: unknownRole[workload.id] = "no role"
            }
        }
        let roleList = Array(Set(roles.values.map(\.id))).sorted().compactMap { model.resource($0) }
        let principals = PrincipalPolicies.principals(of: roleList, in: model)
        var principalByRole: [ResourceID: IAMPrincipal] = [:]
        for (role, principal) in zip(roleList, principals) { principalByRole[role.id] = principal }

        var reach: [ResourceID: Reach] = [:]
        for workload in functions {
            guard let function = model.resource(workload.id) else { continue }
            let polled = Set(invocations.triggers(of: workload.id).filter { $0.kind == .queue || $0.kind == .stream }.compactMap { trigger in
                trigger.source.flatMap { model.resource($0)?.kind }
            })
            var services: [String: [Evidence]] = [:]
            var vpcOnly: [Evidence] = []
            func add(_ evidence: Evidence) {
                if !(services[evidence.service]?.contains(evidence) ?? false) { services[evidence.service, default: []].append(evidence) }
            }
            var unknowns: [String] = []
            if let role = roles[workload.id], let principal = principalByRole[role.id] {
                unknowns = principal.unknowns.map(\.expression)
                for source in principal.sources {
                    for statement in source.document.statements where statement.isAllow {
                        for action in statement.actions?.literalStrings ?? [] {
                            guard let evidence = Self.evidence(action: action, polled: polled) else { continue }
                            if evidence.service == "rds-db" || evidence.service == "elasticache" && evidence.reason.lowercased().hasSuffix(":connect") {
                                vpcOnly.append(evidence)
                            } else {
                                add(evidence)
                            }
                        }
                    }
                }
            }
            for link in function.links where link.attribute == .environmentVariables {
                guard let target = model.resource(link.target) else { continue }
                // A plan has one expression for the whole map: its path ends in `variables`.
                let name = link.path.split(separator: ".").last.map(String.init) ?? link.path
                let reason = name.lowercased() == "variables" || name.hasPrefix("environment")
                    ? "its environment variables name \(target.id.name)" : "environment variable \(name) names \(target.id.name)"
                switch target.kind {
                case .bucket: add(Evidence(service: "s3", reason: reason))
                case .table: add(Evidence(service: "dynamodb", reason: reason))
                case .queue: add(Evidence(service: "sqs", reason: reason))
                case .topic: add(Evidence(service: "sns", reason: reason))
                case .secret: add(Evidence(service: "secretsmanager", reason: reason))
                case .kmsKey: add(Evidence(service: "kms", reason: reason))
                case .stream: add(Evidence(service: "kinesis", reason: reason))
                case .databaseInstance, .databaseCluster, .documentDBCluster, .cacheCluster, .cacheReplicationGroup, .fileSystem,
                     .fileSystemMountTarget:
                    vpcOnly.append(Evidence(service: target.kind.rawValue, reason: reason))
                default: break
                }
            }
            reach[workload.id] = Reach(services: services, vpcOnly: vpcOnly, unknownPolicies: unknowns, roleUnknown: unknownRole[workload.id])
        }
        reachByWorkload = reach
    }

    /// The service an allowed action shows the function calls, or `nil` when it shows no
    /// traffic from the function's interfaces.
    private static func evidence(action: String, polled: Set<ResourceKind>) -> Evidence? {
        let parts = action.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].contains("*") else { return nil }
        let (service, name) = (parts[0], parts[1])
        if platformServices.contains(service) { return nil }
        switch service {
        case "s3":
            // Object reads and writes, listings, or a wildcard that covers them.
            guard name.contains("object") || name == "listbucket" || name.contains("*") else { return nil }
        case "dynamodb":
            if streamActions.contains(name) { return nil }
        case "sqs":
            if polled.contains(.queue), queueConsumerActions.contains(name) { return nil }
        case "kinesis":
            if polled.contains(.stream) { return nil }
        default:
            break
        }
        return Evidence(service: service, reason: "role grants \(action)")
    }
}
