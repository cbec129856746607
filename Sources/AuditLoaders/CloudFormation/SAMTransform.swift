import AuditModel
import AuditSyntax

/// Emulates the SAM transform (`AWS::Serverless-2016-10-31`) without running it: `Globals`
/// are merged, each `AWS::Serverless::*` resource is translated into the CloudFormation
/// resources SAM would generate (function + execution role + event source mappings, API +
/// stage, table, state machine + role), and policy templates are expanded. Everything stays
/// syntax, positioned where the user wrote what implies it, so the ordinary CloudFormation
/// path resolves and maps it.
///
/// Behaviour follows aws-sam-translator 1.110 (`samtranslator/model/sam_resources.py`,
/// `plugins/globals/globals.py`, `model/role_utils/role_constructor.py`).
struct SAMTransform {
    let file: String
    let resolver: IntrinsicResolver
    private let globals: [String: Node]
    private let declaredNames: Set<String>
    private(set) var diagnostics: [LoadDiagnostic] = []
    /// Links that belong to resources declared elsewhere in the template: an explicit API
    /// gets a link to each function whose event names it.
    private(set) var linksToAdd: [String: [Link]] = [:]
    private var restApiUsers: [ApiUse] = []
    private var httpApiUsers: [ApiUse] = []
    /// Every `Api`/`HttpApi` event, with the API it names (`nil`: the implicit one), for the
    /// methods and routes SAM writes into the API's definition.
    private var apiRoutes: [(use: ApiUse, isREST: Bool, api: String?)] = []

    /// A function event that attaches to an implicit API.
    private struct ApiUse {
        var function: TemplateResource
        var event: MappingEntry
    }

    init(file: String, resolver: IntrinsicResolver, globals: Node?, declaredNames: Set<String>) {
        self.file = file
        self.resolver = resolver
        self.declaredNames = declaredNames
        var sections: [String: Node] = [:]
        var diagnostics: [LoadDiagnostic] = []
        for section in globals?.entries ?? [] {
            guard Self.globalsSections.contains(section.key), section.value.isMapping else {
                diagnostics.append(LoadDiagnostic(.warning, "Globals.\(section.key) is not a Globals section SAM accepts",
                                                  at: SourceLocation(file: file, position: section.keyPosition)))
                continue
            }
            sections[section.key] = section.value
        }
        self.globals = sections
        self.diagnostics = diagnostics
    }

    /// The `Globals` sections SAM accepts (each a mapping of properties).
    private static let globalsSections: Set<String> = [
        "Function", "Api", "HttpApi", "SimpleTable", "StateMachine", "LayerVersion", "CapacityProvider", "WebSocketApi",
    ]

    private mutating func warn(_ message: String, at position: SourcePosition) {
        diagnostics.append(LoadDiagnostic(.warning, message, at: SourceLocation(file: file, position: position)))
    }

    /// The template's resources after the transform, in template order, generated resources
    /// after the one that implies them and implicit APIs last.
    mutating func expand(_ resources: [TemplateResource]) -> [TemplateResource] {
        var expanded: [TemplateResource] = []
        expanded.reserveCapacity(resources.count)
        for resource in resources {
            // Dropped by its condition: nothing is generated for it either.
            if let condition = resource.conditionName,
               resolver.condition(named: condition, at: resource.conditionPosition) == false {
                expanded.append(resource)
                continue
            }
            switch resource.sourceType {
            case "AWS::Serverless::Function":
                expanded += function(resource)
            case "AWS::Serverless::Api":
                expanded += restApi(resource, properties: withGlobals("Api", resource.properties), implicitStageName: nil)
            case "AWS::Serverless::HttpApi":
                expanded += httpApi(resource, properties: withGlobals("HttpApi", resource.properties))
            case "AWS::Serverless::SimpleTable":
                expanded.append(simpleTable(resource))
            case "AWS::Serverless::StateMachine":
                expanded += stateMachine(resource)
            default:
                expanded.append(resource)
            }
        }
        expanded += implicitApis()
        expanded += routeResources(serverlessAPIs: Dictionary(
            resources.filter { $0.sourceType == "AWS::Serverless::Api" || $0.sourceType == "AWS::Serverless::HttpApi" }
                .map { ($0.logicalID, $0) }, uniquingKeysWith: { first, _ in first }))
        return expanded
    }

    // MARK: Methods and routes of API events

    private func namedAPI(_ node: Node?) -> String? {
        guard let node else { return nil }
        return resolver.resolveQuietly(node)?.value.referenceValue?.target.name
    }

