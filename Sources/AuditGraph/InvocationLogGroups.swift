import AuditModel

/// Which log group belongs to which function, API or state machine, and which log groups
/// a service will create on its own because none is declared.
///
/// Lambda writes to `/aws/lambda/<function name>` unless `LoggingConfig.LogGroup` /
/// `logging_config.log_group` names another group, and creates that group on first invoke,
/// with no retention, when nobody declared it. A declared group is recognised by its name:
/// a literal (`/aws/lambda/orders`) or an expression that links to the function
/// (`!Sub "/aws/lambda/${Fn}"`, `"/aws/lambda/${aws_lambda_function.x.function_name}"`).
/// API Gateway likewise creates `API-Gateway-Execution-Logs_<api id>/<stage>` for a REST
/// stage with execution logging on. Access log and Step Functions destinations name their
/// group, which is then theirs.
public struct LogGroupOwnership: Sendable {
    /// Where a function's logs go.
    public enum FunctionLogGroup: Sendable, Hashable {
        /// A log group of the scanned set (judged on its own).
        case declared(ResourceID)
        /// A group named by a literal that the scanned set does not declare.
        case external(String)
        /// Cannot be told before deploy; the payload is the expression.
        case unknown(String)
        /// Lambda will create this group itself, with no retention.
        case implicit(String)
    }

    public static let lambdaPrefix = "/aws/lambda/"
    public static let executionLogPrefix = "API-Gateway-Execution-Logs_"

    private let functionGroups: [ResourceID: FunctionLogGroup]
    private let owners: [ResourceID: ResourceID]
    private let executionGroupsByAPI: [ResourceID: [ResourceID]]

    /// The log group `function` writes to.
    public func logGroup(ofFunction function: ResourceID) -> FunctionLogGroup {
        functionGroups[function] ?? .unknown("function \(function.name) is not in the model")
    }

    /// The function, API, stage or state machine a declared log group belongs to.
    public func owner(of logGroup: ResourceID) -> ResourceID? {
        owners[logGroup]
    }

    /// Declared execution log groups of a REST API (`API-Gateway-Execution-Logs_<id>/<stage>`).
    public func executionLogGroups(ofRestAPI api: ResourceID) -> [ResourceID] {
        executionGroupsByAPI[api] ?? []
    }

    private static let cache = PerModelIndex<LogGroupOwnership> { LogGroupOwnership(model: $0) }

    public static func of(_ model: CloudModel) -> LogGroupOwnership {
        cache.of(model)
    }

    /// Whether a link sits at a log group's name (CloudFormation `LogGroupName`, Terraform `name`).
    private static func isNameLink(_ link: Link) -> Bool {
        link.attribute == .logGroupName || link.path == "LogGroupName" || link.path == "name"
    }

    private init(model: CloudModel) {
        var byLiteralName: [String: ResourceID] = [:]
        var namedAfterFunction: [ResourceID: ResourceID] = [:]
        var owners: [ResourceID: ResourceID] = [:]
        var executionGroups: [ResourceID: [ResourceID]] = [:]
        for group in model.resources(of: .logGroup) {
            let name = group[.logGroupName]
            let text: String
            switch name.string {
            case .value(let literal):
                byLiteralName[literal] = group.id
                text = literal
            case .unknown(let expression):
                text = expression
            case .absent:
                continue
            }
            let named = group.links.filter(Self.isNameLink).compactMap { link -> Resource? in model.resource(link.target) }
            if text.hasPrefix(Self.lambdaPrefix), let function = named.first(where: { $0.kind == .function }) {
                namedAfterFunction[function.id] = group.id
                owners[group.id] = function.id
            } else if text.hasPrefix(Self.executionLogPrefix), let api = named.first(where: { $0.kind == .restApi }) {
                executionGroups[api.id, default: []].append(group.id)
                owners[group.id] = api.id
            }
        }
        // Literal execution-log names cannot name an API id known before deploy; only links do.

        var functionGroups: [ResourceID: FunctionLogGroup] = [:]
        for function in model.resources(of: .function) {
            let configured = function[.loggingLogGroup]
            let result: FunctionLogGroup
            if !configured.isAbsent {
                let linked = function.links.first { link in
                    (link.attribute == .loggingLogGroup || link.path.hasPrefix("LoggingConfig") || link.path.hasPrefix("logging_config"))
                        && model.resource(link.target)?.kind == .logGroup
                }
                if let linked {
                    result = .declared(linked.target)
                } else {
                    switch configured.string {
                    case .value(let name): result = byLiteralName[name].map { .declared($0) } ?? .external(name)
                    case .unknown(let expression): result = .unknown(expression)
                    case .absent: result = .unknown("LoggingConfig.LogGroup is not known")
                    }
                }
            } else if let group = namedAfterFunction[function.id] {
                result = .declared(group)
            } else {
                switch function[.functionName].string {
                case .value(let name):
                    let groupName = Self.lambdaPrefix + name
                    result = byLiteralName[groupName].map { .declared($0) } ?? .implicit(groupName)
                case .unknown(let expression):
                    result = .unknown(expression)
                case .absent:
                    // CloudFormation names the function `<stack>-<LogicalId>-<suffix>`: only an
                    // expression linking to it could have named its group, and none does.
                    result = .implicit(Self.lambdaPrefix + "<stack>-\(function.id.name)-<suffix>")
                }
            }
            if case .declared(let group) = result, owners[group] == nil { owners[group] = function.id }
            functionGroups[function.id] = result
        }

        // Access logs and Step Functions destinations name the group they write to.
        for kind in [ResourceKind.restApiStage, .httpApiStage, .stateMachine] {
            for resource in model.resources(of: kind) {
                for link in resource.links where model.resource(link.target)?.kind == .logGroup && owners[link.target] == nil {
                    let isLogSetting = link.attribute == .accessLogDestination || link.attribute == .loggingDestinations
                        || link.path.hasPrefix("AccessLogSetting") || link.path.hasPrefix("access_log_settings")
                        || link.path.hasPrefix("LoggingConfiguration") || link.path.hasPrefix("logging_configuration")
                    if isLogSetting { owners[link.target] = resource.id }
                }
            }
        }
        self.functionGroups = functionGroups
        self.owners = owners
        executionGroupsByAPI = executionGroups
    }
}
