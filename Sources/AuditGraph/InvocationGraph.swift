import AuditModel

/// How a function gets invoked: which APIs call it synchronously, which services invoke it
/// asynchronously (a retry then drop, unless a failure destination catches it), and which
/// queues and streams it consumes through an event source mapping. Built once per model
/// from the links every format gives (`InvocationGraph.of(model)`).
///
/// Sources of each edge, whatever the format:
/// - **API**: an API resource that links to the function (SAM `Events` of type `Api` /
///   `HttpApi`, an OpenAPI body naming the function), a REST method or integration whose
///   URI names it (CloudFormation `AWS::ApiGateway::Method.Integration.Uri`, Terraform
///   `aws_api_gateway_integration.uri`), an HTTP API integration (`IntegrationUri`,
///   `integration_uri`), a permission for `apigateway.amazonaws.com` (its source ARN names
///   the API when it links to one).
/// - **Function URL**: an `AWS::Lambda::Url` / `aws_lambda_function_url` of the function.
/// - **Asynchronous**: a permission for an event service (S3, SNS, EventBridge, CloudWatch
///   Logs, IoT, Cognito; SAM generates these for its push events), an SNS subscription with
///   protocol `lambda`, a bucket notification, an EventBridge rule or target naming it.
/// - **Queue / stream**: an event source mapping of the function; its source's kind decides.
public struct InvocationGraph: Sendable {
    public enum TriggerKind: String, Sendable, Hashable, Comparable {
        case api, functionURL = "function URL", asynchronous, queue, stream

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One way a function is invoked.
    public struct Trigger: Sendable, Hashable {
        public var kind: TriggerKind
        /// The resource that declares the edge (a permission, a mapping, a method, an API).
        public var declaredBy: ResourceID
        /// What invokes or feeds the function when the model knows it (the API, the queue,
        /// the bucket, the topic); `nil` for a source outside the scanned set.
        public var source: ResourceID?
        /// For `.asynchronous` from a permission: the invoking service (`s3.amazonaws.com`).
        public var service: String?
    }

    private let triggersByFunction: [ResourceID: [Trigger]]
    private let consumersBySource: [ResourceID: [ResourceID]]
    private let triggersByDeclarer: [ResourceID: [Trigger]]
    private let invokeConfigsByFunction: [ResourceID: [ResourceID]]

    /// The triggers a resource declares (a mapping, a permission, a subscription).
    public func triggers(declaredBy resource: ResourceID) -> [Trigger] {
        triggersByDeclarer[resource] ?? []
    }

    /// The event invoke configurations (retries, destinations) of a function.
    public func eventInvokeConfigs(of function: ResourceID) -> [ResourceID] {
        invokeConfigsByFunction[function] ?? []
    }

    /// Every way `function` is invoked that the scanned set declares, in model order.
    public func triggers(of function: ResourceID) -> [Trigger] {
        triggersByFunction[function] ?? []
    }

    public func triggers(of function: ResourceID, kind: TriggerKind) -> [Trigger] {
        triggers(of: function).filter { $0.kind == kind }
    }

    /// Called by an API Gateway REST or HTTP API.
    public func isInvokedByAPI(_ function: ResourceID) -> Bool {
        triggers(of: function).contains { $0.kind == .api }
    }

    /// Reachable from outside without going through the account: an API or a function URL.
    public func isExposed(_ function: ResourceID) -> Bool {
        triggers(of: function).contains { $0.kind == .api || $0.kind == .functionURL }
    }

    /// Invoked asynchronously by an event service (S3, SNS, EventBridge, …).
    public func isInvokedAsynchronously(_ function: ResourceID) -> Bool {
        triggers(of: function).contains { $0.kind == .asynchronous }
    }

    /// Behind an API, a queue or a stream: the functions whose errors users or data feel
    /// first (AS-ALARM-003).
    public func isBehindAPIQueueOrStream(_ function: ResourceID) -> Bool {
        triggers(of: function).contains { $0.kind == .api || $0.kind == .queue || $0.kind == .stream }
    }

    /// The functions that consume a queue or stream (through event source mappings).
    public func consumers(of source: ResourceID) -> [ResourceID] {
        consumersBySource[source] ?? []
    }