    /// SAM writes each `Api` event into its API's definition as a method, and each `HttpApi`
    /// event as a route, authorized by the event's `Auth.Authorizer`, else the API's
    /// `Auth.DefaultAuthorizer`, else not at all. They become `AWS::ApiGateway::Method` and
    /// `AWS::ApiGatewayV2::Route` resources at the event, so the authorization rules see them.
    private func routeResources(serverlessAPIs: [String: TemplateResource]) -> [TemplateResource] {
        var generated: [TemplateResource] = []
        for (use, isREST, apiName) in apiRoutes {
            let event = use.event
            let position = event.keyPosition
            let properties = event.value["Properties"]
            let apiProperties: Node?
            if let apiName {
                apiProperties = serverlessAPIs[apiName].flatMap { withGlobals(isREST ? "Api" : "HttpApi", $0.properties) }
            } else {
                apiProperties = globals[isREST ? "Api" : "HttpApi"]
            }
            let eventAuthorizer = properties?["Auth"]?["Authorizer"]
            let defaultAuthorizer = apiProperties?["Auth"]?["DefaultAuthorizer"]
            var authorization: Attr
            if let authorizer = eventAuthorizer ?? defaultAuthorizer {
                let source = eventAuthorizer != nil ? "the event's Auth.Authorizer" : "the API's Auth.DefaultAuthorizer"
                switch authorizer.tag == nil ? authorizer.scalarText : nil {
                case "NONE"?: authorization = Attr(value: .string("NONE"), provenance: .explicit)
                case "AWS_IAM"?: authorization = Attr(value: .string("AWS_IAM"), provenance: .explicit)
                case .some: authorization = Attr(value: .string("CUSTOM"), provenance: .explicit)
                case nil: authorization = Attr(value: .unresolved("\(source)"), provenance: .unresolved(source))
                }
                authorization.location = SourceLocation(file: file, position: eventAuthorizer != nil ? authorizer.position : position)
            } else if apiProperties?["DefinitionBody"] != nil || apiProperties?["DefinitionUri"] != nil {
                let expression = "the authorizers of the API's OpenAPI definition"
                authorization = Attr(value: .unresolved(expression), provenance: .unresolved(expression),
                                     location: SourceLocation(file: file, position: position))
            } else {
                authorization = Attr(value: .string("NONE"), provenance: .defaultedByTool(
                    "no Auth.Authorizer on the event and no Auth.DefaultAuthorizer on the API: SAM leaves the route open"),
                    location: SourceLocation(file: file, position: position))
            }
            let method = (properties?["Method"]?.scalarText ?? (isREST ? "ANY" : "ANY")).uppercased()
            let path = properties?["Path"]?.scalarText
            let routeKey = isREST || path != nil ? "\(method) \(path ?? "/")" : "$default"
            let logicalID = use.function.logicalID + event.key + (isREST ? "Method" : "Route")
            guard !declaredNames.contains(logicalID) else { continue }
            let api = apiName ?? (isREST ? "ServerlessRestApi" : "ServerlessHttpApi")
            var entries: [(String, Node)] = [(isREST ? "RestApiId" : "ApiId", SyntheticNode.ref(api, at: position))]
            if isREST {
                entries.append(("HttpMethod", SyntheticNode.string(method, at: position)))
                if let apiKey = properties?["Auth"]?["ApiKeyRequired"] ?? apiProperties?["Auth"]?["ApiKeyRequired"] {
                    entries.append(("ApiKeyRequired", apiKey))
                }
            }
            var route = use.function.implied(logicalID: logicalID, type: isREST ? "AWS::ApiGateway::Method" : "AWS::ApiGatewayV2::Route",
                                             location: position, properties: SyntheticNode.map(entries, at: position))
            route.attributeOverrides[.authorizationType] = authorization
            route.attributeOverrides[.routeKey] = Attr(value: .string(routeKey), provenance: .defaultedByTool("SAM event \(event.key)"),
                                                       location: SourceLocation(file: file, position: position))
            generated.append(route)
        }
        return generated
    }

    // MARK: Event invoke destinations

    /// SAM creates the queue or topic of an `SQS`/`SNS` destination that names none, as
    /// `<Function>EventInvokeConfig<OnSuccess|OnFailure><Queue|Topic>` with no properties, and
    /// points the destination at its ARN (aws-sam-translator `_validate_and_inject_resource`).
    private func createdDestinations(
        _ destinationConfig: MappingEntry, functionID: String, owner: TemplateResource, into generated: inout [TemplateResource]
    ) -> MappingEntry {
        guard destinationConfig.value.isMapping else { return destinationConfig }
        let destinations = destinationConfig.value.entries.map { destination -> MappingEntry in
            guard destination.key == "OnSuccess" || destination.key == "OnFailure", destination.value.isMapping,
                  destination.value["Destination"] == nil,
                  let type = destination.value["Type"]?.scalarText, type == "SQS" || type == "SNS" else { return destination }
            let created = functionID + "EventInvokeConfig" + destination.key + (type == "SQS" ? "Queue" : "Topic")
            generated.append(owner.implied(logicalID: created, type: type == "SQS" ? "AWS::SQS::Queue" : "AWS::SNS::Topic",
                                           location: destination.keyPosition, properties: nil))
            let arn = MappingEntry(key: "Destination", keyPosition: destination.keyPosition,
                                   value: SyntheticNode.getAtt(created, "Arn", at: destination.keyPosition))
            return MappingEntry(key: destination.key, keyPosition: destination.keyPosition,
                                value: SyntheticNode.map(entries: destination.value.entries + [arn], at: destination.value.position))
        }
        return MappingEntry(key: destinationConfig.key, keyPosition: destinationConfig.keyPosition,
                            value: SyntheticNode.map(entries: destinations, at: destinationConfig.value.position))
    }

    // MARK: Globals

    private func withGlobals(_ section: String, _ properties: Node?) -> Node? {
        guard let global = globals[section] else { return properties }
        guard let properties else { return global }
        return Self.merge(global: global, local: properties)
    }

    /// SAM's merge rules: maps merge key by key, lists concatenate (globals first), and
    /// anything else, including an intrinsic function, is taken from the resource.
    static func merge(global: Node, local: Node) -> Node {
        let globalIsCall = IntrinsicCall.isCall(global)
        let localIsCall = IntrinsicCall.isCall(local)
        if global.isMapping, local.isMapping, !globalIsCall, !localIsCall {
            var entries = global.entries
            var indexByKey: [String: Int] = [:]
            for (index, entry) in entries.enumerated() where indexByKey[entry.key] == nil {
                indexByKey[entry.key] = index
            }
            for entry in local.entries {
                if let index = indexByKey[entry.key] {
                    entries[index] = MappingEntry(key: entry.key, keyPosition: entry.keyPosition,
                                                  value: merge(global: entries[index].value, local: entry.value))
                } else {
                    indexByKey[entry.key] = entries.count
                    entries.append(entry)
                }
            }
            return Node(.mapping(entries), position: local.position)
        }
        if global.isSequence, local.isSequence, !globalIsCall, !localIsCall {
            return Node(.sequence(global.elements + local.elements), position: local.position)
        }
        return local
    }

