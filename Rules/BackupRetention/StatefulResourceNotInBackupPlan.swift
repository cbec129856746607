import AuditCore
import AuditModel

/// AS-BACKUP-009: a database, table or file system that no AWS Backup selection picks,
/// so its only backups are the service's own (which may go with the resource).
struct StatefulResourceNotInBackupPlan: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-BACKUP-009",
        slug: "stateful-resource-not-in-backup-plan",
        title: "Stateful resource not selected by any AWS Backup plan",
        severity: .medium,
        pack: .backupRetention,
        tags: ["reliability", "backup", "aws-backup"],
        rationale: """
            AWS Backup keeps recovery points in a vault, apart from the resource, on a schedule, \
            optionally copied to another Region or account and protected by Vault Lock; service \
            backups alone (RDS automated backups, DynamoDB PITR) can be deleted with the resource \
            (AS-BACKUP-004). auditstack looks for an AWS Backup selection (`AWS::Backup::BackupSelection`, \
            `aws_backup_selection`) anywhere in the scanned files that picks each RDS instance, RDS \
            or Aurora cluster, DynamoDB table and EFS file system, with the selection's own logic: \
            its `Resources` (a reference to the resource, `*`, or an ARN pattern such as \
            `arn:aws:dynamodb:*:*:table/*`) or its `ListOfTags` / `selection_tag` (tags matched \
            against the resource's tags as written), narrowed by every `Conditions` / `condition` \
            and minus `NotResources`; a selection with neither resources nor tags picks every \
            resource its conditions allow. A selection that depends on a value unknown before \
            deploy (a parameter, a variable, a tag value) makes the result unknown. Aurora member \
            instances (the cluster is what AWS Backup protects) and read replicas are not \
            checked. Tags added at deploy time (stack tags, Terraform provider default_tags) are \
            not visible in the files. checkov's CKV2_AWS_8 and CKV2_AWS_18 check RDS clusters and \
            EFS file systems the same way (by reference); its CKV2_AWS_9 covers EBS volumes, \
            which auditstack does not model.
            """,
        remediation: """
            Add the resource to a backup plan: an `AWS::Backup::BackupSelection` (CloudFormation) or \
            `aws_backup_selection` (Terraform) whose resources list its ARN (`!GetAtt Table.Arn`, \
            `aws_dynamodb_table.orders.arn`), or that selects by a tag the resource carries \
            (`ListOfTags` / `selection_tag` with `STRINGEQUALS`).
            """,
        references: [
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
            "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-backup-backupselection-backupselectionresourcetype.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/backup_selection",
        ],
        peerIDs: ["checkov:CKV2_AWS_8", "checkov:CKV2_AWS_9", "checkov:CKV2_AWS_18"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance, .databaseCluster, .table, .fileSystem]

    func check(_ resource: Resource, in model: CloudModel, _ report: inout RuleReport) {
        if resource.kind == .databaseInstance,
           !resource[.dbClusterIdentifier].isAbsent || !resource[.sourceDBInstanceIdentifier].isAbsent { return }
        let selections = model.resources(of: .backupSelection)
        switch AWSBackupCoverage.of(resource, in: model) {
        case .covered:
            report.pass()
            return
        case .unknown(let reason):
            report.unknown(reason, resource: resource)
            return
        case .notCovered:
            break
        }
        let what = Self.noun(for: resource.kind)
        let detail = selections.isEmpty
            ? "there is no AWS Backup selection in the scanned files"
            : "none of the \(selections.count) AWS Backup selection\(selections.count == 1 ? "" : "s") in the scanned files picks it by ARN or tag"
        report.fail("No AWS Backup plan protects this \(what): \(detail)", resource: resource)
    }

    private static func noun(for kind: ResourceKind) -> String {
        switch kind {
        case .databaseInstance: "RDS instance"
        case .databaseCluster: "DB cluster"
        case .table: "DynamoDB table"
        default: "EFS file system"
        }
    }

    // MARK: Three-valued selection logic

    enum Verdict: Equatable {
        case yes, no
        case unknown(String)

        static func any(_ verdicts: some Sequence<Verdict>) -> Verdict {
            var undecided: Verdict?
            for verdict in verdicts {
                if verdict == .yes { return .yes }
                if case .unknown = verdict, undecided == nil { undecided = verdict }
            }
            return undecided ?? .no
        }

        static func all(_ verdicts: some Sequence<Verdict>) -> Verdict {
            var undecided: Verdict?
            for verdict in verdicts {
                if verdict == .no { return .no }
                if case .unknown = verdict, undecided == nil { undecided = verdict }
            }
            return undecided ?? .yes
        }

        var negated: Verdict {
            switch self {
            case .yes: .no
            case .no: .yes
            case .unknown: self
            }
        }
    }

    /// Whether `selection` picks `resource`: (resources or tags, or everything when it names
    /// neither) and every condition, and not one of its excluded resources. `linkedBy` holds
    /// the selection attributes with a model link to the resource (a plan's `references`
    /// are links even where the planned value is not known yet).
    static func selects(_ selection: Resource, _ resource: Resource, linkedBy: Set<AttributeName>, in model: CloudModel) -> Verdict {
        let named: Resolved<[Value]> = .value([.reference(ResourceReference(target: resource.id))])
        let included = linkedBy.contains(.backupSelectionResources) ? named : items(selection[.backupSelectionResources])
        var tagConditions = conditions(selection[.backupSelectionTags])
        if case .absent = tagConditions { tagConditions = .value([]) }
        let byResources: Verdict = switch included {
        case .value(let arns): .any(arns.lazy.map { matches($0, resource, from: selection, in: model) })
        case .unknown(let reason): .unknown(reason)
        case .absent: .no
        }
        let byTags: Verdict = switch tagConditions {
        case .value(let tags): .any(tags.lazy.map { condition($0, holdsFor: resource) })
        case .unknown(let reason): .unknown(reason)
        case .absent: .no
        }
        // Neither resources nor tags: every resource the conditions allow.
        let namesNothing: Bool
        if case .value(let arns) = included, arns.isEmpty, case .value(let tags) = tagConditions, tags.isEmpty {
            namesNothing = true
        } else {
            namesNothing = false
        }
        let base: Verdict = namesNothing ? .yes : .any([byResources, byTags])
        let narrowed: Verdict = switch conditions(selection[.backupSelectionConditions]) {
        case .value(let all): .all(all.lazy.map { condition($0, holdsFor: resource) })
        case .unknown(let reason): .unknown(reason)
        case .absent: .yes
        }
        let excludedItems = linkedBy.contains(.backupSelectionNotResources) ? named : items(selection[.backupSelectionNotResources])
        let excluded: Verdict = switch excludedItems {
        case .value(let arns): .any(arns.lazy.map { matches($0, resource, from: selection, in: model) })
        case .unknown(let reason): .unknown(reason)
        case .absent: .no
        }
        return .all([base, narrowed, excluded.negated])
    }

    /// A list attribute; absent counts as empty.
    private static func items(_ attribute: Attr) -> Resolved<[Value]> {
        switch attribute.list {
        case .absent: .value([])
        case let other: other
        }
    }

    // MARK: ARNs

    /// How a resource's ARN reads: `arn:<partition>:<service>:<region>:<account>:<prefix><name>`.
    private struct ARNShape {
        var service: String
        var prefix: String
        var name: String?
        var caseInsensitive: Bool
    }

    private static func shape(of resource: Resource) -> ARNShape {
        func literal(_ name: AttributeName) -> String? {
            if case .value(let text) = resource[name].string { return text }
            return nil
        }
        switch resource.kind {
        case .table: return ARNShape(service: "dynamodb", prefix: "table/", name: literal(.tableName), caseInsensitive: false)
        case .databaseInstance:
            return ARNShape(service: "rds", prefix: "db:", name: literal(.dbInstanceIdentifier), caseInsensitive: true)
        case .databaseCluster:
            return ARNShape(service: "rds", prefix: "cluster:", name: literal(.dbClusterIdentifier), caseInsensitive: true)
        default: return ARNShape(service: "elasticfilesystem", prefix: "file-system/", name: nil, caseInsensitive: false)
        }
    }

    /// Whether one entry of a resource list designates `resource`.
    static func matches(_ item: Value, _ resource: Resource, from selection: Resource, in model: CloudModel) -> Verdict {
        switch item {
        case .reference(let reference):
            return reference.target == resource.id ? .yes : .no
        case .string(let pattern):
            let verdict = arnPattern(pattern, matches: resource, opaqueFields: [])
            return verdict == .unknown("") ? .unknown("\(pattern) against a name known only after deploy") : verdict
        case .unresolved(let text):
            // `!Sub`/interpolated ARNs: placeholders naming resources say which resource is
            // meant; pseudo parameters and other unknowns are wildcards whose value matters
            // only outside the partition, Region and account fields.
            var pattern = ""
            var opaque: Set<Int> = []
            var namesOther = false
            var field = 0
            var rest = Substring(text)
            while let open = placeholderStart(in: rest) {
                let before = rest[..<open]
                field += before.filter { $0 == ":" }.count
                pattern += before
                let innerStart = rest.index(open, offsetBy: 2)
                guard let close = rest[innerStart...].firstIndex(of: "}") else {
                    pattern += rest[open...]
                    rest = ""
                    break
                }
                let inner = String(rest[innerStart..<close])
                switch placeholder(inner, from: selection, in: model) {
                case .resource(let id) where id == resource.id: return .yes
                case .resource: namesOther = true
                case .pseudo: break
                case .opaque: opaque.insert(min(field, 5))
                }
                pattern += "*"
                rest = rest[rest.index(after: close)...]
            }
            pattern += rest
            if namesOther { return .no }
            // No placeholder to read (`!Ref Parameter`), or nothing but one: anything at all.
            if pattern == text || pattern == "*" { return .unknown("resource \(text) is not known before deploy") }
            let verdict = arnPattern(pattern, matches: resource, opaqueFields: opaque)
            return verdict == .unknown("") ? .unknown("resource \(text) is not known before deploy") : verdict
        default:
            return .no
        }
    }

    /// Where the next `${` starts.
    private static func placeholderStart(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            let next = text.index(after: dollar)
            if next < text.endIndex && text[next] == "{" { return dollar }
            index = next
        }
        return nil
    }

    private enum Placeholder {
        case resource(ResourceID)
        case pseudo
        case opaque
    }

    /// What a `${…}` names: a resource of the selection's scope (`Table`, `Table.Arn`,
    /// `aws_dynamodb_table.orders.name`), a pseudo parameter, or something unknowable.
    private static func placeholder(_ inner: String, from selection: Resource, in model: CloudModel) -> Placeholder {
        if inner.hasPrefix("AWS::") { return .pseudo }
        var candidate = Substring(inner)
        while !candidate.isEmpty {
            if let target = model.resource(ResourceID(scope: selection.id.scope, name: String(candidate))) {
                return .resource(target.id)
            }
            guard let dot = candidate.lastIndex(of: ".") else { break }
            candidate = candidate[..<dot]
        }
        // A Terraform address of a resource the files do not declare (`aws_db_instance.x.arn`):
        // some other resource, not the one being checked.
        let segments = inner.split(separator: ".")
        if segments.count >= 2, let type = segments.first, type.contains("_"),
           type.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }),
           !["var", "local", "data", "module", "each", "count", "path", "terraform", "self"].contains(String(type)) {
            return .resource(ResourceID(scope: selection.id.scope, name: segments.prefix(2).joined(separator: ".")))
        }
        return .opaque
    }

    /// `*`, or an ARN pattern with `*`/`?` wildcards, against the resource's ARN. Fields in
    /// `opaqueFields` (0-based, colon-separated) stood for unknown text: a match through them
    /// in the service or resource field is undecided (`.unknown("")`).
    private static func arnPattern(_ pattern: String, matches resource: Resource, opaqueFields: Set<Int>) -> Verdict {
        if pattern == "*" { return opaqueFields.isEmpty ? .yes : .unknown("") }
        let fields = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, glob(fields[0], "arn") else { return .no }
        let arn = shape(of: resource)
        guard glob(fields[2], arn.service) else { return .no }
        let decided: Verdict
        if let name = arn.name {
            decided = glob(fields[5], arn.prefix + name, caseInsensitive: arn.caseInsensitive) ? .yes : .no
        } else if glob(fields[5], arn.prefix + "a") && glob(fields[5], arn.prefix + "other-name-0") {
            decided = .yes  // every name of the type
        } else {
            let head = fields[5].prefix { $0 != "*" && $0 != "?" }
            let sameType = head.count >= arn.prefix.count ? head.hasPrefix(arn.prefix) : arn.prefix.hasPrefix(head)
            decided = sameType ? .unknown("") : .no
        }
        if decided == .yes, !opaqueFields.isDisjoint(with: [2, 5]) { return .unknown("") }
        return decided
    }

    /// Shell-style matching with `*` (any run) and `?` (one character), as AWS Backup ARNs use.
    static func glob(_ pattern: String, _ text: String, caseInsensitive: Bool = false) -> Bool {
        let pattern = Array(caseInsensitive ? pattern.lowercased() : pattern)
        let text = Array(caseInsensitive ? text.lowercased() : text)
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    // MARK: Tags

    /// One tag test: `StringEquals` (the only type `ListOfTags` has), `StringNotEquals`,
    /// `StringLike`, `StringNotLike`.
    struct TagCondition {
        var operation: String
        var key: String
        var value: Value
    }

    /// CloudFormation's `{ConditionType, ConditionKey, ConditionValue}` lists and
    /// `{StringEquals: [...]}` maps, Terraform's `selection_tag {type, key, value}` and
    /// `condition { string_equals { key, value } }` blocks, in one shape.
    private static func conditions(_ attribute: Attr) -> Resolved<[TagCondition]> {
        let value: Value
        switch attribute.list {
        case .absent: return .absent
        case .unknown(let expression): return .unknown(expression)
        case .value(let items): value = .list(items)
        }
        var found: [TagCondition] = []
        func collect(_ value: Value, operation: String?) -> String? {
            switch value {
            case .list(let items):
                for item in items { if let problem = collect(item, operation: operation) { return problem } }
            case .map(let entries):
                let fields = Dictionary(entries.map { (normalized($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
                if let key = fields["key"] {
                    guard case .string(let keyText) = key else { return "tag key \(key.displayText)" }
                    let type = fields["type"]?.stringValue.map(normalized) ?? operation ?? "stringequals"
                    found.append(TagCondition(operation: type, key: keyText, value: fields["value"] ?? .null))
                } else {
                    for entry in entries {
                        if let problem = collect(entry.value, operation: normalized(entry.key)) { return problem }
                    }
                }
            case .unresolved(let expression):
                return expression
            default:
                break
            }
            return nil
        }
        if let problem = collect(value, operation: nil) { return .unknown(problem) }
        return .value(found)
    }

    /// `ConditionKey` → `key`, `string_equals` → `stringequals`.
    private static func normalized(_ key: String) -> String {
        var text = key.lowercased().filter { $0 != "_" }
        if text.hasPrefix("condition") && text.count > "condition".count { text.removeFirst("condition".count) }
        return text
    }

    static func condition(_ test: TagCondition, holdsFor resource: Resource) -> Verdict {
        var key = test.key
        if key.lowercased().hasPrefix("aws:resourcetag/") { key.removeFirst("aws:ResourceTag/".count) }
        guard case .string(let wanted) = test.value else {
            return .unknown("tag \(key) compared with \(test.value.displayText)")
        }
        let actual: String?
        switch tagValue(key, of: resource) {
        case .unknown(let reason): return .unknown(reason)
        case .value(let value): actual = value
        case .absent: actual = nil
        }
        switch test.operation {
        case "stringequals": return actual == wanted ? .yes : .no
        case "stringnotequals": return actual == wanted ? .no : .yes
        case "stringlike": return actual.map { glob(wanted, $0) } == true ? .yes : .no
        case "stringnotlike": return actual.map { glob(wanted, $0) } == true ? .no : .yes
        default: return .unknown("condition \(test.operation) on tag \(key)")
        }
    }

    /// The resource's value for a tag key as written: `.absent` when it has no such tag,
    /// unknown when the tags cannot be read statically.
    static func tagValue(_ key: String, of resource: Resource) -> Resolved<String> {
        let attribute = resource[.resourceTags]
        if case .unresolved(let expression) = attribute.provenance { return .unknown(expression) }
        guard let tags = attribute.value else { return resource.tags[key].map(Resolved.value) ?? .absent }
        var pairs: [(key: Value, value: Value)] = []
        switch tags {
        case .map(let entries): pairs = entries.map { (.string($0.key), $0.value) }
        case .list(let items): pairs = items.compactMap { item in item["Key"].map { ($0, item["Value"] ?? .null) } }
        case .unresolved(let expression): return .unknown(expression)
        default: return .absent
        }
        var undecided: String?
        for pair in pairs {
            switch pair.key {
            case .string(let text) where text == key:
                switch pair.value {
                case .string(let value): return .value(value)
                case .number, .bool: return .value(pair.value.displayText)
                default: return .unknown("tag \(key) = \(pair.value.displayText)")
                }
            case .string: continue
            default: undecided = undecided ?? "tag key \(pair.key.displayText)"
            }
        }
        return undecided.map(Resolved.unknown) ?? .absent
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-selection", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: orders
                  BillingMode: PAY_PER_REQUEST
                  KeySchema: [{AttributeName: id, KeyType: HASH}]
                  AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            """),
        .good(.cloudFormationYAML, scenario: "selected-by-reference", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: orders
              Plan:
                Type: AWS::Backup::BackupPlan
                Properties:
                  BackupPlan:
                    BackupPlanName: daily
                    BackupPlanRule:
                      - RuleName: daily
                        TargetBackupVault: Default
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: !Ref Plan
                  BackupSelection:
                    SelectionName: tables
                    IamRoleArn: arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole
                    Resources:
                      - !GetAtt Orders.Arn
            """),
        .good(.cloudFormationYAML, scenario: "selected-by-sub", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: databases
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources:
                      - !Sub arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${Database}
            """),
        .good(.cloudFormationYAML, scenario: "selected-by-tag", """
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  Tags:
                    - Key: backup
                      Value: daily
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: tagged
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    ListOfTags:
                      - ConditionType: STRINGEQUALS
                        ConditionKey: backup
                        ConditionValue: daily
            """),
        .good(.cloudFormationYAML, scenario: "selected-by-wildcard", """
            Resources:
              Files:
                Type: AWS::EFS::FileSystem
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: everything
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources: ["*"]
            """),
        .bad(.cloudFormationYAML, scenario: "other-tag-and-type", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  Tags:
                    - Key: backup
                      Value: none
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: tagged
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources:
                      - arn:aws:rds:*:*:db:*
                    ListOfTags:
                      - ConditionType: STRINGEQUALS
                        ConditionKey: backup
                        ConditionValue: daily
            """),
        .bad(.cloudFormationYAML, scenario: "excluded", """
            Resources:
              ↓Orders:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: orders
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: tables
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources:
                      - arn:aws:dynamodb:*:*:table/*
                    NotResources:
                      - !GetAtt Orders.Arn
            """),
        .good(.cloudFormationYAML, scenario: "unresolved-selection", """
            Parameters:
              TableArn:
                Type: String
            Resources:
              Orders:
                Type: AWS::DynamoDB::Table
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: tables
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources:
                      - !Ref TableArn
            """),
        .good(.cloudFormationYAML, scenario: "aurora-member", """
            Resources:
              Member:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: aurora-postgresql
                  DBClusterIdentifier: !Ref Cluster
              Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
              Selection:
                Type: AWS::Backup::BackupSelection
                Properties:
                  BackupPlanId: plan-1234
                  BackupSelection:
                    SelectionName: clusters
                    IamRoleArn: arn:aws:iam::111122223333:role/backup
                    Resources:
                      - !GetAtt Cluster.DBClusterArn
            """),
        .bad(.samYAML, scenario: "sam-simple-table", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Sessions:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey:
                    Name: id
                    Type: String
            """),
        .bad(.terraformJSON, scenario: "no-selection", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  ↓"orders": {"name": "orders", "hash_key": "id", "billing_mode": "PAY_PER_REQUEST"}
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "no-selection", """
            ↓resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              billing_mode = "PAY_PER_REQUEST"
            }
            """),
        .good(.terraformJSON, scenario: "selected-by-reference", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id"}
                },
                "aws_backup_plan": {
                  "daily": {"name": "daily", "rule": [{"rule_name": "daily", "target_vault_name": "Default"}]}
                },
                "aws_backup_selection": {
                  "tables": {
                    "name": "tables",
                    "plan_id": "${aws_backup_plan.daily.id}",
                    "iam_role_arn": "arn:aws:iam::111122223333:role/backup",
                    "resources": ["${aws_dynamodb_table.orders.arn}"]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "selected-by-reference", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
            }

            resource "aws_backup_plan" "daily" {
              name = "daily"
              rule {
                rule_name = "daily"
                target_vault_name = "Default"
              }
            }

            resource "aws_backup_selection" "tables" {
              name = "tables"
              plan_id = aws_backup_plan.daily.id
              iam_role_arn = "arn:aws:iam::111122223333:role/backup"
              resources = [aws_dynamodb_table.orders.arn]
            }
            """),
        .good(.terraformJSON, scenario: "selected-by-tag", """
            {
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id", "tags": {"backup": "daily"}}
                },
                "aws_backup_selection": {
                  "tagged": {
                    "name": "tagged",
                    "plan_id": "plan-1234",
                    "iam_role_arn": "arn:aws:iam::111122223333:role/backup",
                    "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "selected-by-tag", """
            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              tags = {
                backup = "daily"
              }
            }

            resource "aws_backup_selection" "tagged" {
              name = "tagged"
              plan_id = "plan-1234"
              iam_role_arn = "arn:aws:iam::111122223333:role/backup"
              selection_tag {
                type = "STRINGEQUALS"
                key = "backup"
                value = "daily"
              }
            }
            """),
        .good(.terraformJSON, scenario: "selected-by-condition", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {"identifier": "main", "engine": "postgres", "tags": {"tier": "gold"}}
                },
                "aws_backup_selection": {
                  "gold": {
                    "name": "gold",
                    "plan_id": "plan-1234",
                    "iam_role_arn": "arn:aws:iam::111122223333:role/backup",
                    "resources": ["arn:aws:rds:*:*:db:*"],
                    "condition": [{"string_equals": [{"key": "aws:ResourceTag/tier", "value": "gold"}]}]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "selected-by-condition", """
            resource "aws_db_instance" "main" {
              identifier = "main"
              engine = "postgres"
              tags = {
                tier = "gold"
              }
            }

            resource "aws_backup_selection" "gold" {
              name = "gold"
              plan_id = "plan-1234"
              iam_role_arn = "arn:aws:iam::111122223333:role/backup"
              resources = ["arn:aws:rds:*:*:db:*"]
              condition {
                string_equals {
                  key = "aws:ResourceTag/tier"
                  value = "gold"
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "condition-not-met", """
            {
              "resource": {
                "aws_db_instance": {
                  ↓"main": {"identifier": "main", "engine": "postgres", "tags": {"tier": "bronze"}}
                },
                "aws_backup_selection": {
                  "gold": {
                    "name": "gold",
                    "plan_id": "plan-1234",
                    "iam_role_arn": "arn:aws:iam::111122223333:role/backup",
                    "resources": ["arn:aws:rds:*:*:db:*"],
                    "condition": [{"string_equals": [{"key": "aws:ResourceTag/tier", "value": "gold"}]}]
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "condition-not-met", """
            ↓resource "aws_db_instance" "main" {
              identifier = "main"
              engine = "postgres"
              tags = {
                tier = "bronze"
              }
            }

            resource "aws_backup_selection" "gold" {
              name = "gold"
              plan_id = "plan-1234"
              iam_role_arn = "arn:aws:iam::111122223333:role/backup"
              resources = ["arn:aws:rds:*:*:db:*"]
              condition {
                string_equals {
                  key = "aws:ResourceTag/tier"
                  value = "gold"
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved-tag", """
            {
              "variable": {"tier": {"type": "string"}},
              "resource": {
                "aws_dynamodb_table": {
                  "orders": {"name": "orders", "hash_key": "id", "tags": {"backup": "${var.tier}"}}
                },
                "aws_backup_selection": {
                  "tagged": {
                    "name": "tagged",
                    "plan_id": "plan-1234",
                    "iam_role_arn": "arn:aws:iam::111122223333:role/backup",
                    "selection_tag": [{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}]
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved-tag", """
            variable "tier" {
              type = "string"
            }

            resource "aws_dynamodb_table" "orders" {
              name = "orders"
              hash_key = "id"
              tags = {
                backup = var.tier
              }
            }

            resource "aws_backup_selection" "tagged" {
              name = "tagged"
              plan_id = "plan-1234"
              iam_role_arn = "arn:aws:iam::111122223333:role/backup"
              selection_tag {
                type = "STRINGEQUALS"
                key = "backup"
                value = "daily"
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-no-selection", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": ↓"aws_rds_cluster.main",
                      "mode": "managed",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "values": {"cluster_identifier": "main", "engine": "aurora-postgresql"}
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_rds_cluster.main",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "expressions": {"cluster_identifier": {"constant_value": "main"}}
                    }
                  ]
                }
              }
            }
            """),
        .good(.terraformPlan, scenario: "plan-selected-by-reference", """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_rds_cluster.main",
                      "mode": "managed",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "values": {"cluster_identifier": "main", "engine": "aurora-postgresql"}
                    },
                    {
                      "address": "aws_backup_selection.main",
                      "mode": "managed",
                      "type": "aws_backup_selection",
                      "name": "main",
                      "values": {"name": "main", "plan_id": "plan-1234"}
                    }
                  ]
                }
              },
              "resource_changes": [
                {
                  "address": "aws_backup_selection.main",
                  "mode": "managed",
                  "type": "aws_backup_selection",
                  "name": "main",
                  "change": {
                    "actions": ["create"],
                    "after": {"name": "main", "plan_id": "plan-1234"},
                    "after_unknown": {"id": true, "resources": true}
                  }
                }
              ],
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_rds_cluster.main",
                      "type": "aws_rds_cluster",
                      "name": "main",
                      "expressions": {"cluster_identifier": {"constant_value": "main"}}
                    },
                    {
                      "address": "aws_backup_selection.main",
                      "type": "aws_backup_selection",
                      "name": "main",
                      "expressions": {
                        "name": {"constant_value": "main"},
                        "plan_id": {"constant_value": "plan-1234"},
                        "resources": {"references": ["aws_rds_cluster.main.arn", "aws_rds_cluster.main"]}
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
