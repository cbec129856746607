import AuditCore
import AuditModel

/// AS-ENC-009: an S3 bucket whose policy does not deny requests made without TLS.
///
/// A model rule rather than a resource rule: the bucket policies and their documents are
/// indexed once per scan, so thousands of buckets do not each search every policy.
struct S3BucketAllowsInsecureTransport: ModelRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-009",
        slug: "s3-bucket-allows-insecure-transport",
        title: "S3 bucket does not enforce TLS (aws:SecureTransport)",
        severity: .medium,
        pack: .encryption,
        tags: ["security", "encryption", "s3", "tls"],
        rationale: """
            S3 encrypts objects at rest by default, but it still answers plain HTTP requests unless \
            the bucket policy refuses them. The way to refuse them is a Deny statement for every \
            principal ("*"), on s3:* (or *), on the bucket and on its objects (arn:…:bucket and \
            arn:…:bucket/*), with the condition Bool aws:SecureTransport = false. The bucket policy \
            is found through the model: CloudFormation's AWS::S3::BucketPolicy whose Bucket names \
            the bucket, Terraform's aws_s3_bucket_policy (or the legacy policy argument of \
            aws_s3_bucket), including documents built with aws_iam_policy_document. A policy that \
            cannot be read statically is counted as unknown; a policy kept in another stack or \
            module is not seen, so such a bucket is reported. Differences from peers: an Allow \
            statement conditioned on aws:SecureTransport = true does not count, because it does not \
            stop another grant (an IAM policy, an ACL) from being used over HTTP; a Deny that covers \
            only some actions (KICS accepts s3:PutObject alone) or only the objects is reported, \
            since HTTP reads and bucket-level calls stay open; and every bucket is checked, not only \
            buckets with a public ACL as in checkov CKV_AWS_379; a bucket served as an S3 website is \
            reported too (website endpoints speak HTTP only: serve it through CloudFront instead). A \
            statement without Resource is read as applying to the bucket and its objects.
            """,
        remediation: """
            Add to the bucket policy: `Effect: Deny`, `Principal: "*"`, `Action: "s3:*"`, \
            `Resource: [<bucket ARN>, "<bucket ARN>/*"]`, \
            `Condition: {Bool: {"aws:SecureTransport": "false"}}`.
            CloudFormation: in the `AWS::S3::BucketPolicy` whose `Bucket` is `!Ref` the bucket.
            Terraform: in the `aws_s3_bucket_policy` of the bucket (or its `aws_iam_policy_document`).
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
            "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy",
        ],
        peerIDs: ["checkov:CKV_AWS_379", "kics:38c64e76-c71e-4d92-a337-60174d1de1c9"]
    )

    /// What one statement does for TLS enforcement.
    private enum Verdict {
        case enforces
        /// Denies HTTP, but not for everything; `gap` says what stays open.
        case partial(gap: String, at: SourceLocation)
        case unknown(String, at: SourceLocation)
        case irrelevant
    }

    /// The model's bucket policies and resource-based documents, indexed for the buckets.
    private struct PolicyIndex {
        /// Resource-based documents by the resource that carries them.
        var documentsByOwner: [ResourceID: [PolicyDocument]] = [:]
        /// Bucket policies that name a bucket by a literal, by scope and that name.
        var bucketPoliciesByName: [ResourceID: [Resource]] = [:]

        init(_ model: CloudModel) {
            for document in model.policies where document.kind == .resourceBased {
                guard let owner = document.owner else { continue }
                documentsByOwner[owner, default: []].append(document)
            }
            for policy in model.resources(of: .bucketPolicy) {
                guard case .value(let name) = policy[.bucketName].string, !name.isEmpty else { continue }
                bucketPoliciesByName[ResourceID(scope: policy.id.scope, name: name), default: []].append(policy)
            }
        }

        /// The documents that apply to `bucket`: its own (Terraform's legacy `policy`
        /// argument) and those of every bucket policy linked to it or naming it.
        func documents(of bucket: Resource, in model: CloudModel) -> [PolicyDocument] {
            var bucketPolicies = model.referrers(of: bucket.id)
                .filter { $0.resource.kind == .bucketPolicy && $0.link.attribute == .bucketName }
                .map(\.resource)
            // A policy may name its bucket by a literal name instead of a reference.
            if case .value(let name) = bucket[.bucketName].string, !name.isEmpty {
                bucketPolicies += bucketPoliciesByName[ResourceID(scope: bucket.id.scope, name: name)] ?? []
            }
            var owners: [ResourceID] = [bucket.id]
            for policy in bucketPolicies where !owners.contains(policy.id) {
                owners.append(policy.id)
                // A document built elsewhere (an `aws_iam_policy_document`) belongs to its source.
                owners += policy.links.map(\.target).filter { $0 != bucket.id && !owners.contains($0) }
            }
            var seen: Set<ResourceID> = []
            return owners.flatMap { documentsByOwner[$0] ?? [] }.filter { seen.insert($0.id).inserted }
        }
    }

    func check(_ model: CloudModel, _ report: inout RuleReport) {
        let buckets = model.resources(of: .bucket)
        guard !buckets.isEmpty else { return }
        let index = PolicyIndex(model)
        for bucket in buckets {
            check(bucket, documents: index.documents(of: bucket, in: model), &report)
        }
    }

    private func check(_ bucket: Resource, documents: [PolicyDocument], _ report: inout RuleReport) {
        guard let firstDocument = documents.first else {
            report.fail("Bucket accepts requests without TLS: no bucket policy denies aws:SecureTransport = false",
                        resource: bucket)
            return
        }
        var partial: (gap: String, at: SourceLocation)?
        var unknown: (expression: String, at: SourceLocation)?
        for document in documents {
            if let expression = document.unresolvedExpression, unknown == nil { unknown = (expression, document.location) }
            for statement in document.statements {
                switch Self.verdict(of: statement) {
                case .enforces:
                    report.pass()
                    return
                case .partial(let gap, let location):
                    if partial == nil { partial = (gap, location) }
                case .unknown(let expression, let location):
                    if unknown == nil { unknown = (expression, location) }
                case .irrelevant:
                    continue
                }
            }
        }
        if let unknown {
            report.unknown(unknown.expression, resource: bucket, at: unknown.at)
        } else if let partial {
            report.fail("Bucket accepts some requests without TLS: the Deny on aws:SecureTransport = false \(partial.gap)",
                        resource: bucket, at: partial.at, attribute: "BucketPolicy")
        } else {
            report.fail("Bucket accepts requests without TLS: its bucket policy has no Deny on aws:SecureTransport = false",
                        resource: bucket, at: firstDocument.location, attribute: "BucketPolicy")
        }
    }

    // MARK: Judging a statement

    private static func verdict(of statement: PolicyStatement) -> Verdict {
        switch statement.effect.string {
        case .value(let effect) where effect == "Deny": break
        case .unknown(let expression): return .unknown(expression, at: statement.location)
        default: return .irrelevant
        }
        guard let condition = statement.conditions.first(where: { $0.key.lowercased() == "aws:securetransport" }),
              ["bool", "boolifexists"].contains(condition.conditionOperator.lowercased()) else { return .irrelevant }
        if let value = condition.values.first(where: \.containsUnresolved) {
            return .unknown(value.displayText, at: condition.location ?? statement.location)
        }
        guard condition.values.contains(where: { $0.displayText.lowercased() == "false" }) else { return .irrelevant }

        // Only a Deny for everyone enforces TLS; an empty principal list is read as everyone
        // (S3 refuses a bucket policy statement without a principal).
        for principal in statement.principals where principal.value.containsUnresolved {
            return .unknown(principal.value.displayText, at: principal.location ?? statement.location)
        }
        if !statement.principals.isEmpty, !statement.principals.contains(where: { $0.value.displayText == "*" }) {
            return .irrelevant
        }

        switch actionCoverage(statement) {
        case .unknown(let expression): return .unknown(expression, at: statement.actions?.location ?? statement.location)
        case .value(let coversAll) where !coversAll:
            let named = statement.actions?.literalStrings.joined(separator: ", ") ?? ""
            return .partial(gap: "only covers \(named)", at: statement.actions?.location ?? statement.location)
        default: break
        }

        guard let resources = statement.resources else { return .enforces }
        let location = resources.location ?? statement.location
        // A single templated ARN (`!Sub "${Bucket.Arn}/*"`) arrives as the whole element.
        let values = resources.unresolvedExpression.map { [Value.unresolved($0)] } ?? resources.entries.map(\.value)
        var coversBucket = false
        var coversObjects = false
        for value in values {
            let scope: (bucket: Bool, objects: Bool)
            switch value {
            case .string(let literal):
                scope = resourceScope(literal)
            case .unresolved(let expression) where expression.contains(":::") || expression.contains("/"):
                // The ARN's shape is written even if the bucket's name is not known.
                scope = resourceScope(expression)
            case .reference:
                scope = (true, false)  // the bucket's ARN (or name)
            default:
                return .unknown(value.displayText, at: location)
            }
            coversBucket = coversBucket || scope.bucket
            coversObjects = coversObjects || scope.objects
        }
        switch (coversBucket, coversObjects) {
        case (true, true): return .enforces
        case (true, false): return .partial(gap: "covers the bucket but not its objects (<bucket ARN>/*)", at: location)
        case (false, true): return .partial(gap: "covers the objects but not the bucket itself", at: location)
        case (false, false): return .partial(gap: "covers neither the bucket nor all of its objects", at: location)
        }
    }

    /// Whether the actions include every S3 action (`*`, `s3:*`); `NotAction` counts as broad.
    private static func actionCoverage(_ statement: PolicyStatement) -> Resolved<Bool> {
        if statement.notActions != nil { return .value(true) }
        guard let actions = statement.actions else { return .value(true) }
        if let expression = actions.unresolvedExpression { return .unknown(expression) }
        if let entry = actions.entries.first(where: { $0.value.containsUnresolved }) { return .unknown(entry.value.displayText) }
        return .value(actions.literalStrings.contains { ["*", "s3:*"].contains($0.lowercased()) })
    }

    /// Which part of a bucket an ARN pattern covers: `arn:aws:s3:::b` the bucket,
    /// `arn:aws:s3:::b/*` every object, `*` or `arn:aws:s3:::b*` both. Text without `:::` is an
    /// expression for the bucket's ARN (`${aws_s3_bucket.b.arn}/*`).
    private static func resourceScope(_ text: String) -> (bucket: Bool, objects: Bool) {
        if text == "*" { return (true, true) }
        // An S3 ARN has empty region and account fields: the resource follows the last `:::`.
        let afterService = text.split(separator: ":::", omittingEmptySubsequences: false).last.map(String.init) ?? text
        guard let slash = afterService.firstIndex(of: "/") else {
            let wildcard = afterService.hasSuffix("*")
            return (true, wildcard)
        }
        let key = afterService[afterService.index(after: slash)...]
        return (false, key == "*")
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-policy", """
            Resources:
              ↓Assets:
                Type: AWS::S3::Bucket
            """),
        .bad(.cloudFormationYAML, scenario: "policy-without-deny", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  ↓PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: cloudfront.amazonaws.com
                        Action: s3:GetObject
                        Resource: !Sub "${Assets.Arn}/*"
            """),
        .bad(.cloudFormationYAML, scenario: "deny-objects-only", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        Principal: "*"
                        Action: s3:*
                        ↓Resource: !Sub "${Assets.Arn}/*"
                        Condition:
                          Bool:
                            aws:SecureTransport: false
            """),
        .bad(.cloudFormationYAML, scenario: "allow-if-secure", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  ↓PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: "*"
                        Action: s3:GetObject
                        Resource: !Sub "${Assets.Arn}/*"
                        Condition:
                          Bool:
                            aws:SecureTransport: true
            """),
        .good(.cloudFormationYAML, scenario: "deny-insecure", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  PolicyDocument:
                    Statement:
                      - Sid: DenyInsecureTransport
                        Effect: Deny
                        Principal: "*"
                        Action: s3:*
                        Resource:
                          - !GetAtt Assets.Arn
                          - !Sub "${Assets.Arn}/*"
                        Condition:
                          Bool:
                            aws:SecureTransport: false
            """),
        .good(.cloudFormationYAML, scenario: "deny-insecure-by-name", """
            Resources:
              Assets:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: book-assets
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: book-assets
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        Principal:
                          AWS: "*"
                        Action: "*"
                        Resource:
                          - arn:aws:s3:::book-assets
                          - arn:aws:s3:::book-assets/*
                        Condition:
                          Bool:
                            aws:SecureTransport: "false"
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Secure:
                Type: String
            Resources:
              Assets:
                Type: AWS::S3::Bucket
              AssetsPolicy:
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: !Ref Assets
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        Principal: "*"
                        Action: s3:*
                        Resource:
                          - !GetAtt Assets.Arn
                          - !Sub "${Assets.Arn}/*"
                        Condition:
                          Bool:
                            aws:SecureTransport: !Ref Secure
            """),
        .bad(.terraformJSON, scenario: "no-policy", """
            {
              "resource": {
                "aws_s3_bucket": {
                  ↓"assets": {"bucket": "book-assets"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "no-policy", """
            ↓resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }
            """),
        .bad(.terraformJSON, scenario: "policy-without-deny", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_policy": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    ↓"policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"Service\\": \\"cloudfront.amazonaws.com\\"}, \\"Action\\": \\"s3:GetObject\\", \\"Resource\\": \\"${aws_s3_bucket.assets.arn}/*\\"}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "policy-without-deny", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_policy" "assets" {
              bucket = aws_s3_bucket.assets.id
              ↓policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"Service\\": \\"cloudfront.amazonaws.com\\"}, \\"Action\\": \\"s3:GetObject\\", \\"Resource\\": \\"${aws_s3_bucket.assets.arn}/*\\"}]}"
            }
            """),
        .bad(.terraformJSON, scenario: "deny-objects-only", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_policy": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "policy": "${data.aws_iam_policy_document.tls.json}"
                  }
                }
              },
              "data": {
                "aws_iam_policy_document": {
                  "tls": {
                    "statement": [
                      {
                        "effect": "Deny",
                        "principals": [{"type": "*", "identifiers": ["*"]}],
                        "actions": ["s3:*"],
                        ↓"resources": ["${aws_s3_bucket.assets.arn}/*"],
                        "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
                      }
                    ]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "deny-objects-only", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_policy" "assets" {
              bucket = aws_s3_bucket.assets.id
              policy = data.aws_iam_policy_document.tls.json
            }

            data "aws_iam_policy_document" "tls" {
              statement {
                effect = "Deny"
                principals {
                  type = "*"
                  identifiers = ["*"]
                }
                actions = ["s3:*"]
                ↓resources = ["${aws_s3_bucket.assets.arn}/*"]
                condition {
                  test = "Bool"
                  variable = "aws:SecureTransport"
                  values = ["false"]
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "allow-if-secure", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_policy": {
                  "assets": {
                    "bucket": "book-assets",
                    ↓"policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"s3:GetObject\\", \\"Resource\\": \\"arn:aws:s3:::book-assets/*\\", \\"Condition\\": {\\"Bool\\": {\\"aws:SecureTransport\\": \\"true\\"}}}]}"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "allow-if-secure", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_policy" "assets" {
              bucket = "book-assets"
              ↓policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"s3:GetObject\\", \\"Resource\\": \\"arn:aws:s3:::book-assets/*\\", \\"Condition\\": {\\"Bool\\": {\\"aws:SecureTransport\\": \\"true\\"}}}]}"
            }
            """),
        .good(.terraformJSON, scenario: "deny-insecure", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_policy": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "policy": "${data.aws_iam_policy_document.tls.json}"
                  }
                }
              },
              "data": {
                "aws_iam_policy_document": {
                  "tls": {
                    "statement": [
                      {
                        "sid": "DenyInsecureTransport",
                        "effect": "Deny",
                        "principals": [{"type": "*", "identifiers": ["*"]}],
                        "actions": ["s3:*"],
                        "resources": ["${aws_s3_bucket.assets.arn}", "${aws_s3_bucket.assets.arn}/*"],
                        "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
                      }
                    ]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "deny-insecure", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_policy" "assets" {
              bucket = aws_s3_bucket.assets.id
              policy = data.aws_iam_policy_document.tls.json
            }

            data "aws_iam_policy_document" "tls" {
              statement {
                sid = "DenyInsecureTransport"
                effect = "Deny"
                principals {
                  type = "*"
                  identifiers = ["*"]
                }
                actions = ["s3:*"]
                resources = [aws_s3_bucket.assets.arn, "${aws_s3_bucket.assets.arn}/*"]
                condition {
                  test = "Bool"
                  variable = "aws:SecureTransport"
                  values = ["false"]
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "deny-insecure-by-name", """
            {
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_policy": {
                  "assets": {
                    "bucket": "book-assets",
                    "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Deny\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}, \\"Action\\": \\"*\\", \\"Resource\\": [\\"arn:aws:s3:::book-assets\\", \\"arn:aws:s3:::book-assets/*\\"], \\"Condition\\": {\\"Bool\\": {\\"aws:SecureTransport\\": \\"false\\"}}}]}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "deny-insecure-by-name", """
            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_policy" "assets" {
              bucket = "book-assets"
              policy = "{\\"Statement\\": [{\\"Effect\\": \\"Deny\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}, \\"Action\\": \\"*\\", \\"Resource\\": [\\"arn:aws:s3:::book-assets\\", \\"arn:aws:s3:::book-assets/*\\"], \\"Condition\\": {\\"Bool\\": {\\"aws:SecureTransport\\": \\"false\\"}}}]}"
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"bucket_policy": {"type": "string"}},
              "resource": {
                "aws_s3_bucket": {
                  "assets": {"bucket": "book-assets"}
                },
                "aws_s3_bucket_policy": {
                  "assets": {
                    "bucket": "${aws_s3_bucket.assets.id}",
                    "policy": "${var.bucket_policy}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "bucket_policy" {
              type = "string"
            }

            resource "aws_s3_bucket" "assets" {
              bucket = "book-assets"
            }

            resource "aws_s3_bucket_policy" "assets" {
              bucket = aws_s3_bucket.assets.id
              policy = var.bucket_policy
            }
            """),
        .bad(.terraformPlan, scenario: "plan-policy-without-deny", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_s3_bucket.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "assets",
                      "values": {"bucket": "book-assets"}
                    },
                    {
                      "address": "aws_s3_bucket_policy.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket_policy",
                      "name": "assets",
                      "values": {
                        "bucket": "book-assets",
                        ↓"policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"cloudfront.amazonaws.com\\"},\\"Action\\":\\"s3:GetObject\\",\\"Resource\\":\\"arn:aws:s3:::book-assets/*\\"}]}"
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-deny-insecure", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_s3_bucket.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket",
                      "name": "assets",
                      "values": {"bucket": "book-assets"}
                    },
                    {
                      "address": "aws_s3_bucket_policy.assets",
                      "mode": "managed",
                      "type": "aws_s3_bucket_policy",
                      "name": "assets",
                      "values": {
                        "bucket": "book-assets",
                        "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":[\\"arn:aws:s3:::book-assets\\",\\"arn:aws:s3:::book-assets/*\\"],\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