    // MARK: Functions

    /// SAM-only properties of a function that have no `AWS::Lambda::Function` counterpart or
    /// become other resources.
    private static let functionOnlyProperties: Set<String> = [
        "Policies", "Events", "AssumeRolePolicyDocument", "RolePath", "PermissionsBoundary", "FunctionUrlConfig",
        "EventInvokeConfig", "DeadLetterQueue", "Tracing",
    ]

    /// Pull event sources: the property naming the source and the managed policy SAM adds to
    /// the generated role so Lambda can poll it.
    private static let pullEventSources: [String: (sourceProperty: String?, pollerPolicy: String?)] = [
        "SQS": ("Queue", "service-role/AWSLambdaSQSQueueExecutionRole"),
        "Kinesis": ("Stream", "service-role/AWSLambdaKinesisExecutionRole"),
        "DynamoDB": ("Stream", "service-role/AWSLambdaDynamoDBExecutionRole"),
        "MSK": ("Stream", "service-role/AWSLambdaMSKExecutionRole"),
        "MQ": ("Broker", nil),
        "DocumentDB": ("Cluster", nil),
        "SelfManagedKafka": (nil, nil),
    ]

    private mutating func function(_ declared: TemplateResource) -> [TemplateResource] {
        let logicalID = declared.logicalID
        let properties = withGlobals("Function", declared.properties) ?? SyntheticNode.map([], at: declared.location)
        var function = declared
        function.type = "AWS::Lambda::Function"
        function.extraTags["lambda:createdBy"] = "SAM"

        var lambdaEntries = properties.entries.filter { !Self.functionOnlyProperties.contains($0.key) }
        let tracing = properties.entry("Tracing")
        let tracingIsOn = tracing.map { isTracingOn($0.value) } ?? false
        if let tracing, tracingIsOn {
            lambdaEntries.append(MappingEntry(key: "TracingConfig", keyPosition: tracing.keyPosition,
                                              value: SyntheticNode.map([("Mode", tracing.value)], at: tracing.keyPosition)))
        }
        let deadLetterQueue = properties.entry("DeadLetterQueue")
        if let deadLetterQueue, let target = deadLetterQueue.value.entry("TargetArn") {
            lambdaEntries.append(MappingEntry(key: "DeadLetterConfig", keyPosition: deadLetterQueue.keyPosition,
                                              value: SyntheticNode.map(entries: [target], at: deadLetterQueue.value.position)))
        }
        function.properties = SyntheticNode.map(entries: lambdaEntries, at: properties.position)

        var generated: [TemplateResource] = []
        var eventPolicies: [String] = []
        for event in properties["Events"]?.entries ?? [] {
            guard let type = event.value["Type"]?.scalarText else {
                warn("event \(event.key) of \(logicalID) has no Type", at: event.keyPosition)
                continue
            }
            let eventProperties = event.value["Properties"]
            if let source = Self.pullEventSources[type] {
                generated.append(eventSourceMapping(function: declared, event: event, sourceProperty: source.sourceProperty,
                                                    properties: eventProperties))
                if let policy = source.pollerPolicy { eventPolicies.append(policy) }
                continue
            }
            switch type {
            case "Api":
                if !attach(function: declared, event: event, apiProperty: eventProperties?.entry("RestApiId")) {
                    restApiUsers.append(ApiUse(function: declared, event: event))
                }
                apiRoutes.append((ApiUse(function: declared, event: event), true, namedAPI(eventProperties?["RestApiId"])))
            case "HttpApi":
                if !attach(function: declared, event: event, apiProperty: eventProperties?.entry("ApiId")) {
                    httpApiUsers.append(ApiUse(function: declared, event: event))
                }
                apiRoutes.append((ApiUse(function: declared, event: event), false, namedAPI(eventProperties?["ApiId"])))
            case "SNS":
                generated.append(topicSubscription(function: declared, event: event, properties: eventProperties))
            default:
                // Other push sources (S3, schedules, EventBridge, …): SAM grants the service
                // the right to invoke the function, which is how the invocation graph learns
                // the function is invoked asynchronously.
                if let principal = Self.pushEventPrincipals[type] {
                    generated.append(invokePermission(function: declared, event: event, principal: principal))
                }
            }
        }

        if let urlConfig = properties.entry("FunctionUrlConfig"), urlConfig.value.isMapping {
            let body = SyntheticNode.map(entries: urlConfig.value.entries + [
                MappingEntry(key: "TargetFunctionArn", keyPosition: urlConfig.keyPosition,
                             value: SyntheticNode.ref(logicalID, at: urlConfig.keyPosition)),
            ], at: urlConfig.value.position)
            generated.append(declared.implied(logicalID: logicalID + "Url", type: "AWS::Lambda::Url",
                                              location: urlConfig.keyPosition, properties: body))
        }
        if let invokeConfig = properties.entry("EventInvokeConfig"), invokeConfig.value.isMapping {
            let invokeEntries = invokeConfig.value.entries.map { entry in
                entry.key == "DestinationConfig" ? createdDestinations(entry, functionID: logicalID, owner: declared, into: &generated) : entry
            }
            let body = SyntheticNode.map(entries: invokeEntries + [
                MappingEntry(key: "FunctionName", keyPosition: invokeConfig.keyPosition,
                             value: SyntheticNode.ref(logicalID, at: invokeConfig.keyPosition)),
                MappingEntry(key: "Qualifier", keyPosition: invokeConfig.keyPosition,
                             value: SyntheticNode.string("$LATEST", at: invokeConfig.keyPosition)),
            ], at: invokeConfig.value.position)
            generated.append(declared.implied(logicalID: logicalID + "EventInvokeConfig", type: "AWS::Lambda::EventInvokeConfig",
                                              location: invokeConfig.keyPosition, properties: body))
        }

        if let role = properties.entry("Role"), !role.value.isNull {
            if let policies = properties.entry("Policies") {
                warn("Policies of \(logicalID) are ignored because Role is set", at: policies.keyPosition)
            }
        } else {
            var leadingPolicies = [properties["DurableConfig"] == nil
                ? "service-role/AWSLambdaBasicExecutionRole"
                : "service-role/AWSLambdaBasicDurableExecutionRolePolicy"]
            if tracingIsOn { leadingPolicies.append("AWSXrayWriteOnlyAccess") }
            if let vpcConfig = properties["VpcConfig"], !vpcConfig.isNull {
                leadingPolicies.append("service-role/AWSLambdaVPCAccessExecutionRole")
            }
            var extraDocuments: [(name: String, document: Node, position: SourcePosition)] = []
            if let deadLetterQueue, let queueType = deadLetterQueue.value["Type"]?.scalarText,
               let target = deadLetterQueue.value["TargetArn"] {
                let action = queueType == "SNS" ? "sns:Publish" : "sqs:SendMessage"
                extraDocuments.append(("DeadLetterQueuePolicy",
                                       Self.singleStatementDocument(action: action, resource: target, at: deadLetterQueue.keyPosition),
                                       deadLetterQueue.keyPosition))
            }
            let trust = properties.entry("AssumeRolePolicyDocument")
            if let role = executionRole(
                owner: declared, properties: properties, createdByTag: "lambda:createdBy",
                trust: trust ?? MappingEntry(key: "AssumeRolePolicyDocument", keyPosition: declared.location,
                                             value: SyntheticNode.relocate(Self.lambdaTrustPolicy, to: declared.location)),
                leadingPolicies: leadingPolicies, trailingPolicies: eventPolicies, extraDocuments: extraDocuments
            ) {
                linkToGeneratedRole(role.logicalID, from: &function, property: "Role", attribute: .role)
                generated.insert(role, at: 0)
            }
        }
        return [function] + generated
    }

