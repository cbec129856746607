import AuditCore
import AuditGraph
import AuditModel

/// AS-BACKUP-010: a backup vault whose recovery points an administrator (or an attacker
/// with the administrator's keys) can delete, or that is encrypted with AWS Backup's own key.
struct BackupVaultWithoutLock: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-010",
        slug: "backup-vault-without-lock",
        title: "Backup vault without lock (or without CMK)",
        severity: .low,
        pack: .backupRetention,
        tags: ["reliability", "backup", "ransomware"],
        rationale: """
            AWS Backup Vault Lock stops anyone, including the account's administrators, from \
            deleting recovery points before their retention ends: it is what makes backups \
            survive a compromised account or ransomware. No vault is locked unless a lock is \
            configured (`LockConfiguration` in CloudFormation, an \
            `aws_backup_vault_lock_configuration` in Terraform, joined to its vault). The lock is \
            required of vaults that a backup plan in the scanned files writes to. Separately, a \
            vault without `EncryptionKeyArn` / `kms_key_arn` is encrypted with the AWS managed \
            key `aws/backup`, whose key policy nobody can narrow: a customer managed key lets you \
            restrict who can decrypt the backups. That part applies to every vault, as checkov's \
            CKV_AWS_166 does. A key that cannot be resolved is reported as unknown.
            """,
        remediation: """
            CloudFormation: add `LockConfiguration: {MinRetentionDays: 7}` (and `ChangeableForDays` \
            for compliance mode) and `EncryptionKeyArn: !GetAtt BackupKey.Arn` to the vault.
            Terraform: add an `aws_backup_vault_lock_configuration` with `min_retention_days`, and \
            set `kms_key_arn` on the `aws_backup_vault`.
            """,
        references: [
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-backup-backupvault.html#cfn-backup-backupvault-encryptionkeyarn",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/backup_vault_lock_configuration",
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html",
        ],
        peerIDs: ["checkov:CKV_AWS_166"]
    )

    static let subjects: Set<ResourceKind> = [.backupVault]

    static let lockAttributes: [AttributeName] = [.lockMinRetentionDays, .lockMaxRetentionDays, .lockChangeableForDays]

    func check(_ vault: Resource, in model: CloudModel, _ report: inout RuleReport) {
        var missing: [String] = []
        if let plan = Self.planWriting(to: vault, in: model), Self.lockAttributes.allSatisfy({ vault[$0].isAbsent }) {
            missing.append("no Vault Lock although plan \(plan.id.name) writes to it, so its recovery points can be deleted early")
        }
        let key = vault[.encryptionKeyARN]
        var keyLocation: SourceLocation?
        switch key.string {
        case .absent, .value(""):
            missing.append("no customer managed key: AWS Backup encrypts it with the AWS managed key aws/backup")
        case .value(let arn) where arn.hasSuffix("alias/aws/backup"):
            missing.append("encryption key \(arn) is the AWS managed key")
            keyLocation = vault.location(of: .encryptionKeyARN)
        case .unknown(let expression):
            // A key created beside the vault is known only after apply, but linked: a customer managed key.
            let linksKey = vault.links.contains { link in
                link.attribute == .encryptionKeyARN && model.resource(link.target)?.kind == .kmsKey
            }
            if !linksKey {
                report.unknown(expression, resource: vault, at: vault.location(of: .encryptionKeyARN))
                if missing.isEmpty { return }
            }
        case .value:
            break
        }
        if missing.isEmpty {
            report.pass()
            return
        }
        // A wrong key lands on the key; a missing lock or key (or both problems) on the vault.
        let onKey = missing.count == 1 && keyLocation != nil
        report.fail("Backup vault has " + missing.joined(separator: "; and "), resource: vault, at: onKey ? keyLocation : nil,
                    attribute: onKey ? AttributeName.encryptionKeyARN.rawValue : nil)
    }

    /// A backup plan whose rules write to the vault: by a reference, or by the vault's literal name.
    static func planWriting(to vault: Resource, in model: CloudModel) -> Resource? {
        if let (plan, _) = model.referrers(of: vault.id).first(where: { $0.resource.kind == .backupPlan }) {
            return plan
        }
        guard case .value(let name) = vault[.backupVaultName].string else { return nil }
        return plansByVaultName.of(model)[ResourceID(scope: vault.id.scope, name: name)]
    }

    /// Plans by scope and the literal vault name a rule writes to, the first in model order
    /// for a name: one pass per scan instead of a walk of the scope's plans per vault.
    private static let plansByVaultName = PerModelIndex { model in
        var plans: [ResourceID: Resource] = [:]
        for plan in model.resources(of: .backupPlan) {
            guard case .value(let rules) = plan[.backupPlanRules].list else { continue }
            for rule in rules {
                guard let name = (rule["TargetBackupVault"] ?? rule["target_vault_name"])?.stringValue else { continue }
                let key = ResourceID(scope: plan.id.scope, name: name)
                if plans[key] == nil { plans[key] = plan }
            }
        }
        return plans
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Vault:
                Type: AWS::Backup::BackupVault
                Properties:
                  BackupVaultName: main
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: !Ref Vault
                        ScheduleExpression: cron(0 5 * * ? *)
                        Lifecycle:
                          DeleteAfterDays: 35
            """),
        .bad(.cloudFormationYAML, scenario: "unused-without-key", """
            Resources:
              ↓Vault:
                Type: AWS::Backup::BackupVault
                Properties:
                  BackupVaultName: spare
            """),
        .bad(.cloudFormationYAML, scenario: "aws-managed-key", """
            Resources:
              Vault:
                Type: AWS::Backup::BackupVault
                Properties:
                  BackupVaultName: spare
                  ↓EncryptionKeyArn: arn:aws:kms:us-east-1:111122223333:alias/aws/backup
            """),
        .bad(.cloudFormationYAML, scenario: "plan-by-name-without-lock", """
            Resources:
              ↓Vault:
                Type: AWS::Backup::BackupVault
                Properties:
                  BackupVaultName: main
                  EncryptionKeyArn: !GetAtt BackupKey.Arn
              BackupKey:
                Type: AWS::KMS::Key
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: main
            """),
        .good(.cloudFormationYAML, scenario: "locked-with-key", """
            Resources:
              Vault:
                Type: AWS::Backup::BackupVault
                Properties:
                  BackupVaultName: main
                  EncryptionKeyArn: !GetAtt BackupKey.Arn
                  LockConfiguration:
                    MinRetentionDays: 7
              BackupKey:
                Type: AWS::KMS::Key
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: !Ref Vault
            """),
        .good(.cloudFormationYAML, scenario: "unresolved-key", """
            Parameters:
              KeyArn:
                Type: String
            Resources:
              Vault:
                Type: AWS::Backup::BackupVault
                Properties:
                  BackupVaultName: spare
                  EncryptionKeyArn: !Ref KeyArn
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_backup_vault": {
                  ↓"main": {"name": "main"}
                },
                "aws_backup_plan": {
                  "daily": {
                    "name": "daily",
                    "rule": [{
                      "rule_name": "daily",
                      "target_vault_name": "${aws_backup_vault.main.name}",
                      "schedule": "cron(0 5 * * ? *)",
                      "lifecycle": {"delete_after": 35}
                    }]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_backup_vault" "main" {
              name = "main"
            }

            resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = aws_backup_vault.main.name
                schedule = "cron(0 5 * * ? *)"
                lifecycle {
                  delete_after = 35
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "unused-without-key", """
            {
              "resource": {
                "aws_backup_vault": {
                  ↓"spare": {"name": "spare"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "unused-without-key", """
            ↓resource "aws_backup_vault" "spare" {
              name = "spare"
            }
            """),
        .bad(.terraformJSON, scenario: "aws-managed-key", """
            {
              "resource": {
                "aws_backup_vault": {
                  "spare": {
                    "name": "spare",
                    ↓"kms_key_arn": "arn:aws:kms:us-east-1:111122223333:alias/aws/backup"
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "aws-managed-key", """
            resource "aws_backup_vault" "spare" {
              name = "spare"
              ↓kms_key_arn = "arn:aws:kms:us-east-1:111122223333:alias/aws/backup"
            }
            """),
        .good(.terraformJSON, scenario: "locked-with-key", """
            {
              "resource": {
                "aws_kms_key": {"backup": {}},
                "aws_backup_vault": {
                  "main": {"name": "main", "kms_key_arn": "${aws_kms_key.backup.arn}"}
                },
                "aws_backup_vault_lock_configuration": {
                  "main": {"backup_vault_name": "${aws_backup_vault.main.name}", "min_retention_days": 7}
                },
                "aws_backup_plan": {
                  "daily": {
                    "name": "daily",
                    "rule": [{"rule_name": "daily", "target_vault_name": "${aws_backup_vault.main.name}"}]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "locked-with-key", """
            resource "aws_kms_key" "backup" {
            }

            resource "aws_backup_vault" "main" {
              name = "main"
              kms_key_arn = aws_kms_key.backup.arn
            }

            resource "aws_backup_vault_lock_configuration" "main" {
              backup_vault_name = aws_backup_vault.main.name
              min_retention_days = 7
            }

            resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = aws_backup_vault.main.name
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-key-known-after-apply", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_kms_key.backup",
                      "mode": "managed",
                      "type": "aws_kms_key",
                      "name": "backup",
                      "values": {"enable_key_rotation": true}
                    },
                    {
                      "address": "aws_backup_vault.spare",
                      "mode": "managed",
                      "type": "aws_backup_vault",
                      "name": "spare",
                      "values": {"name": "spare"}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_backup_vault.spare",
                  "mode": "managed",
                  "type": "aws_backup_vault",
                  "name": "spare",
                  "change": {"actions": ["create"], "after": {"name": "spare"}, "after_unknown": {"arn": true, "kms_key_arn": true}}
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_kms_key.backup",
                      "type": "aws_kms_key",
                      "name": "backup",
                      "expressions": {"enable_key_rotation": {"constant_value": true}}
                    },
                    {
                      "address": "aws_backup_vault.spare",
                      "type": "aws_backup_vault",
                      "name": "spare",
                      "expressions": {
                        "name": {"constant_value": "spare"},
                        "kms_key_arn": {"references": ["aws_kms_key.backup.arn", "aws_kms_key.backup"]}
                      }
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved-key", """
            {
              "variable": {"key_arn": {"type": "string"}},
              "resource": {
                "aws_backup_vault": {
                  "spare": {"name": "spare", "kms_key_arn": "${var.key_arn}"}
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved-key", """
            variable "key_arn" {
              type = "string"
            }

            resource "aws_backup_vault" "spare" {
              name = "spare"
              kms_key_arn = var.key_arn
            }
            """),
    ]
}