    /// The functions that have at least one trigger, in model order.
    public var invokedFunctions: [ResourceID] { Array(triggersByFunction.keys).sorted() }

    private static let cache = PerModelIndex<InvocationGraph> { InvocationGraph(model: $0) }

    public static func of(_ model: CloudModel) -> InvocationGraph {
        cache.of(model)
    }

    /// Services whose invocations of a function are asynchronous
    /// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html lists them).
    static let asynchronousServices: Set<String> = [
        "s3.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com", "logs.amazonaws.com", "iot.amazonaws.com",
        "cognito-idp.amazonaws.com", "ses.amazonaws.com", "config.amazonaws.com", "codecommit.amazonaws.com",
        "scheduler.amazonaws.com",
    ]
    static let apiGatewayService = "apigateway.amazonaws.com"

    private init(model: CloudModel) {
        let functions = FunctionLookup(model)
        var triggers: [ResourceID: [Trigger]] = [:]
        var consumers: [ResourceID: [ResourceID]] = [:]
        func add(_ function: ResourceID, _ trigger: Trigger) {
            if triggers[function]?.contains(trigger) == true { return }
            triggers[function, default: []].append(trigger)
        }

        // APIs that name a function themselves (SAM events, OpenAPI bodies).
        for kind in [ResourceKind.restApi, .httpApi] {
            for api in model.resources(of: kind) {
                for function in functions.linked(from: api) {
                    add(function, Trigger(kind: .api, declaredBy: api.id, source: api.id))
                }
            }
        }
        // Methods and integrations: the API they belong to is the one they link to.
        for kind in [ResourceKind.restApiMethod, .restApiIntegration, .httpApiIntegration] {
            for integration in model.resources(of: kind) {
                let api = integration.links.first { link in
                    let target = model.resource(link.target)?.kind
                    return target == .restApi || target == .httpApi
                }?.target
                for function in functions.linked(from: integration) {
                    add(function, Trigger(kind: .api, declaredBy: integration.id, source: api))
                }
            }
        }
        for url in model.resources(of: .functionUrl) {
            for function in functions.linked(from: url) {
                add(function, Trigger(kind: .functionURL, declaredBy: url.id, source: url.id))
            }
        }
        for permission in model.resources(of: .lambdaPermission) {
            guard case .value(let principal) = permission[.principal].string else { continue }
            let service = principal.lowercased()
            let kind: TriggerKind
            if service == Self.apiGatewayService {
                kind = .api
            } else if Self.asynchronousServices.contains(service) {
                kind = .asynchronous
            } else {
                continue
            }
            let source = permission.links.first { $0.attribute == .sourceARN || $0.path == "SourceArn" || $0.path == "source_arn" }?.target
            for function in functions.named(by: permission, attribute: .functionName) {
                add(function, Trigger(kind: kind, declaredBy: permission.id, source: source, service: service))
            }
        }
        for subscription in model.resources(of: .topicSubscription) {
            guard case .value(let proto) = subscription[.subscriptionProtocol].string, proto.lowercased() == "lambda" else { continue }
            let topic = subscription.links.first { model.resource($0.target)?.kind == .topic }?.target
            for function in functions.linked(from: subscription) {
                add(function, Trigger(kind: .asynchronous, declaredBy: subscription.id, source: topic, service: "sns.amazonaws.com"))
            }
        }
        // A topic's inline subscriptions (CloudFormation `Subscription`).
        for topic in model.resources(of: .topic) {
            for function in functions.linked(from: topic) {
                add(function, Trigger(kind: .asynchronous, declaredBy: topic.id, source: topic.id, service: "sns.amazonaws.com"))
            }
        }
        // Bucket notifications (CloudFormation inline, Terraform `aws_s3_bucket_notification`).
        for kind in [ResourceKind.bucket, .bucketNotification] {
            for resource in model.resources(of: kind) {
                let bucket = kind == .bucket ? resource.id
                    : resource.links.first { model.resource($0.target)?.kind == .bucket }?.target
                for function in functions.linked(from: resource) {
                    add(function, Trigger(kind: .asynchronous, declaredBy: resource.id, source: bucket, service: "s3.amazonaws.com"))
                }
            }
        }
        // EventBridge rules (CloudFormation `Targets`) and Terraform targets.
        for kind in [ResourceKind.eventRule, .eventTarget] {
            for resource in model.resources(of: kind) {
                let rule = kind == .eventRule ? resource.id
                    : resource.links.first { model.resource($0.target)?.kind == .eventRule }?.target
                for function in functions.linked(from: resource) {
                    add(function, Trigger(kind: .asynchronous, declaredBy: resource.id, source: rule, service: "events.amazonaws.com"))
                }
            }
        }
        for mapping in model.resources(of: .eventSourceMapping) {
            let source = mapping.links.first { $0.attribute == .eventSourceARN }?.target
                ?? mapping.links.first { link in
                    guard let kind = model.resource(link.target)?.kind else { return false }
                    return kind == .queue || kind == .stream || kind == .table
                }?.target
            let kind: TriggerKind
            switch source.flatMap({ model.resource($0)?.kind }) {
            case .queue?: kind = .queue
            case .stream?, .table?: kind = .stream
            default:
                // A source outside the scanned set: its ARN says which service.
                guard case .value(let arn) = mapping[.eventSourceARN].string else { kind = .stream; break }
                kind = arn.contains(":sqs:") ? .queue : .stream
            }
            for function in functions.named(by: mapping, attribute: .functionName) {
                add(function, Trigger(kind: kind, declaredBy: mapping.id, source: source))
                if let source, consumers[source]?.contains(function) != true { consumers[source, default: []].append(function) }
            }
        }
        var configs: [ResourceID: [ResourceID]] = [:]
        for config in model.resources(of: .eventInvokeConfig) {
            for function in functions.named(by: config, attribute: .functionName) {
                configs[function, default: []].append(config.id)
            }
        }
        var byDeclarer: [ResourceID: [Trigger]] = [:]
        for function in triggers.keys.sorted() {
            for trigger in triggers[function] ?? [] { byDeclarer[trigger.declaredBy, default: []].append(trigger) }
        }
        triggersByFunction = triggers
        consumersBySource = consumers
        triggersByDeclarer = byDeclarer
        invokeConfigsByFunction = configs
    }
}

/// Finds the functions a resource names: by link (`!Ref Fn`, `${aws_lambda_function.x.arn}`)
/// or, for an attribute holding a literal name or ARN, by the function's literal name.
struct FunctionLookup {
    private let model: CloudModel
    /// Per scope: literal function name → function.
    private let byName: [String: [String: ResourceID]]