    /// SAM adds tracing unless `Tracing` resolves to `Disabled` (an unresolvable value counts as on).
    private func isTracingOn(_ node: Node) -> Bool {
        guard !node.isNull else { return false }
        guard let resolved = resolver.resolveQuietly(node), case .leaf(let value) = resolved.content else { return true }
        if let text = IntrinsicResolver.literalText(value) { return !text.isEmpty && text != "Disabled" }
        return true
    }

    private mutating func linkToGeneratedRole(_ roleID: String, from resource: inout TemplateResource, property: String,
                                              attribute: AttributeName) {
        let reference = ResourceReference(target: ResourceID(scope: file, name: roleID), attribute: "Arn")
        resource.attributeOverrides[attribute] = Attr(
            value: .reference(reference),
            provenance: .defaultedByTool("SAM generates the execution role \(roleID) when \(property) is not set")
        )
        resource.extraLinks.append(Link(path: property, attribute: attribute, reference: reference,
                                        location: SourceLocation(file: file, position: resource.location)))
    }

    private func eventSourceMapping(
        function: TemplateResource, event: MappingEntry, sourceProperty: String?, properties: Node?
    ) -> TemplateResource {
        var entries = [MappingEntry(key: "FunctionName", keyPosition: event.keyPosition,
                                    value: SyntheticNode.ref(function.logicalID, at: event.keyPosition))]
        for entry in properties?.entries ?? [] {
            if entry.key == sourceProperty {
                entries.append(MappingEntry(key: "EventSourceArn", keyPosition: entry.keyPosition, value: entry.value))
            } else {
                entries.append(entry)
            }
        }
        var mapping = function.implied(
            logicalID: function.logicalID + event.key, type: "AWS::Lambda::EventSourceMapping", location: event.keyPosition,
            properties: SyntheticNode.map(entries: entries, at: properties?.position ?? event.keyPosition)
        )
        mapping.generatedAttributes[.functionName] = "SAM binds event \(event.key) to \(function.logicalID)"
        return mapping
    }

    /// The service principal SAM lets invoke a function for each push event type
    /// (aws-sam-translator `model/eventsources/push.py`); these invoke asynchronously.
    private static let pushEventPrincipals: [String: String] = [
        "S3": "s3.amazonaws.com", "EventBridgeRule": "events.amazonaws.com", "CloudWatchEvent": "events.amazonaws.com",
        "Schedule": "events.amazonaws.com", "CloudWatchLogs": "logs.amazonaws.com", "IoTRule": "iot.amazonaws.com",
        "Cognito": "cognito-idp.amazonaws.com",
    ]

    /// The `AWS::Lambda::Permission` SAM generates for a push event, `<Function><Event>Permission`.
    private func invokePermission(function: TemplateResource, event: MappingEntry, principal: String) -> TemplateResource {
        let position = event.keyPosition
        let body = SyntheticNode.map([
            ("Action", SyntheticNode.string("lambda:InvokeFunction", at: position)),
            ("FunctionName", SyntheticNode.ref(function.logicalID, at: position)),
            ("Principal", SyntheticNode.string(principal, at: position)),
            ("SourceAccount", SyntheticNode.ref("AWS::AccountId", at: position)),
        ], at: position)
        var permission = function.implied(logicalID: function.logicalID + event.key + "Permission", type: "AWS::Lambda::Permission",
                                          location: position, properties: body)
        permission.generatedAttributes[.principal] = "SAM lets the event source invoke \(function.logicalID)"
        return permission
    }

