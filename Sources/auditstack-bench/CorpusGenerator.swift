/// SplitMix64: a tiny seeded generator, so every run writes the same corpus.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes CloudFormation templates and a Terraform plan that look like the configs of
/// small teams: functions, tables, buckets, databases, queues, alarms, roles and networks,
/// with intrinsics and references, some right and some wrong.
struct CorpusGenerator {
    var random: SeededGenerator

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &random)]
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private static let services = ["orders", "billing", "search", "jobs", "invoices", "catalog", "users", "reports", "uploads", "notify"]
    private static let runtimes = ["python3.12", "nodejs22.x", "java21", "provided.al2023"]

    // MARK: CloudFormation

    /// One template of roughly `targetBytes`, with `resources` counting what it declares.
    mutating func template(index: Int, targetBytes: Int) -> (text: String, resources: Int) {
        let service = pick(Self.services)
        let isSAM = chance(0.3)
        var text = "AWSTemplateFormatVersion: \"2010-09-09\"\n"
        if isSAM { text += "Transform: AWS::Serverless-2016-10-31\n" }
        text += "Description: \(service) service stack \(index) (generated for the auditstack benchmark)\n\n"
        text += """
            Parameters:
              Stage:
                Type: String
                Default: prod
                AllowedValues: [dev, staging, prod]
              RetentionDays:
                Type: Number
                Default: \(pick([0, 1, 7, 14, 35]))

            Resources:

            """
        var count = 0
        var outputs: [String] = []
        while text.utf8.count < targetBytes - 400 {
            let name = "\(service.capitalized)\(count)"
            switch Int.random(in: 0..<10, using: &random) {
            case 0: text += function(name, sam: isSAM)
            case 1: text += table(name)
            case 2: text += bucket(name)
            case 3: text += database(name)
            case 4: text += queue(name)
            case 5: text += alarm(name)
            case 6: text += role(name)
            case 7: text += network(name)
            case 8: text += topic(name)
            default: text += logGroup(name)
            }
            count += 1
            if chance(0.2) { outputs.append(name) }
        }
        if !outputs.isEmpty {
            text += "\nOutputs:\n"
            for name in outputs {
                text += "  \(name)Ref:\n    Value: !Ref \(name)\n    Export:\n      Name: !Sub \"${AWS::StackName}-\(name)\"\n"
            }
        }
        // Resource types sit at four spaces (parameter types are not AWS:: types).
        let resources = text.split(separator: "\n").filter { $0.hasPrefix("    Type: AWS::") }.count
        return (text, resources)
    }

    private mutating func function(_ name: String, sam: Bool) -> String {
        let runtime = pick(Self.runtimes)
        if sam {
            let policy = chance(0.2)
                ? "        - Statement:\n            - Effect: Allow\n              Action: \"*\"\n              Resource: \"*\"\n"
                : "        - DynamoDBCrudPolicy:\n            TableName: !Sub \"\(name.lowercased())-${Stage}\"\n"
            return """
                  \(name):
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: \(runtime)
                      Handler: app.handler
                      CodeUri: src/\(name.lowercased())/
                      MemorySize: \(pick([128, 256, 512, 1024]))
                      Timeout: \(pick([3, 10, 30]))
                      Environment:
                        Variables:
                          STAGE: !Ref Stage
                          LOG_LEVEL: info
                      Policies:
                \(policy)      Events:
                        Http:
                          Type: Api
                          Properties:
                            Path: /\(name.lowercased())
                            Method: \(pick(["get", "post", "put"]))

                """
        }
        return """
              \(name)Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: lambda.amazonaws.com
                        Action: sts:AssumeRole
                  ManagedPolicyArns:
                    - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
              \(name):
                Type: AWS::Lambda::Function
                Properties:
                  Runtime: \(runtime)
                  Handler: index.handler
                  Role: !GetAtt \(name)Role.Arn
                  MemorySize: \(pick([128, 256, 512]))
                  Timeout: \(pick([3, 15, 60]))
                  Code:
                    S3Bucket: !Sub "artifacts-${AWS::AccountId}"
                    S3Key: \(name.lowercased()).zip
                  Environment:
                    Variables:
                      STAGE: !Ref Stage

            """
    }

    private mutating func table(_ name: String) -> String {
        let pitr = chance(0.6)
        let billing = chance(0.7)
            ? "PAY_PER_REQUEST"
            : "PROVISIONED\n      ProvisionedThroughput:\n        ReadCapacityUnits: 5\n        WriteCapacityUnits: 5"
        return """
              \(name):
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Sub "\(name.lowercased())-${Stage}"
                  BillingMode: \(billing)
                  AttributeDefinitions:
                    - AttributeName: pk
                      AttributeType: S
                    - AttributeName: sk
                      AttributeType: S
                  KeySchema:
                    - AttributeName: pk
                      KeyType: HASH
                    - AttributeName: sk
                      KeyType: RANGE
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: \(pitr)
                  SSESpecification:
                    SSEEnabled: true

            """
    }

    private mutating func bucket(_ name: String) -> String {
        var text = """
              \(name):
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub "\(name.lowercased())-${AWS::AccountId}-${Stage}"
                  VersioningConfiguration:
                    Status: \(pick(["Enabled", "Suspended"]))
                  PublicAccessBlockConfiguration:
                    BlockPublicAcls: true
                    BlockPublicPolicy: true
                    IgnorePublicAcls: true
                    RestrictPublicBuckets: \(chance(0.8))

            """
        if chance(0.5) {
            text += """
                  \(name)Policy:
                    Type: AWS::S3::BucketPolicy
                    Properties:
                      Bucket: !Ref \(name)
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Sid: DenyInsecureTransport
                            Effect: Deny
                            Principal: "*"
                            Action: s3:*
                            Resource:
                              - !GetAtt \(name).Arn
                              - !Sub "${\(name).Arn}/*"
                            Condition:
                              Bool:
                                aws:SecureTransport: "false"

                """
        }
        return text
    }

    private mutating func database(_ name: String) -> String {
        var text = """
              \(name):
                Type: AWS::RDS::DBInstance
                DeletionPolicy: Snapshot
                UpdateReplacePolicy: Snapshot
                Properties:
                  Engine: \(pick(["postgres", "mysql"]))
                  DBInstanceClass: \(pick(["db.t3.micro", "db.t4g.small", "db.m6g.large"]))
                  AllocatedStorage: "\(pick([20, 50, 100]))"
                  MasterUsername: app
                  ManageMasterUserPassword: true
                  MultiAZ: \(chance(0.5))
                  BackupRetentionPeriod: !Ref RetentionDays

            """
        if chance(0.5) { text += "      StorageEncrypted: true\n" }
        if chance(0.5) { text += "      DeletionProtection: \(chance(0.7))\n" }
        return text
    }

    private mutating func queue(_ name: String) -> String {
        """
          \(name)DeadLetters:
            Type: AWS::SQS::Queue
            Properties:
              MessageRetentionPeriod: 1209600
          \(name):
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: \(pick([30, 60, 300]))
              SqsManagedSseEnabled: \(chance(0.9))
              RedrivePolicy:
                deadLetterTargetArn: !GetAtt \(name)DeadLetters.Arn
                maxReceiveCount: 5

        """
    }

    private mutating func alarm(_ name: String) -> String {
        var text = """
              \(name):
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmDescription: \(name) errors over threshold
                  Namespace: \(pick(["AWS/Lambda", "AWS/ApiGateway", "AWS/RDS", "AWS/SQS"]))
                  MetricName: \(pick(["Errors", "5XXError", "CPUUtilization", "ApproximateAgeOfOldestMessage"]))
                  Statistic: \(pick(["Sum", "Average", "Maximum"]))
                  Period: \(pick([60, 300]))
                  EvaluationPeriods: \(pick([1, 3, 5]))
                  Threshold: \(pick([1, 5, 80, 300]))
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  TreatMissingData: notBreaching

            """
        if chance(0.7) {
            text += "      AlarmActions:\n        - !Sub \"arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alerts-${Stage}\"\n"
        }
        return text
    }

    private mutating func role(_ name: String) -> String {
        let actions = chance(0.15) ? "\"*\"" : "\n                - dynamodb:GetItem\n                - dynamodb:PutItem\n                - dynamodb:Query"
        return """
              \(name):
                Type: AWS::IAM::Role
                Properties:
                  RoleName: !Sub "\(name.lowercased())-${Stage}"
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service:
                            - lambda.amazonaws.com
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: access
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: \(actions)
                            Resource: !Sub "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/\(name.lowercased())-*"

            """
    }

    private mutating func network(_ name: String) -> String {
        let routed = chance(0.7)
        var text = """
              \(name)Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.\(Int.random(in: 0..<250, using: &random)).0.0/16
                  EnableDnsHostnames: true
              \(name)Subnet:
                Type: AWS::EC2::Subnet
                Properties:
                  VpcId: !Ref \(name)Vpc
                  CidrBlock: !Select [0, !Cidr [!GetAtt \(name)Vpc.CidrBlock, 4, 8]]
                  AvailabilityZone: !Select [0, !GetAZs ""]
              \(name)Eip:
                Type: AWS::EC2::EIP
                Properties:
                  Domain: vpc
              \(name):
                Type: AWS::EC2::NatGateway
                Properties:
                  AllocationId: !GetAtt \(name)Eip.AllocationId
                  SubnetId: !Ref \(name)Subnet
              \(name)Routes:
                Type: AWS::EC2::RouteTable
                Properties:
                  VpcId: !Ref \(name)Vpc

            """
        if routed {
            text += """
                  \(name)DefaultRoute:
                    Type: AWS::EC2::Route
                    Properties:
                      RouteTableId: !Ref \(name)Routes
                      DestinationCidrBlock: 0.0.0.0/0
                      NatGatewayId: !Ref \(name)

                """
        }
        return text
    }

    private mutating func topic(_ name: String) -> String {
        var text = """
              \(name):
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: !Sub "\(name.lowercased())-${Stage}"

            """
        if chance(0.6) {
            text += "      Subscription:\n        - Protocol: email\n          Endpoint: oncall@example.com\n"
        }
        return text
    }

    private mutating func logGroup(_ name: String) -> String {
        """
          \(name):
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: !Sub "/aws/lambda/\(name.lowercased())-${Stage}"
              RetentionInDays: \(pick([7, 14, 30, 90]))

        """
    }

    // MARK: Terraform plan

    /// A `terraform show -json` plan with `count` resources spread over modules.
    mutating func plan(resources count: Int) -> String {
        var planned: [String: [String]] = [:]
        var changes: [String] = []
        var configuration: [String: [String]] = [:]
        for index in 0..<count {
            let module = "module.svc\(index / 50)"
            let (type, name, values, expressions) = planResource(index)
            let address = "\(module).\(type).\(name)"
            let valuesJSON = "{" + values.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
            planned[module, default: []].append(
                #"{"address":"\#(address)","mode":"managed","type":"\#(type)","name":"\#(name)","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":\#(valuesJSON),"sensitive_values":{}}"#
            )
            changes.append(
                #"{"address":"\#(address)","module_address":"\#(module)","mode":"managed","type":"\#(type)","name":"\#(name)","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":\#(valuesJSON),"after_unknown":{"arn":true,"id":true},"before_sensitive":false,"after_sensitive":{}}}"#
            )
            configuration[module, default: []].append(
                #"{"address":"\#(type).\#(name)","mode":"managed","type":"\#(type)","name":"\#(name)","provider_config_key":"aws","expressions":{\#(expressions)},"schema_version":0}"#
            )
        }
        let modules = planned.keys.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        let childModules = modules.map { module in
            #"{"address":"\#(module)","resources":[\#(planned[module]!.joined(separator: ",\n"))]}"#
        }
        let moduleCalls = modules.map { module in
            let callName = module.dropFirst("module.".count)
            return #""\#(callName)":{"source":"./modules/service","module":{"resources":[\#(configuration[module]!.joined(separator: ","))]}}"#
        }
        return """
            {"format_version":"1.2","terraform_version":"1.9.5",
            "planned_values":{"root_module":{"child_modules":[
            \(childModules.joined(separator: ",\n"))
            ]}},
            "resource_changes":[
            \(changes.joined(separator: ",\n"))
            ],
            "configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{"region":{"constant_value":"us-east-1"}}}},
            "root_module":{"module_calls":{\(moduleCalls.joined(separator: ",\n"))}}}
            }

            """
    }

    private mutating func planResource(_ index: Int) -> (String, String, [(String, String)], String) {
        let name = "r\(index)"
        switch index % 8 {
        case 0:
            return ("aws_db_instance", name, [
                ("identifier", "\"db-\(index)\""), ("engine", "\"postgres\""), ("instance_class", "\"db.t3.micro\""),
                ("allocated_storage", "20"), ("storage_encrypted", "\(chance(0.5))"),
                ("backup_retention_period", "\(pick([0, 1, 7]))"), ("deletion_protection", "\(chance(0.5))"),
                ("multi_az", "false"), ("tags", "{\"Service\":\"svc\(index / 50)\"}"),
            ], #""engine":{"constant_value":"postgres"},"instance_class":{"constant_value":"db.t3.micro"}"#)
        case 1:
            return ("aws_s3_bucket", name, [
                ("bucket", "\"bucket-\(index)\""), ("force_destroy", "false"), ("tags", "{\"Service\":\"svc\(index / 50)\"}"),
            ], #""bucket":{"constant_value":"bucket-\#(index)"}"#)
        case 2:
            return ("aws_nat_gateway", name, [
                ("allocation_id", "\"eipalloc-\(index)\""), ("connectivity_type", "\"public\""), ("subnet_id", "\"subnet-\(index)\""),
            ], #""allocation_id":{"constant_value":"eipalloc-\#(index)"},"subnet_id":{"constant_value":"subnet-\#(index)"}"#)
        case 3:
            let routed = chance(0.7)
            let route = routed ? "[{\"cidr_block\":\"0.0.0.0/0\",\"nat_gateway_id\":\"nat-\(index - 1)\"}]" : "[]"
            let references = routed ? #","route":{"references":["aws_nat_gateway.r\#(index - 1).id","aws_nat_gateway.r\#(index - 1)"]}"# : ""
            return ("aws_route_table", name, [("vpc_id", "\"vpc-\(index / 50)\""), ("route", route)],
                    #""vpc_id":{"constant_value":"vpc-\#(index / 50)"}\#(references)"#)
        case 4:
            return ("aws_cloudwatch_metric_alarm", name, [
                ("alarm_name", "\"alarm-\(index)\""), ("namespace", "\"AWS/Lambda\""), ("metric_name", "\"Errors\""),
                ("comparison_operator", "\"GreaterThanThreshold\""), ("evaluation_periods", "1"), ("period", "300"),
                ("statistic", "\"Sum\""), ("threshold", "1"), ("actions_enabled", "true"),
                ("alarm_actions", chance(0.7) ? "[\"arn:aws:sns:us-east-1:123456789012:alerts\"]" : "[]"),
            ], #""alarm_name":{"constant_value":"alarm-\#(index)"}"#)
        case 5:
            let action = chance(0.15) ? "\\\"*\\\"" : "[\\\"sqs:SendMessage\\\",\\\"sqs:ReceiveMessage\\\"]"
            return ("aws_iam_role_policy", name, [
                ("name", "\"policy-\(index)\""), ("role", "\"role-\(index)\""),
                ("policy", "\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\(action),\\\"Resource\\\":\\\"*\\\"}]}\""),
            ], #""role":{"constant_value":"role-\#(index)"}"#)
        case 6:
            return ("aws_lambda_function", name, [
                ("function_name", "\"fn-\(index)\""), ("runtime", "\"\(pick(Self.runtimes))\""), ("handler", "\"app.handler\""),
                ("memory_size", "\(pick([128, 256, 512]))"), ("timeout", "30"), ("role", "\"arn:aws:iam::123456789012:role/fn-\(index)\""),
            ], #""function_name":{"constant_value":"fn-\#(index)"}"#)
        default:
            return ("aws_sqs_queue", name, [
                ("name", "\"queue-\(index)\""), ("visibility_timeout_seconds", "60"), ("sqs_managed_sse_enabled", "\(chance(0.9))"),
                ("message_retention_seconds", "345600"),
            ], #""name":{"constant_value":"queue-\#(index)"}"#)
        }
    }
}
