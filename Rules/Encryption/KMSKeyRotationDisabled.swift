import AuditCore
import AuditModel

/// AS-ENC-013: a customer-managed symmetric KMS key without automatic rotation.
struct KMSKeyRotationDisabled: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-013",
        slug: "kms-key-rotation-disabled",
        title: "Customer-managed KMS key without automatic rotation",
        severity: .medium,
        pack: .encryption,
        tags: ["security", "encryption", "kms"],
        rationale: """
            A symmetric customer-managed key keeps the same key material until someone turns \
            rotation on; rotation costs no downtime, old material stays available for decryption, \
            and it limits how much data one compromised version protects. Both formats leave it off \
            when unset: Terraform's enable_key_rotation defaults to false, and CloudFormation says \
            automatic rotation is not enabled by default. Only symmetric encryption keys \
            (SYMMETRIC_DEFAULT) with KMS-generated material can rotate automatically, so asymmetric \
            and HMAC keys, keys with imported material (Origin EXTERNAL) and disabled keys are not \
            judged; asking such a key to rotate is reported at low severity, because KMS refuses it \
            and the deploy fails (KICS reports it too; checkov passes it).
            """,
        remediation: """
            CloudFormation: set `EnableKeyRotation: true` on the `AWS::KMS::Key`.
            Terraform: set `enable_key_rotation = true` on the `aws_kms_key`
            (optionally `rotation_period_in_days`, 90–2560, default 365).
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key#enable_key_rotation",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html",
            "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_7", "kics:22fbfeac-7b5a-421a-8a27-7a2178bb910b",
            "kics:1c07bfaf-663c-4f6f-b22b-8e2d481e4df5", "kics:235ca980-eb71-48f4-9030-df0c371029eb",
        ]
    )

    static let subjects: Set<ResourceKind> = [.kmsKey]

    func check(_ key: Resource, in model: CloudModel, _ report: inout RuleReport) {
        // Keys that cannot rotate automatically are not judged, except that asking them to
        // rotate fails the deploy; an unknown spec or state is unknown.
        switch key[.keySpec].string {
        case .value(let spec) where spec != "SYMMETRIC_DEFAULT":
            if case .value(true) = key[.enableKeyRotation].bool {
                report.fail("Key rotation is requested for a \(spec) key, which KMS cannot rotate: the deploy fails",
                            resource: key, at: key.location(of: .enableKeyRotation),
                            attribute: AttributeName.enableKeyRotation.rawValue, severity: .low)
            }
            return
        case .unknown(let expression):
            report.unknown(expression, resource: key, at: key.location(of: .keySpec))
            return
        default: break
        }
        if case .value(let origin) = key[.keyOrigin].string, origin != "AWS_KMS" { return }
        switch key[.enabled].bool {
        case .value(false): return
        case .unknown(let expression):
            report.unknown(expression, resource: key, at: key.location(of: .enabled))
            return
        default: break
        }
        report.requireTrue(.enableKeyRotation, of: key) {
            "KMS key material never rotates: key rotation \($0.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓DataKey:
                Type: AWS::KMS::Key
                Properties:
                  Description: orders data
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-false", """
            Resources:
              DataKey:
                Type: AWS::KMS::Key
                Properties:
                  ↓EnableKeyRotation: false
            """),
        .good(.cloudFormationYAML, scenario: "explicit-true", """
            Resources:
              DataKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
            """),
        .good(.cloudFormationYAML, scenario: "asymmetric", """
            Resources:
              SigningKey:
                Type: AWS::KMS::Key
                Properties:
                  KeySpec: RSA_2048
                  KeyUsage: SIGN_VERIFY
            """),
        .bad(.cloudFormationYAML, scenario: "asymmetric-rotation-requested", """
            Resources:
              SigningKey:
                Type: AWS::KMS::Key
                Properties:
                  KeySpec: ECC_NIST_P256
                  KeyUsage: SIGN_VERIFY
                  ↓EnableKeyRotation: true
            """),
        .good(.cloudFormationYAML, scenario: "disabled", """
            Resources:
              OldKey:
                Type: AWS::KMS::Key
                Properties:
                  Enabled: false
            """),
        .good(.cloudFormationYAML, scenario: "imported-material", """
            Resources:
              ImportedKey:
                Type: AWS::KMS::Key
                Properties:
                  Origin: EXTERNAL
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Rotate:
                Type: String
            Resources:
              DataKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: !Ref Rotate
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_kms_key": {
                  ↓"data": {
                    "description": "orders data"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_kms_key" "data" {
              description = "orders data"
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-false", """
            {
              "resource": {
                "aws_kms_key": {
                  "data": {
                    ↓"enable_key_rotation": false
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "explicit-false", """
            resource "aws_kms_key" "data" {
              ↓enable_key_rotation = false
            }
            """),
        .good(.terraformJSON, scenario: "explicit-true", """
            {
              "resource": {
                "aws_kms_key": {
                  "data": {
                    "enable_key_rotation": true
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "explicit-true", """
            resource "aws_kms_key" "data" {
              enable_key_rotation = true
            }
            """),
        .good(.terraformJSON, scenario: "asymmetric", """
            {
              "resource": {
                "aws_kms_key": {
                  "signing": {
                    "customer_master_key_spec": "RSA_2048",
                    "key_usage": "SIGN_VERIFY"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "asymmetric", """
            resource "aws_kms_key" "signing" {
              customer_master_key_spec = "RSA_2048"
              key_usage = "SIGN_VERIFY"
            }
            """),
        .bad(.terraformJSON, scenario: "asymmetric-rotation-requested", """
            {
              "resource": {
                "aws_kms_key": {
                  "signing": {
                    "customer_master_key_spec": "ECC_NIST_P256",
                    "key_usage": "SIGN_VERIFY",
                    ↓"enable_key_rotation": true
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "asymmetric-rotation-requested", """
            resource "aws_kms_key" "signing" {
              customer_master_key_spec = "ECC_NIST_P256"
              key_usage = "SIGN_VERIFY"
              ↓enable_key_rotation = true
            }
            """),
        .good(.terraformJSON, scenario: "disabled", """
            {
              "resource": {
                "aws_kms_key": {
                  "old": {
                    "is_enabled": false
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "disabled", """
            resource "aws_kms_key" "old" {
              is_enabled = false
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"rotate": {"type": "bool"}},
              "resource": {
                "aws_kms_key": {
                  "data": {
                    "enable_key_rotation": "${var.rotate}"
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "rotate" {
              type = "bool"
            }

            resource "aws_kms_key" "data" {
              enable_key_rotation = var.rotate
            }
            """),
    ]
}