    private func topicSubscription(function: TemplateResource, event: MappingEntry, properties: Node?) -> TemplateResource {
        var entries: [MappingEntry] = [
            MappingEntry(key: "Protocol", keyPosition: event.keyPosition, value: SyntheticNode.string("lambda", at: event.keyPosition)),
            MappingEntry(key: "Endpoint", keyPosition: event.keyPosition,
                         value: SyntheticNode.getAtt(function.logicalID, "Arn", at: event.keyPosition)),
        ]
        for entry in properties?.entries ?? [] {
            entries.append(entry.key == "Topic"
                ? MappingEntry(key: "TopicArn", keyPosition: entry.keyPosition, value: entry.value) : entry)
        }
        var subscription = function.implied(
            logicalID: function.logicalID + event.key, type: "AWS::SNS::Subscription", location: event.keyPosition,
            properties: SyntheticNode.map(entries: entries, at: properties?.position ?? event.keyPosition)
        )
        subscription.generatedAttributes[.subscriptionProtocol] = "SAM subscribes \(function.logicalID) to the topic"
        subscription.generatedAttributes[.endpoint] = "SAM subscribes \(function.logicalID) to the topic"
        return subscription
    }

    /// An `Api`/`HttpApi` event that names its API: that API gets a link to the function.
    /// Returns false when the event names no API, i.e. uses the implicit one.
    private mutating func attach(function: TemplateResource, event: MappingEntry, apiProperty: MappingEntry?) -> Bool {
        guard let apiProperty else { return false }
        if let target = resolver.resolveQuietly(apiProperty.value)?.value.referenceValue?.target.name {
            linksToAdd[target, default: []].append(apiLink(to: function, event: event))
        }
        return true
    }

    private func apiLink(to function: TemplateResource, event: MappingEntry) -> Link {
        Link(path: "Events.\(event.key)", reference: ResourceReference(target: ResourceID(scope: file, name: function.logicalID)),
             location: SourceLocation(file: file, position: event.keyPosition))
    }

    // MARK: Execution roles and policies

    private static let lambdaTrustPolicy = parsedJSON(
        #"{"Version":"2012-10-17","Statement":[{"Action":["sts:AssumeRole"],"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]}}]}"#
    )
    private static let statesTrustPolicy = parsedJSON(
        #"{"Version":"2012-10-17","Statement":[{"Action":["sts:AssumeRole"],"Effect":"Allow","Principal":{"Service":["states.amazonaws.com"]}}]}"#
    )

    private static func parsedJSON(_ text: String) -> Node {
        (try? JSONReader.parse(Array(text.utf8)).root) ?? Node(.mapping([]), position: .start)
    }

    private static func singleStatementDocument(action: String, resource: Node, at position: SourcePosition) -> Node {
        let statement = SyntheticNode.map([
            ("Action", SyntheticNode.string(action, at: position)),
            ("Resource", resource),
            ("Effect", SyntheticNode.string("Allow", at: position)),
        ], at: position)
        return SyntheticNode.map([
            ("Version", SyntheticNode.string("2012-10-17", at: position)),
            ("Statement", SyntheticNode.list([statement], at: position)),
        ], at: position)
    }

    /// The role SAM generates for a function or state machine without `Role`: the trust
    /// policy, the managed policies SAM adds, and the owner's `Policies` (managed names
    /// expanded to ARNs, inline documents and expanded policy templates as inline policies,
    /// each positioned at its entry in `Policies`).
    private mutating func executionRole(
        owner: TemplateResource, properties: Node, createdByTag: String, trust: MappingEntry, leadingPolicies: [String],
        trailingPolicies: [String],
        extraDocuments: [(name: String, document: Node, position: SourcePosition)]
    ) -> TemplateResource? {
        let roleID = owner.logicalID + "Role"
        guard !declaredNames.contains(roleID) else {
            warn("\(owner.logicalID) has no Role, but \(roleID), the name SAM gives the generated role, is taken", at: owner.location)
            return nil
        }
        let location = owner.location
        let policiesEntry = properties.entry("Policies")

        var managed: [Node] = []
        var seenManaged: Set<String> = []
        func addManaged(_ node: Node) {
            // SAM de-duplicates literal ARNs (a user listing AWSLambdaBasicExecutionRole again).
            if let text = node.scalarText, node.tag == nil, !seenManaged.insert(text).inserted { return }
            managed.append(node)
        }
        for policy in leadingPolicies {
            addManaged(SyntheticNode.string(SAMPolicyTemplates.awsManagedPolicyARN(policy), at: location))
        }
        var documents: [Node] = []
        var userWroteManagedPolicies = false
        if let policiesEntry, !policiesEntry.value.isNull {
            let value = policiesEntry.value
            let items = value.isSequence && !IntrinsicCall.isCall(value) ? value.elements : [value]
            for (index, item) in items.enumerated() {
                switch rolePolicy(item, index: index, roleID: roleID) {
                case .managed(let node)?:
                    userWroteManagedPolicies = true
                    addManaged(node)
                case .document(let node)?:
                    documents.append(node)
                case nil:
                    continue
                }
            }
        }
        for policy in trailingPolicies {
            addManaged(SyntheticNode.string(SAMPolicyTemplates.awsManagedPolicyARN(policy), at: location))
        }
        for extra in extraDocuments {
            documents.append(Self.inlinePolicy(name: extra.name, document: extra.document, at: extra.position))
        }

        let policiesKey = policiesEntry?.keyPosition ?? location
        var entries = [
            trust,
            MappingEntry(key: "ManagedPolicyArns", keyPosition: policiesKey, value: SyntheticNode.list(managed, at: policiesKey)),
        ]
        if !documents.isEmpty {
            entries.append(MappingEntry(key: "Policies", keyPosition: policiesKey, value: SyntheticNode.list(documents, at: policiesKey)))
        }
        for passedThrough in ["PermissionsBoundary", "Tags"] {
            if let entry = properties.entry(passedThrough) { entries.append(entry) }
        }
        if let rolePath = properties.entry("RolePath") {
            entries.append(MappingEntry(key: "Path", keyPosition: rolePath.keyPosition, value: rolePath.value))
        }
        var role = owner.implied(logicalID: roleID, type: "AWS::IAM::Role", location: location,
                                 properties: SyntheticNode.map(entries: entries, at: location))
        role.extraTags[createdByTag] = "SAM"
        if !userWroteManagedPolicies {
            role.generatedAttributes[.managedPolicyARNs] = "SAM attaches these managed policies to the role it generates for \(owner.logicalID)"
        }
        return role
    }

