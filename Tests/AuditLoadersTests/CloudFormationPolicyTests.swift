import AuditModel
import AuditSyntax
import Testing
@testable import AuditLoaders

@Suite("CloudFormation embedded IAM policies")
struct CloudFormationPolicyTests {
    private func id(_ name: String) -> ResourceID {
        ResourceID(scope: "template.yaml", name: name)
    }

    @Test("Role: inline policies, trust policy, managed policy ARNs")
    func role() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
          ApiRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {Service: lambda.amazonaws.com}
                    Action: sts:AssumeRole
              ManagedPolicyArns:
                - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
              Policies:
                - PolicyName: DynamoAccess
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: [dynamodb:GetItem, dynamodb:PutItem]
                        Resource: !GetAtt Table.Arn
                        Condition:
                          Bool: {aws:SecureTransport: "true"}
        """)
        #expect(loaded.diagnostics.isEmpty)
        let role = try #require(loaded.resource("ApiRole"))
        #expect(role.kind == .role)
        #expect(role[.managedPolicyARNs] == Attr(
            value: .list([.string("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]),
            provenance: .explicit, location: loc(14, 7)
        ))
        #expect(role.links.map(\.path) == ["Policies[0].PolicyDocument.Statement[0].Resource"])

        let trust = try #require(loaded.policy("ApiRole/AssumeRolePolicyDocument"))
        #expect(trust.kind == .trust)
        #expect(trust.owner == id("ApiRole"))
        #expect(trust.name == "ApiRole trust policy")
        #expect(trust.location == loc(8, 7))
        #expect(trust.statements.count == 1)
        #expect(trust.statements[0].location == loc(11, 13))
        #expect(trust.statements[0].principals == [
            PolicyPrincipal(type: "Service", value: .string("lambda.amazonaws.com"), location: loc(12, 34)),
        ])

        let inline = try #require(loaded.policy("ApiRole/Policies[0]"))
        #expect(inline.kind == .identity)
        #expect(inline.owner == id("ApiRole"))
        #expect(inline.name == "ApiRole policy \"DynamoAccess\"")
        #expect(inline.location == loc(18, 11))
        let statement = try #require(inline.statements.first)
        #expect(statement.isAllow)
        #expect(statement.effect == Attr(value: .string("Allow"), provenance: .explicit, location: loc(20, 17)))
        #expect(statement.actions == PolicyElement(entries: [
            PolicyEntry(value: .string("dynamodb:GetItem"), location: loc(21, 26)),
            PolicyEntry(value: .string("dynamodb:PutItem"), location: loc(21, 44)),
        ], location: loc(21, 17)))
        #expect(statement.resources?.entries == [
            PolicyEntry(value: .reference(ResourceReference(target: id("Table"), attribute: "Arn")), location: loc(22, 27)),
        ])
        #expect(statement.conditions == [
            PolicyCondition(conditionOperator: "Bool", key: "aws:SecureTransport", values: [.string("true")], location: loc(24, 26)),
        ])
    }

    @Test("IAM::Policy and ManagedPolicy documents; Roles/Users/Groups become links")
    func standalonePolicies() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Worker:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: []}
          Deployer:
            Type: AWS::IAM::User
          Admin:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: everything
              Roles: [!Ref Worker]
              Users: [!Ref Deployer]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: "*"
                    Resource: "*"
          Shared:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              ManagedPolicyName: shared-read
              PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'
        """)
        #expect(loaded.diagnostics.isEmpty)
        let admin = try #require(loaded.resource("Admin"))
        #expect(admin.kind == .inlinePolicy)
        #expect(admin.links.map(\.path) == ["Roles[0]", "Users[0]"])
        #expect(admin.linkTargets() == ["Worker", "Deployer"])

        let adminDocument = try #require(loaded.policy("Admin/PolicyDocument"))
        #expect(adminDocument.kind == .identity)
        #expect(adminDocument.owner == id("Admin"))
        #expect(adminDocument.name == "Admin policy \"everything\"")
        #expect(adminDocument.location == loc(15, 7))
        #expect(adminDocument.statements.first?.actions?.literalStrings == ["*"])

        // A document written as a JSON string is parsed; its positions collapse onto the key.
        let shared = try #require(loaded.policy("Shared/PolicyDocument"))
        #expect(shared.name == "Shared policy \"shared-read\"")
        #expect(shared.location == loc(24, 7))
        #expect(shared.statements.count == 1)
        #expect(shared.statements.first?.location == loc(24, 7))
        #expect(shared.statements.first?.actions?.literalStrings == ["s3:GetObject"])
        #expect(loaded.resource("Shared")?.kind == .managedPolicy)
    }

    @Test("Resource policies: bucket, queue, topic and key policies")
    func resourcePolicies() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          BucketPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Bucket
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: "*"
                    Action: s3:GetObject
                    Resource: !Sub "${Bucket.Arn}/*"
          Queue:
            Type: AWS::SQS::Queue
          QueuePolicy:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [!Ref Queue]
              PolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "sqs:*", Resource: "*"}]}
          Topic:
            Type: AWS::SNS::Topic
          TopicPolicy:
            Type: AWS::SNS::TopicPolicy
            Properties:
              Topics: [!Ref Topic]
              PolicyDocument: !ImportValue shared-topic-policy
          Key:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement:
                  - Effect: Allow
                    Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
                    Action: kms:*
                    Resource: "*"
        """)
        #expect(loaded.diagnostics.isEmpty)
        let bucketPolicy = try #require(loaded.policy("BucketPolicy/PolicyDocument"))
        #expect(bucketPolicy.kind == .resourceBased)
        #expect(bucketPolicy.owner == id("BucketPolicy"))
        #expect(bucketPolicy.name == "BucketPolicy resource policy")
        #expect(bucketPolicy.statements.first?.principals == [PolicyPrincipal(type: "*", value: .string("*"), location: loc(12, 13))])
        #expect(bucketPolicy.statements.first?.resources?.unresolvedExpression == "${Bucket.Arn}/*")
        #expect(loaded.resource("BucketPolicy")?[.bucketName].value == .reference(ResourceReference(target: id("Bucket"))))
        #expect(loaded.resource("BucketPolicy")?.linkTargets() == ["Bucket", "Bucket.Arn"])

        let queuePolicy = try #require(loaded.policy("QueuePolicy/PolicyDocument"))
        #expect(queuePolicy.statements.first?.principals.map(\.type) == ["AWS"])

        let topicPolicy = try #require(loaded.policy("TopicPolicy/PolicyDocument"))
        #expect(topicPolicy.statements.isEmpty)
        #expect(topicPolicy.unresolvedExpression == "!ImportValue shared-topic-policy")

        let keyPolicy = try #require(loaded.policy("Key/KeyPolicy"))
        #expect(keyPolicy.kind == .resourceBased)
        #expect(keyPolicy.name == "Key key policy")
        #expect(keyPolicy.location == loc(32, 7))
        #expect(keyPolicy.statements.first?.principals.map(\.value) == [.unresolved("arn:aws:iam::${AWS::AccountId}:root")])
    }

    @Test("Conditional inline policies: a dropped branch disappears, an undecidable one is an unresolved document")
    func conditionalPolicies() throws {
        let loaded = try TemplateFixture.load("""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Debug:
            Type: String
            Default: "false"
        Conditions:
          IsDebug: !Equals [!Ref Debug, "true"]
          InUsEast: !Equals [!Ref "AWS::Region", us-east-1]
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: []}
              Policies:
                - !If
                  - IsDebug
                  - PolicyName: debug
                    PolicyDocument: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
                  - !Ref AWS::NoValue
                - !If
                  - InUsEast
                  - PolicyName: east
                    PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
                  - !Ref AWS::NoValue
        """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.policies.map(\.id.name) == ["Role/AssumeRolePolicyDocument", "Role/Policies[0]"])
        let undecided = try #require(loaded.policy("Role/Policies[0]"))
        #expect(undecided.statements.isEmpty)
        #expect(undecided.location == loc(20, 11))
        #expect(undecided.unresolvedExpression?.hasPrefix("!If [InUsEast, {PolicyName: east") == true)
    }

    @Test("An unresolved entry next to literal ARNs keeps the literals; an intrinsic-valued element stays whole")
    func unresolvedEntriesKeepTheirNeighbours() throws {
        let loaded = try TemplateFixture.load("""
        Conditions:
          InUSEast: !Equals [!Ref "AWS::Region", us-east-1]
        Parameters:
          Extra: {Type: String}
        Resources:
          Reader:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: s3:GetObject
                    Resource: [arn:aws:s3:::assets/*, !If [InUSEast, "*", !Ref "AWS::NoValue"], !Ref Extra]
                  - Effect: Allow
                    Action: s3:GetObject
                    Resource: !Split [",", !Ref Extra]
        """)
        let policy = try #require(loaded.policy("Reader/PolicyDocument"))
        let listed = try #require(policy.statements.first?.resources)
        #expect(listed.unresolvedExpression == nil)
        #expect(listed.literalStrings == ["arn:aws:s3:::assets/*"])
        #expect(listed.entries.map(\.value) == [
            .string("arn:aws:s3:::assets/*"), .unresolved("!If [InUSEast, *, !Ref AWS::NoValue]"), .unresolved("!Ref Extra"),
        ])
        #expect(listed.entries.map { position($0.location) } == ["13:24", "13:47", "13:89"])
        let whole = try #require(policy.statements.last?.resources)
        #expect(whole.entries.isEmpty)
        #expect(whole.unresolvedExpression == "!Split [',', !Ref Extra]")
    }

    @Test("SAM policy templates: the generated inline policy records the template and the wildcard resources it was given")
    func samPolicyTemplates() throws {
        let loaded = try TemplateFixture.load("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Orders:
            Type: AWS::Serverless::SimpleTable
          Api:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: src/
              Policies:
                - AmazonSQSFullAccess
                - DynamoDBCrudPolicy:
                    TableName: "*"
                - DynamoDBReadPolicy:
                    TableName: !Ref Orders
                - Statement:
                    - Effect: Allow
                      Action: s3:GetObject
                      Resource: "*"
        """)
        #expect(loaded.diagnostics.isEmpty)
        let role = try #require(loaded.resource("ApiRole"))
        #expect(role[.managedPolicyARNs].value == .list([
            .string("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), .string("arn:aws:iam::aws:policy/AmazonSQSFullAccess"),
        ]))
        let crud = try #require(loaded.policy("ApiRole/Policies[0]"))
        #expect(crud.samPolicyTemplate == SAMPolicyTemplateUse(
            name: "DynamoDBCrudPolicy", location: SourceLocation(file: "template.yaml", line: 13, column: 11),
            wildcardResources: [
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*",
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*/index/*",
            ]
        ))
        let read = try #require(loaded.policy("ApiRole/Policies[1]"))
        #expect(read.samPolicyTemplate?.name == "DynamoDBReadPolicy")
        #expect(read.samPolicyTemplate?.wildcardResources == [])
        let inline = try #require(loaded.policy("ApiRole/Policies[2]"))
        #expect(inline.samPolicyTemplate == nil)
        #expect(inline.statements.first?.resources?.literalStrings == ["*"])
    }
}
