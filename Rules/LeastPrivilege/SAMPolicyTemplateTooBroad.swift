import AuditCore
import AuditModel

/// AS-IAM-015: a SAM policy template whose resource parameter is a wildcard.
struct SAMPolicyTemplateTooBroad: PolicyRule {
    static let metadata = RuleMetadata(
        id: "AS-IAM-015",
        slug: "sam-policy-template-too-broad",
        title: "SAM policy template broader than the resource it uses",
        severity: .medium,
        pack: .leastPrivilege,
        tags: ["iam", "least-privilege", "serverless", "sam"],
        rationale: """
            SAM's policy templates (`DynamoDBCrudPolicy`, `SQSSendMessagePolicy`, \
            `S3ReadPolicy`, …) are scoped to the resource named in their parameter; passing \
            `"*"` or a pattern (`TableName: "*"`, `BucketName: "app-*"`) as that name gives the \
            function the template's actions on every table, queue or bucket of the account. \
            The rule compares each resource the template expanded to with the template's own \
            text and fails when the parameter added a wildcard. A `*FullAccess` managed \
            policy in `Policies` is AS-IAM-009's finding; the catalog's read-only-use \
            heuristic for write templates is not implemented.
            """,
        remediation: """
            Pass the resource itself (`TableName: !Ref Orders`, `QueueName: !GetAtt \
            Jobs.QueueName`), one template entry per resource.
            """,
        references: [
            "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html",
            "https://github.com/aws/serverless-application-model/blob/develop/samtranslator/policy_templates_data/policy_templates.json",
        ]
    )

    static let waivers: [FormatFamily: String] = [
        .terraform: "SAM policy templates exist only in SAM templates",
        .iam: "SAM policy templates exist only in SAM templates",
    ]

    func check(_ policy: PolicyDocument, in model: CloudModel, _ report: inout RuleReport) {
        guard let template = policy.samPolicyTemplate else { return }
        guard let first = template.wildcardResources.first else { return report.pass() }
        report.fail(
            "SAM policy template \(template.name) is given a wildcard resource name, so it applies to \(first)",
            policy: policy, at: template.location, attribute: "Policies[\(template.name)]"
        )
    }

    static let examples: [RuleExample] = [
        .bad(.samYAML, scenario: "wildcard-table", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - ↓DynamoDBCrudPolicy:
                        TableName: "*"
            """),
        .bad(.samYAML, scenario: "bucket-pattern", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Thumbnails:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: src/
                  Policies:
                    - ↓S3ReadPolicy:
                        BucketName: uploads-*
            """),
        .good(.samYAML, scenario: "named-table", """
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
                    - DynamoDBCrudPolicy:
                        TableName: !Ref Orders
                    - S3ReadPolicy:
                        BucketName: uploads
            """),
    ]
}