    private enum RolePolicy {
        /// An entry for `ManagedPolicyArns`.
        case managed(Node)
        /// A `{PolicyName, PolicyDocument}` entry for `Policies`.
        case document(Node)
    }

    private static func inlinePolicy(name: String, document: Node, at position: SourcePosition) -> Node {
        SyntheticNode.map([("PolicyName", SyntheticNode.string(name, at: position)), ("PolicyDocument", document)], at: position)
    }

    /// One entry of SAM `Policies`, classified the way SAM does: a string or intrinsic is a
    /// managed policy, a mapping with `Statement` an inline document, a one-key mapping
    /// naming a template a policy template; `Fn::If` is converted branch by branch.
    private mutating func rolePolicy(_ item: Node, index: Int, roleID: String) -> RolePolicy? {
        if let call = IntrinsicCall(item) {
            guard call.name == "Fn::If" else { return .managed(item) }
            return conditionalRolePolicy(call, item: item, index: index, roleID: roleID)
        }
        switch item.content {
        case .scalar(let text, let kind) where kind != .null:
            return .managed(SyntheticNode.string(SAMPolicyTemplates.managedPolicyARN(for: text), at: item.position))
        case .mapping(let entries):
            if item.entry("Statement") != nil {
                return .document(Self.inlinePolicy(name: "\(roleID)Policy\(index)", document: item, at: item.position))
            }
            if entries.count == 1, SAMPolicyTemplates.isTemplateName(entries[0].key) {
                guard let document = expandTemplate(entries[0]) else { return nil }
                return .document(Self.inlinePolicy(name: entries[0].key, document: document, at: entries[0].keyPosition))
            }
            if entries.count == 1 {
                warn("\(entries[0].key) is not a SAM policy template", at: entries[0].keyPosition)
            } else {
                warn("a Policies entry must be a policy name or ARN, a document with Statement, or a policy template", at: item.position)
            }
            return nil
        default:
            warn("a Policies entry must be a policy name or ARN, a document with Statement, or a policy template", at: item.position)
            return nil
        }
    }

    private mutating func conditionalRolePolicy(_ call: IntrinsicCall, item: Node, index: Int, roleID: String) -> RolePolicy? {
        let arguments = call.argument.elements
        guard arguments.count == 3 else { return .managed(item) }  // the resolver reports the shape
        var converted = [arguments[0]]
        var isDocument: Bool?
        for branch in arguments[1...] {
            if let branchCall = IntrinsicCall(branch), branchCall.name == "Ref", branchCall.argument.scalarText == "AWS::NoValue" {
                converted.append(branch)
                continue
            }
            let branchIsDocument: Bool
            switch rolePolicy(branch, index: index, roleID: roleID) {
            case .managed(let node)?:
                converted.append(node)
                branchIsDocument = false
            case .document(let node)?:
                converted.append(node)
                branchIsDocument = true
            case nil:
                return nil
            }
            if let isDocument, isDocument != branchIsDocument {
                warn("Fn::If in Policies mixes a managed policy and a policy document, which SAM rejects", at: call.position)
                return nil
            }
            isDocument = branchIsDocument
        }
        let node = Node(.mapping([MappingEntry(key: "Fn::If", keyPosition: item.position,
                                               value: Node(.sequence(converted), position: call.argument.position))]),
                        position: item.position)
        return isDocument == true ? .document(node) : .managed(node)
    }

    /// A policy template's statements with the user's parameter values in place of the
    /// template's `Ref`s. The template's own nodes sit on the template name; the values keep
    /// their positions.
    private mutating func expandTemplate(_ entry: MappingEntry) -> Node? {
        guard let template = SAMPolicyTemplates.template(named: entry.key) else { return nil }
        var values: [String: Node] = [:]
        if entry.value.isMapping {
            for parameter in entry.value.entries where values[parameter.key] == nil {
                values[parameter.key] = parameter.value
            }
        } else if !entry.value.isNull, !template.parameters.isEmpty {
            warn("the parameters of SAM policy template \(entry.key) must be a mapping", at: entry.keyPosition)
            return nil
        }
        let missing = template.parameters.filter { values[$0] == nil }
        guard missing.isEmpty else {
            warn("SAM policy template \(entry.key) needs \(missing.joined(separator: ", "))", at: entry.keyPosition)
            return nil
        }
        return Self.substitute(SyntheticNode.relocate(template.definition, to: entry.keyPosition), values: values,
                               parameters: Set(template.parameters))
    }

