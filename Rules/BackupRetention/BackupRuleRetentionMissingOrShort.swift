import AuditCore
import AuditModel

/// AS-BACKUP-008: an AWS Backup rule whose recovery points are never deleted, or deleted
/// too soon to help.
struct BackupRuleRetentionMissingOrShort: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-008",
        slug: "backup-rule-retention-missing-or-short",
        title: "AWS Backup rule without retention, or retention below minimum",
        severity: .high,
        pack: .backupRetention,
        tags: ["reliability", "backup", "aws-backup", "cost"],
        rationale: """
            Each rule of an AWS Backup plan decides how long its recovery points live. Without a \
            lifecycle (`Lifecycle.DeleteAfterDays` in CloudFormation, `lifecycle { delete_after }` \
            in Terraform; neither format has a default) AWS Backup keeps them indefinitely: they \
            pile up and are billed until someone deletes them by hand (medium). A retention below \
            the minimum, 7 days unless set with `--min-aws-backup-retention-days`, often ends \
            before a corruption is noticed (high); the same minimum applies to the lifecycle of a \
            rule's copy actions. A rule that moves recovery points to cold storage must keep them \
            at least 90 days after the move, or AWS Backup rejects the plan at deploy time \
            (medium). A lifecycle that depends on an unresolved value is reported as unknown.
            """,
        remediation: """
            CloudFormation: give each `BackupPlanRule` a `Lifecycle: {DeleteAfterDays: 35}` (at \
            least the minimum, and at least `MoveToColdStorageAfterDays` + 90 when cold storage is used).
            Terraform: give each `rule` a `lifecycle { delete_after = 35 }` block (same bounds for \
            `cold_storage_after`).
            """,
        references: [
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-backup-backupplan-lifecycleresourcetype.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/backup_plan#lifecycle",
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html",
        ]
    )

    static let subjects: Set<ResourceKind> = [.backupPlan]

    /// Days a recovery point must stay in cold storage before it may be deleted.
    static let coldStorageMinimumDays = 90

    func check(_ plan: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let rulesAttribute = plan[.backupPlanRules]
        let rules: [Value]
        switch rulesAttribute.list {
        case .value(let list): rules = list
        case .unknown(let expression):
            report.unknown(expression, resource: plan, at: plan.location(of: .backupPlanRules))
            return
        case .absent: return
        }
        let minimum = report.settings.minimumAWSBackupRetentionDays
        // With one rule the lifecycle keys have locations of their own; otherwise findings
        // point at the list of rules and name the rule.
        let single = rules.count == 1
        let before = report.findings.count + report.unknowns.count
        for (index, rule) in rules.enumerated() {
            if case .unresolved(let expression) = rule {
                report.unknown(expression, resource: plan, at: plan.location(of: .backupPlanRules))
                continue
            }
            let name = Self.field(rule, ["rulename"])?.stringValue ?? "#\(index + 1)"
            let lifecycle = Self.field(rule, ["lifecycle"])
            let deleteAfter = Self.days(Self.field(lifecycle, ["deleteafterdays", "deleteafter"]))
            let coldAfter = Self.days(Self.field(lifecycle, ["movetocoldstorageafterdays", "coldstorageafter"]))
            let deleteLocation = single ? plan.location(of: .backupRuleDeleteAfterDays) : plan.location(of: .backupPlanRules)
            let coldLocation = single ? plan.location(of: .backupRuleColdStorageAfterDays) : plan.location(of: .backupPlanRules)
            switch deleteAfter {
            case .absent:
                report.fail("Backup rule \(name) never deletes its recovery points: no DeleteAfterDays in its lifecycle, so they are kept (and billed) until deleted by hand",
                            resource: plan, severity: .medium)
            case .unknown(let expression):
                report.unknown(expression, resource: plan, at: deleteLocation)
            case .value(let days):
                if days < minimum {
                    report.fail("Backup rule \(name) deletes its recovery points after \(days) day\(days == 1 ? "" : "s"), below the \(minimum)-day minimum",
                                resource: plan, at: deleteLocation, attribute: AttributeName.backupRuleDeleteAfterDays.rawValue)
                } else if case .value(let cold) = coldAfter, days < cold + Self.coldStorageMinimumDays {
                    report.fail("Backup rule \(name) deletes recovery points \(days - cold) days after moving them to cold storage; AWS Backup requires at least \(Self.coldStorageMinimumDays) and rejects the plan",
                                resource: plan, at: coldLocation, attribute: AttributeName.backupRuleColdStorageAfterDays.rawValue,
                                severity: .medium)
                }
            }
            if case .unknown(let expression) = coldAfter { report.unknown(expression, resource: plan, at: coldLocation) }
            for copy in Self.list(Self.field(rule, ["copyactions", "copyaction"])) {
                guard case .value(let days) = Self.days(Self.field(Self.field(copy, ["lifecycle"]), ["deleteafterdays", "deleteafter"])),
                      days < minimum else { continue }
                report.fail("Backup rule \(name) keeps its copies only \(days) day\(days == 1 ? "" : "s"), below the \(minimum)-day minimum",
                            resource: plan, at: plan.location(of: .backupPlanRules), attribute: AttributeName.backupPlanRules.rawValue)
            }
        }
        if report.findings.count + report.unknowns.count == before { report.pass() }
    }

    /// A key of a map value, matched without case and underscores (`DeleteAfterDays`,
    /// `delete_after` → `deleteafterdays`, `deleteafter`); Terraform blocks may come as
    /// one-element lists.
    static func field(_ value: Value?, _ names: Set<String>) -> Value? {
        guard var value else { return nil }
        if case .list(let items) = value, items.count == 1 { value = items[0] }
        guard case .map(let entries) = value else { return nil }
        return entries.first { names.contains($0.key.lowercased().filter { $0 != "_" }) }?.value
    }

    private static func list(_ value: Value?) -> [Value] {
        switch value {
        case .list(let items): items
        case .map(let entries): [.map(entries)]
        default: []
        }
    }

    /// A number of days: absent for a missing key or `null`, unknown for unresolved text.
    static func days(_ value: Value?) -> Resolved<Int> {
        switch value {
        case nil, .null?: return .absent
        case .number(let number)? where number == number.rounded() && abs(number) < 1e9: return .value(Int(number))
        case .string(let text)?: return Int(text).map(Resolved.value) ?? .unknown(text)
        case .unresolved(let expression)?: return .unknown(expression)
        case let other?: return .unknown(other.displayText)
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: Default
                        ScheduleExpression: cron(0 5 * * ? *)
            """),
        .bad(.cloudFormationYAML, scenario: "three-days", """
            Resources:
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: Default
                        Lifecycle:
                          ↓DeleteAfterDays: 3
            """),
        .bad(.cloudFormationYAML, scenario: "cold-storage-gap", """
            Resources:
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: monthly
                    BackupPlanRule:
                      - RuleName: monthly
                        TargetBackupVault: Default
                        Lifecycle:
                          ↓MoveToColdStorageAfterDays: 30
                          DeleteAfterDays: 60
            """),
        .bad(.cloudFormationYAML, scenario: "second-rule-short", """
            Resources:
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: tiers
                    ↓BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: Default
                        Lifecycle:
                          DeleteAfterDays: 35
                      - RuleName: hourly
                        TargetBackupVault: Default
                        Lifecycle:
                          DeleteAfterDays: 1
            """),
        .good(.cloudFormationYAML, scenario: "thirty-five-days", """
            Resources:
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: Default
                        Lifecycle:
                          MoveToColdStorageAfterDays: 30
                          DeleteAfterDays: 365
                        CopyActions:
                          - DestinationBackupVaultArn: arn:aws:backup:eu-west-1:111122223333:backup-vault:dr
                            Lifecycle:
                              DeleteAfterDays: 35
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              RetentionDays:
                Type: Number
            Resources:
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: Default
                        Lifecycle:
                          DeleteAfterDays: !Ref RetentionDays
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_backup_plan": {
                  ↓"daily": {
                    "name": "daily",
                    "rule": [{"rule_name": "daily", "target_vault_name": "Default", "schedule": "cron(0 5 * * ? *)"}]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "absent", """
            ↓resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = "Default"
                schedule = "cron(0 5 * * ? *)"
              }
            }
            """),
        .bad(.terraformJSON, scenario: "three-days", """
            {
              "resource": {
                "aws_backup_plan": {
                  "daily": {
                    "name": "daily",
                    "rule": [{
                      "rule_name": "daily",
                      "target_vault_name": "Default",
                      "lifecycle": {↓"delete_after": 3}
                    }]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "three-days", """
            resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = "Default"
                lifecycle {
                  ↓delete_after = 3
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "cold-storage-gap", """
            {
              "resource": {
                "aws_backup_plan": {
                  "monthly": {
                    "name": "monthly",
                    "rule": {
                      "rule_name": "monthly",
                      "target_vault_name": "Default",
                      "lifecycle": {↓"cold_storage_after": 30, "delete_after": 60}
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "cold-storage-gap", """
            resource "aws_backup_plan" "monthly" {
              name = "monthly"
              rule {
                rule_name = "monthly"
                target_vault_name = "Default"
                lifecycle {
                  ↓cold_storage_after = 30
                  delete_after = 60
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "short-copy", """
            {
              "resource": {
                "aws_backup_plan": {
                  "daily": {
                    "name": "daily",
                    ↓"rule": [{
                      "rule_name": "daily",
                      "target_vault_name": "Default",
                      "lifecycle": {"delete_after": 35},
                      "copy_action": [{
                        "destination_vault_arn": "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr",
                        "lifecycle": {"delete_after": 2}
                      }]
                    }]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "short-copy", """
            resource "aws_backup_plan" "daily" {
              name = "daily"
              ↓rule {
                rule_name = "daily"
                target_vault_name = "Default"
                lifecycle {
                  delete_after = 35
                }
                copy_action {
                  destination_vault_arn = "arn:aws:backup:eu-west-1:111122223333:backup-vault:dr"
                  lifecycle {
                    delete_after = 2
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "thirty-five-days", """
            {
              "resource": {
                "aws_backup_plan": {
                  "daily": {
                    "name": "daily",
                    "rule": [{
                      "rule_name": "daily",
                      "target_vault_name": "Default",
                      "lifecycle": {"cold_storage_after": 30, "delete_after": 365}
                    }]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "thirty-five-days", """
            resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = "Default"
                lifecycle {
                  cold_storage_after = 30
                  delete_after = 365
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"retention_days": {"type": "number"}},
              "resource": {
                "aws_backup_plan": {
                  "daily": {
                    "name": "daily",
                    "rule": [{
                      "rule_name": "daily",
                      "target_vault_name": "Default",
                      "lifecycle": {"delete_after": "${var.retention_days}"}
                    }]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "retention_days" {
              type = "number"
            }

            resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = "Default"
                lifecycle {
                  delete_after = var.retention_days
                }
              }
            }
            """),
    ]
}