    init(_ model: CloudModel) {
        self.model = model
        var byName: [String: [String: ResourceID]] = [:]
        for function in model.resources(of: .function) {
            if case .value(let name) = function[.functionName].string {
                byName[function.id.scope, default: [:]][name] = function.id
            }
        }
        self.byName = byName
    }

    /// Functions the resource links to, each once, in link order.
    func linked(from resource: Resource) -> [ResourceID] {
        var found: [ResourceID] = []
        for link in resource.links where link.target != resource.id {
            guard model.resource(link.target)?.kind == .function, !found.contains(link.target) else { continue }
            found.append(link.target)
        }
        return found
    }

    /// The function `attribute` names: a link when there is one, else a literal name, ARN
    /// or partial ARN (`orders`, `arn:aws:lambda:…:function:orders`, `orders:live`).
    func named(by resource: Resource, attribute: AttributeName) -> [ResourceID] {
        let linked = linked(from: resource)
        if !linked.isEmpty { return linked }
        guard case .value(let text) = resource[attribute].string else { return [] }
        let name = Self.functionName(inNameOrARN: text)
        return byName[resource.id.scope]?[name].map { [$0] } ?? []
    }

    /// `arn:aws:lambda:us-east-1:123:function:orders:live` → `orders`; `orders:live` → `orders`.
    static func functionName(inNameOrARN text: String) -> String {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let index = parts.firstIndex(of: "function"), index + 1 < parts.count { return parts[index + 1] }
        return parts.first ?? text
    }
}