    private static func substitute(_ node: Node, values: [String: Node], parameters: Set<String>) -> Node {
        switch node.content {
        case .scalar:
            return node
        case .sequence(let items):
            return Node(.sequence(items.map { substitute($0, values: values, parameters: parameters) }), position: node.position)
        case .mapping(let entries):
            if entries.count == 1, entries[0].key == "Ref", let name = entries[0].value.scalarText,
               parameters.contains(name), let value = values[name] {
                return value
            }
            return Node(.mapping(entries.map {
                MappingEntry(key: $0.key, keyPosition: $0.keyPosition, value: substitute($0.value, values: values, parameters: parameters))
            }), position: node.position)
        }
    }

    // MARK: APIs

    private static let restStageProperties: Set<String> = [
        "StageName", "TracingEnabled", "AccessLogSetting", "MethodSettings", "CacheClusterEnabled", "CacheClusterSize",
        "Variables", "CanarySetting",
    ]
    private static let httpStageProperties: Set<String> = [
        "StageName", "AccessLogSettings", "DefaultRouteSettings", "RouteSettings", "StageVariables",
    ]

    /// An API without `Name` (and without its own OpenAPI body) is titled with the stack name.
    private static func stackNameTitle() -> Attr {
        let expression = "!Ref AWS::StackName"
        return Attr(value: .unresolved(expression), provenance: .unresolved(expression))
    }

    private mutating func restApi(_ declared: TemplateResource, properties: Node?, implicitStageName: Node?) -> [TemplateResource] {
        var api = declared
        api.type = "AWS::ApiGateway::RestApi"
        let body = properties ?? SyntheticNode.map([], at: declared.location)
        api.properties = SyntheticNode.map(entries: body.entries.filter { !Self.restStageProperties.contains($0.key) }, at: body.position)
        if body["Name"] == nil, body["DefinitionBody"] == nil, body["DefinitionUri"] == nil {
            api.attributeOverrides[.apiName] = Self.stackNameTitle()
        }
        let stageNameEntry = implicitStageName.map { MappingEntry(key: "StageName", keyPosition: declared.location, value: $0) }
            ?? body.entry("StageName")
        guard let stageNameEntry else {
            warn("\(declared.logicalID) has no StageName, which SAM requires", at: declared.location)
            return [api]
        }
        var stageEntries = [
            stageNameEntry,
            MappingEntry(key: "RestApiId", keyPosition: declared.location, value: SyntheticNode.ref(declared.logicalID, at: declared.location)),
        ]
        stageEntries += body.entries.filter { Self.restStageProperties.contains($0.key) && $0.key != "StageName" }
        var stage = declared.implied(
            logicalID: declared.logicalID + stageLogicalIDPart(stageNameEntry.value) + "Stage", type: "AWS::ApiGateway::Stage",
            location: declared.location, properties: SyntheticNode.map(entries: stageEntries, at: declared.location)
        )
        stage.generatedAttributes[.restApiID] = "SAM creates the stage of \(declared.logicalID)"
        if implicitStageName != nil {
            stage.generatedAttributes[.stageName] = "SAM names the stage of the implicit API Prod"
        }
        return [api, stage]
    }

    private mutating func httpApi(_ declared: TemplateResource, properties: Node?) -> [TemplateResource] {
        var api = declared
        api.type = "AWS::ApiGatewayV2::Api"
        let body = properties ?? SyntheticNode.map([], at: declared.location)
        api.properties = SyntheticNode.map(entries: body.entries.filter { !Self.httpStageProperties.contains($0.key) }, at: body.position)
        api.attributeOverrides[.protocolType] = Attr(value: .string("HTTP"), provenance: .defaultedByTool("a SAM HttpApi is an HTTP API"))
        if body["Name"] == nil, body["DefinitionBody"] == nil, body["DefinitionUri"] == nil {
            api.attributeOverrides[.apiName] = Self.stackNameTitle()
        }
        let stageNameEntry = body.entry("StageName")
        let stageID: String
        var stageEntries: [MappingEntry] = []
        if let stageNameEntry {
            stageID = declared.logicalID + stageLogicalIDPart(stageNameEntry.value) + "Stage"
            stageEntries.append(stageNameEntry)
        } else {
            stageID = declared.logicalID + "ApiGatewayDefaultStage"
            stageEntries.append(MappingEntry(key: "StageName", keyPosition: declared.location,
                                             value: SyntheticNode.string("$default", at: declared.location)))
        }
        stageEntries.append(MappingEntry(key: "ApiId", keyPosition: declared.location,
                                         value: SyntheticNode.ref(declared.logicalID, at: declared.location)))
        stageEntries.append(MappingEntry(key: "AutoDeploy", keyPosition: declared.location,
                                         value: SyntheticNode.bool(true, at: declared.location)))
        stageEntries += body.entries.filter { Self.httpStageProperties.contains($0.key) && $0.key != "StageName" }
        var stage = declared.implied(logicalID: stageID, type: "AWS::ApiGatewayV2::Stage", location: declared.location,
                                     properties: SyntheticNode.map(entries: stageEntries, at: declared.location))
        if stageNameEntry == nil {
            stage.generatedAttributes[.stageName] = "SAM deploys an HTTP API without StageName to the $default stage"
        }
        return [api, stage]
    }

