import AuditCore
import AuditIAM
import AuditModel

/// AS-IAM-012: a resource-based policy or Lambda permission that anyone can use.
struct PublicResourcePolicy: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-012",
        slug: "public-resource-policy",
        title: "Public resource-based policy (S3, SQS, SNS, Lambda)",
        severity: .critical,
        pack: .leastPrivilege,
        tags: ["security", "iam", "resource-policy", "public"],
        rationale: """
            A resource policy whose `Principal` is `*` (or `{"AWS": "*"}`) applies to every \
            AWS account and to anonymous callers, whatever their own IAM policies say. The \
            rule checks bucket, queue, topic, key and other resource policies, and standalone \
            policy files that carry a `Principal`; it is critical when the statement allows \
            an action that changes something (a Write, Permissions management or Tagging \
            action in the IAM action catalog, which includes `lambda:InvokeFunction` and \
            `sqs:SendMessage`) and high for reads. A condition on `aws:SourceArn`, \
            `aws:SourceAccount`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, \
            `aws:SourceVpce`, `kms:CallerAccount` or similar keys that pin the caller makes \
            the statement private. \
            A Lambda permission fails when its principal is `*`, or when it is a service \
            (`s3.amazonaws.com`, `sns.amazonaws.com`, …) with neither `SourceArn` nor \
            `SourceAccount`: any account's bucket or topic could then invoke the function. \
            Unlike the catalog's first draft, a service permission pinned by `SourceAccount` \
            alone passes, as AWS recommends for S3 (bucket ARNs carry no account). Trust \
            policies are AS-IAM-007's subject. S3 Block Public Access settings are not taken \
            into account here (AS-LAUNCH-013).
            """,
        remediation: """
            Name the accounts, roles or services in `Principal`, or add a condition on \
            `aws:SourceArn` / `aws:SourceAccount` / `aws:PrincipalOrgID`; for Lambda \
            permissions set `SourceArn` (and `SourceAccount` for S3).
            """,
        references: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
            "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_70", "checkov:CKV_AWS_168", "checkov:CKV_AWS_169", "checkov:CKV_AWS_301", "checkov:CKV_AWS_364",
            "kics:7af43613-6bb9-4a0e-8c4d-1314b799425e", "kics:730675f9-52ed-49b6-8ead-0acb5dd7df7f",
            "kics:3ef8696c-e4ae-4872-92c7-520bb44dfe77", "kics:9b6a3f5b-5fd6-40ee-9bc0-ed604911212d",
            "kics:1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7",
        ]
    )

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        for policy in model.policies where policy.kind == .resourceBased || policy.kind == .standalone {
            check(policy, &report)
        }
        for permission in model.resources(of: .lambdaPermission) {
            check(permission: permission, &report)
        }
    }

    private func check(_ policy: PolicyDocument, _ report: inout RuleReport) {
        if policy.kind == .resourceBased, report.reportUnreadable(policy) { return }
        for statement in policy.statements where statement.isAllow && !statement.principals.isEmpty {
            // Trust policies (only sts:AssumeRole*) are AS-IAM-007's.
            if let actions = statement.actions?.literalStrings, !actions.isEmpty,
               actions.allSatisfy({ $0.lowercased().hasPrefix("sts:assumerole") }) { continue }
            for principal in statement.principals {
                switch PolicyPrincipals.isEveryone(principal) {
                case nil:
                    report.unknown(principal.value.displayText, policy: policy, at: principal.location)
                case false?:
                    report.pass()
                case true?:
                    if PolicyPrincipals.hasRestrictingCondition(statement) {
                        report.pass()
                        continue
                    }
                    let changes = allowsChanges(statement)
                    report.fail(
                        "\(policy.name) allows anyone to \(changes ? "change or invoke" : "read") the resource (\(actionSummary(statement)))",
                        policy: policy, at: principal.location ?? statement.location,
                        attribute: "\(policy.path(of: statement)).Principal", severity: changes ? .critical : .high, rootCause: policy.rootCause(of: statement)
                    )
                }
            }
        }
    }

    private func allowsChanges(_ statement: PolicyStatement) -> Bool {
        guard let actions = statement.actions else { return true }  // NotAction: nearly everything
        return actions.literalStrings.contains { pattern in
            IAMActionCatalog.shared.expand(pattern).contains { $0.accessLevel.isMutating }
        }
    }

    private func actionSummary(_ statement: PolicyStatement) -> String {
        let actions = statement.actions?.literalStrings ?? []
        if actions.isEmpty { return "NotAction" }
        return actions.prefix(3).joined(separator: ", ") + (actions.count > 3 ? ", …" : "")
    }

    private func check(permission: Resource, _ report: inout RuleReport) {
        let principal = permission[.principal]
        switch principal.string {
        case .unknown(let expression):
            report.unknown(expression, resource: permission, at: permission.location(of: .principal))
        case .absent:
            report.unknown("Principal is not known", resource: permission)
        case .value(let text) where text == "*":
            report.fail("\(permission.id.name) lets any AWS account invoke the function", resource: permission,
                        at: permission.location(of: .principal), attribute: AttributeName.principal.rawValue)
        case .value(let text) where text.hasSuffix(".amazonaws.com"):
            if !permission[.sourceARN].isAbsent || !permission[.sourceAccount].isAbsent {
                report.pass()
                return
            }
            report.fail("\(permission.id.name) lets \(text) invoke the function on behalf of any account's resources (no SourceArn or SourceAccount)",
                        resource: permission, at: permission.location(of: .principal), attribute: AttributeName.principal.rawValue,
                        severity: .high)
        case .value:
            report.pass()
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "public-bucket-read", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        ↓Principal: "*"
                        Action: s3:GetObject
                        Resource: !Sub "${Assets.Arn}/*"
            """),
        .bad(.cloudFormationYAML, scenario: "public-invoke", """
            Resources:
              Permission:
                Type: AWS::Lambda::Permission
                Properties:
                  FunctionName: orders
                  Action: lambda:InvokeFunction
                  ↓Principal: "*"
            """),
        .good(.cloudFormationYAML, scenario: "service-with-source", """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
              Permission:
                Type: AWS::Lambda::Permission
                Properties:
                  FunctionName: orders
                  Action: lambda:InvokeFunction
                  Principal: sns.amazonaws.com
                  SourceArn: !Ref Topic
              Queue:
                Type: AWS::SQS::Queue
              QueuePolicy:
                Type: AWS::SQS::QueuePolicy
                Properties:
                  Queues:
                    - !Ref Queue
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: "*"
                        Action: sqs:SendMessage
                        Resource: !GetAtt Queue.Arn
                        Condition:
                          ArnEquals:
                            aws:SourceArn: !Ref Topic
            """),
        .bad(.terraformJSON, scenario: "public-queue-send", """
            {
              "resource": {
                "aws_sqs_queue": {"orders": {"name": "orders"}},
                "aws_sqs_queue_policy": {
                  "orders": {
                    "queue_url": "${aws_sqs_queue.orders.id}",
                    ↓"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"*\\"},\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"*\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "public-queue-send", """
            resource "aws_sqs_queue" "orders" {
              name = "orders"
            }

            resource "aws_sqs_queue_policy" "orders" {
              queue_url = aws_sqs_queue.orders.id
              ↓policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"*\\"},\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"*\\"}]}"
            }
            """),
        .bad(.terraformJSON, scenario: "service-without-source", """
            {
              "resource": {
                "aws_lambda_permission": {
                  "s3": {"statement_id": "s3", "action": "lambda:InvokeFunction", "function_name": "orders", ↓"principal": "s3.amazonaws.com"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "service-without-source", """
            resource "aws_lambda_permission" "s3" {
              statement_id = "s3"
              action = "lambda:InvokeFunction"
              function_name = "orders"
              ↓principal = "s3.amazonaws.com"
            }
            """),
        .good(.terraformJSON, scenario: "service-with-source", """
            {
              "resource": {
                "aws_s3_bucket": {"uploads": {"bucket": "uploads"}},
                "aws_lambda_permission": {
                  "s3": {
                    "statement_id": "s3", "action": "lambda:InvokeFunction", "function_name": "orders",
                    "principal": "s3.amazonaws.com", "source_arn": "${aws_s3_bucket.uploads.arn}", "source_account": "123456789012"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "service-with-source", """
            resource "aws_s3_bucket" "uploads" {
              bucket = "uploads"
            }

            resource "aws_lambda_permission" "s3" {
              statement_id = "s3"
              action = "lambda:InvokeFunction"
              function_name = "orders"
              principal = "s3.amazonaws.com"
              source_arn = aws_s3_bucket.uploads.arn
              source_account = "123456789012"
            }
            """),
        .bad(.iamJSON, scenario: "public-bucket-read", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", ↓"Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::assets/*"}
              ]
            }
            """),
        .good(.iamJSON, scenario: "organization", """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": "*",
                  "Action": "s3:GetObject",
                  "Resource": "arn:aws:s3:::assets/*",
                  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
                }
              ]
            }
            """),
    ]
}
