import AuditCore
import AuditModel

/// `auditstack report --format json`: the data the launch-review page is drawn from (README,
/// "Launch review JSON"). Fields are only ever added within a `schemaVersion`.
public enum LaunchReviewJSON {
    public static let schemaVersion = 1

    public static func render(_ review: LaunchReview) -> String {
        document(review).rendered()
    }

    public static func document(_ review: LaunchReview) -> JSONValue {
        .object([
            ("schemaVersion", .int(schemaVersion)),
            ("kind", .string("launch-review")),
            ("tool", .object([("name", .string(ToolInfo.name)), ("version", .string(review.scanned.toolVersion))])),
            ("verdict", .object([
                ("ready", .bool(review.verdict.ready)),
                ("headline", .string(review.verdict.headline)),
                ("summary", .string(review.verdict.summary)),
                ("blockingSeverities", .array(review.verdict.blockingSeverities.map { .string($0.rawValue) })),
                ("blockingFindings", .int(review.verdict.blockingFindings)),
                ("blockingGroups", .array(review.verdict.blockingGroups.map { .string(groupID($0)) })),
                ("unreadableInputs", .int(review.verdict.unreadableInputs)),
            ])),
            ("counts", .object([
                ("findings", .int(review.countsBySeverity.reduce(0) { $0 + $1.count })),
                ("groups", .int(review.groups.count)),
                ("bySeverity", .object(review.countsBySeverity.map { ($0.severity.rawValue, .int($0.count)) })),
                ("byPack", .object(review.countsByPack.map { ($0.pack.rawValue, .int($0.count)) })),
                ("unknown", .int(review.unknownCount)),
                ("suppressed", .int(review.suppressedCount)),
            ])),
            ("scanned", .object([
                ("files", .array(review.scanned.files.map { file in
                    .object([("path", .string(review.options.paths.display(file.path))), ("format", .string(file.format))])
                })),
                ("formats", .object(review.scanned.formats.map { ($0.format, .int($0.count)) })),
                ("resources", .int(review.scanned.resources)),
                ("policies", .int(review.scanned.policies)),
                ("skippedFiles", .int(review.scanned.skipped)),
                ("rulesRun", .int(review.scanned.rulesRun)),
                ("environments", .array(review.scanned.environments.map { environment in
                    .object([
                        ("environment", .string(environment.environment)), ("reason", .string(environment.reason)),
                        ("resources", .int(environment.resourceCount)),
                    ])
                })),
            ])),
            ("checklist", .array(review.checklist.map { entry in
                .object([
                    ("key", .string(entry.item.key)),
                    ("title", .string(entry.item.title)),
                    ("question", .string(entry.item.question)),
                    ("status", .string(entry.status.rawValue)),
                    ("statusText", .string(entry.statusText)),
                    ("detail", .string(entry.detail)),
                    ("failingResources", .int(entry.failingResources)),
                    ("findings", .int(entry.findings)),
                    ("unknowns", .int(entry.unknowns)),
                    ("suppressed", .int(entry.suppressed)),
                    ("rules", .array(entry.rules.map { rule in
                        .object([
                            ("id", .string(rule.id)), ("title", .optional(rule.title)), ("state", .string(rule.state)),
                            ("checked", .int(rule.checked)), ("findings", .int(rule.findings)), ("unknowns", .int(rule.unknowns)),
                        ])
                    })),
                    ("groups", .array(entry.groups.map { .string(groupID($0)) })),
                ])
            })),
            ("claims", .array(review.claims.map { row in
                .object([
                    ("resource", .string(row.resource.id.name)),
                    ("type", .string(row.resource.type)),
                    ("category", .string(row.resource.category)),
                    ("location", .string(review.location(row.resource.location))),
                    ("cells", .object(row.cells.map { cell in
                        (cell.claim.rawValue, .object([
                            ("mark", .string(cell.mark.rawValue)), ("note", .string(cell.note)),
                            ("group", cell.group.map { .string(groupID($0)) } ?? .null),
                        ]))
                    })),
                ])
            })),
            ("money", .object([
                ("monthlyTotal", .string(LaunchReview.dollars(review.money.monthlyTotal))),
                ("monthlyAvoidable", .string(LaunchReview.dollars(review.money.monthlyAvoidable))),
                ("labels", .array(review.money.labels.map(JSONValue.string))),
                ("natSpend", .optional(review.money.natSpend)),
                ("assumptions", .array(review.money.assumptions.map(JSONValue.string))),
                ("rows", .array(review.money.rows.map { row in
                    .object([
                        ("ruleId", .string(row.ruleID)), ("resource", .optional(row.resource)), ("location", .string(row.location)),
                        ("message", .string(row.message)),
                        ("monthly", row.estimate.map { .string(LaunchReview.dollars($0.monthlyTotal)) } ?? .null),
                        ("avoidable", row.estimate?.monthlyAvoidable.map { .string(LaunchReview.dollars($0)) } ?? .null),
                        ("label", .optional(row.estimate?.label)),
                        ("basis", .array((row.estimate?.basis ?? []).map(JSONValue.string))),
                        ("group", row.group.map { .string(groupID($0)) } ?? .null),
                    ])
                })),
            ])),
            ("groups", .array(review.groups.enumerated().map { index, group in
                let rule = review.rules[group.ruleIDs[0]]
                return .object([
                    ("id", .string(groupID(index))),
                    ("severity", .string(group.severity.rawValue)),
                    ("blocking", .bool(group.blocking)),
                    ("rules", .array(group.ruleIDs.map { id in
                        .object([("id", .string(id)), ("title", .optional(review.rules[id]?.title))])
                    })),
                    ("snippets", .array(LaunchReview.snippets(of: group).map { snippet in
                        .object([("language", .string(snippet.language)), ("placement", .string(snippet.placement)), ("text", .string(snippet.text))])
                    })),
                    ("why", .optional(rule?.rationale)),
                    ("fix", .optional(rule?.remediation)),
                    ("findings", .array(group.findings.map { finding in
                        .object([
                            ("ruleId", .string(finding.ruleID)), ("severity", .string(finding.severity.rawValue)),
                            ("location", .string(review.location(finding.location))),
                            ("resource", .optional(finding.resource?.name)), ("resourceType", .optional(finding.resourceType)),
                            ("message", .string(finding.message)),
                        ])
                    })),
                ])
            })),
            ("suppressed", .array(review.suppressed.map { entry in
                .object([
                    ("ruleId", .string(entry.finding.ruleID)), ("location", .string(review.location(entry.finding.location))),
                    ("resource", .optional(entry.finding.resource?.name)), ("message", .string(entry.finding.message)),
                    ("origin", .string(entry.suppression.origin.rawValue)), ("reason", .string(entry.suppression.reason)),
                    ("expires", .optional(entry.suppression.expires)),
                ])
            })),
            ("unknowns", .array(review.unknowns.map { unknown in
                .object([
                    ("ruleId", .string(unknown.ruleID)), ("location", .string(review.location(unknown.location))),
                    ("resource", .optional(unknown.resource?.name)), ("dependsOn", .string(unknown.expression)),
                ])
            })),
            ("errors", .array(review.errors.map { error in
                .object([
                    ("location", .string(review.location(SourceLocation(file: error.file, line: error.line, column: error.column)))),
                    ("message", .string(error.message)),
                ])
            })),
        ])
    }

    /// The anchor of a finding group: `group-1` is the first (most severe) one.
    public static func groupID(_ index: Int) -> String {
        "group-\(index + 1)"
    }
}