    /// SAM names a stage `<Api><StageName>Stage` when the stage name is alphanumeric; other
    /// names get a hash suffix we cannot reproduce, so they read `<Api>Stage`.
    private func stageLogicalIDPart(_ stageName: Node) -> String {
        guard let resolved = resolver.resolveQuietly(stageName), case .leaf(let value) = resolved.content,
              let text = IntrinsicResolver.literalText(value), !text.isEmpty,
              text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) })
        else { return "" }
        return text
    }

    /// `ServerlessRestApi` and `ServerlessHttpApi`, when some function event uses them.
    /// They sit at the first function that implies them; `Globals.Api`/`HttpApi` apply.
    private mutating func implicitApis() -> [TemplateResource] {
        var generated: [TemplateResource] = []
        for (name, users, isREST) in [("ServerlessRestApi", restApiUsers, true), ("ServerlessHttpApi", httpApiUsers, false)] {
            guard let first = users.first else { continue }
            let links = users.map { apiLink(to: $0.function, event: $0.event) }
            if declaredNames.contains(name) {
                linksToAdd[name, default: []] += links
                continue
            }
            let generatedType = isREST ? "AWS::ApiGateway::RestApi" : "AWS::ApiGatewayV2::Api"
            var api = TemplateResource(logicalID: name, type: generatedType, sourceType: generatedType,
                                       location: first.function.location, properties: nil)
            api.isImplicit = true
            var resources = isREST
                ? restApi(api, properties: globals["Api"],
                          implicitStageName: SyntheticNode.string("Prod", at: first.function.location))
                : httpApi(api, properties: globals["HttpApi"])
            resources[0].extraLinks += links
            generated += resources
        }
        return generated
    }

    // MARK: Tables and state machines

    private static let dynamoAttributeTypes = ["String": "S", "Number": "N", "Binary": "B"]

    private func simpleTable(_ declared: TemplateResource) -> TemplateResource {
        var table = declared
        table.type = "AWS::DynamoDB::Table"
        let body = withGlobals("SimpleTable", declared.properties) ?? SyntheticNode.map([], at: declared.location)
        var entries = body.entries.filter { $0.key != "PrimaryKey" }
        let primaryKey = body.entry("PrimaryKey")
        let keyPosition = primaryKey?.keyPosition ?? declared.location
        let keyName = primaryKey?.value["Name"] ?? SyntheticNode.string("id", at: keyPosition)
        var keyType = primaryKey?.value["Type"] ?? SyntheticNode.string("String", at: keyPosition)
        if let text = keyType.scalarText, keyType.tag == nil, let short = Self.dynamoAttributeTypes[text] {
            keyType = SyntheticNode.string(short, at: keyType.position)
        }
        entries.append(MappingEntry(key: "KeySchema", keyPosition: keyPosition, value: SyntheticNode.list([
            SyntheticNode.map([("AttributeName", keyName), ("KeyType", SyntheticNode.string("HASH", at: keyPosition))], at: keyPosition),
        ], at: keyPosition)))
        entries.append(MappingEntry(key: "AttributeDefinitions", keyPosition: keyPosition, value: SyntheticNode.list([
            SyntheticNode.map([("AttributeName", keyName), ("AttributeType", keyType)], at: keyPosition),
        ], at: keyPosition)))
        table.properties = SyntheticNode.map(entries: entries, at: body.position)
        if body["ProvisionedThroughput"] == nil {
            table.attributeOverrides[.billingMode] = Attr(value: .string("PAY_PER_REQUEST"), provenance: .defaultedByTool(
                "SAM SimpleTable sets BillingMode PAY_PER_REQUEST when ProvisionedThroughput is absent [SAM]"))
        }
        return table
    }

    private static let stateMachineRenames = [
        "Name": "StateMachineName", "Type": "StateMachineType", "Logging": "LoggingConfiguration",
        "Tracing": "TracingConfiguration", "Role": "RoleArn", "DefinitionUri": "DefinitionS3Location",
    ]
    private static let stateMachineOnlyProperties: Set<String> = [
        "Policies", "Events", "RolePath", "PermissionsBoundary", "AutoPublishAlias", "DeploymentPreference", "UseAliasAsEventTarget",
    ]

    private mutating func stateMachine(_ declared: TemplateResource) -> [TemplateResource] {
        var machine = declared
        machine.type = "AWS::StepFunctions::StateMachine"
        machine.extraTags["stateMachine:createdBy"] = "SAM"
        let body = withGlobals("StateMachine", declared.properties) ?? SyntheticNode.map([], at: declared.location)
        var entries: [MappingEntry] = []
        for entry in body.entries where !Self.stateMachineOnlyProperties.contains(entry.key) {
            let key = Self.stateMachineRenames[entry.key] ?? entry.key
            entries.append(MappingEntry(key: key, keyPosition: entry.keyPosition, value: entry.value))
        }
        machine.properties = SyntheticNode.map(entries: entries, at: body.position)
        if let role = body["Role"], !role.isNull {
            if let policies = body.entry("Policies") {
                warn("Policies of \(declared.logicalID) are ignored because Role is set", at: policies.keyPosition)
            }
            return [machine]
        }
        // SAM adds the X-Ray policy only for a literal `Tracing: {Enabled: true}`.
        var leadingPolicies: [String] = []
        if let enabled = body["Tracing"]?["Enabled"], enabled.tag == nil, case .scalar(let text, .boolean) = enabled.content,
           text.lowercased() == "true" {
            leadingPolicies.append("AWSXrayWriteOnlyAccess")
        }
        guard let role = executionRole(
            owner: declared, properties: body, createdByTag: "stateMachine:createdBy",
            trust: MappingEntry(key: "AssumeRolePolicyDocument", keyPosition: declared.location,
                                value: SyntheticNode.relocate(Self.statesTrustPolicy, to: declared.location)),
            leadingPolicies: leadingPolicies, trailingPolicies: [], extraDocuments: []
        ) else { return [machine] }
        linkToGeneratedRole(role.logicalID, from: &machine, property: "Role", attribute: .role)
        return [machine, role]
    }
}
