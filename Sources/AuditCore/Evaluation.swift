import AuditModel

/// One rule judging one subject, recorded only when a report lists every check made
/// (JUnit: one test case per rule × resource). Off by default, so a normal scan pays
/// nothing for it.
public struct Evaluation: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        case pass, fail, unknown
    }

    public var ruleID: String
    /// The resource or policy owner judged; `nil` for a rule over the whole model.
    public var subject: ResourceID?
    /// `AWS::RDS::DBInstance`, `aws_db_instance`, `IAM policy`.
    public var subjectType: String?
    /// Where the subject is written; `nil` for a rule over the whole model.
    public var location: SourceLocation?
    public var verdict: Verdict

    public init(ruleID: String, subject: ResourceID?, subjectType: String?, location: SourceLocation?, verdict: Verdict) {
        self.ruleID = ruleID
        self.subject = subject
        self.subjectType = subjectType
        self.location = location
        self.verdict = verdict
    }

    /// What a report says about its subject: a finding wins over an unknown, an unknown
    /// over a pass; `nil` when the rule recorded nothing (the subject was not its concern).
    static func verdict(of report: RuleReport) -> Verdict? {
        if !report.findings.isEmpty { return .fail }
        if !report.unknowns.isEmpty { return .unknown }
        return report.passes > 0 ? .pass : nil
    }

    public static func of(_ report: RuleReport, resource: Resource) -> Evaluation? {
        verdict(of: report).map {
            Evaluation(ruleID: report.metadata.id, subject: resource.id, subjectType: resource.sourceType,
                       location: resource.location, verdict: $0)
        }
    }

    public static func of(_ report: RuleReport, policy: PolicyDocument) -> Evaluation? {
        verdict(of: report).map {
            Evaluation(ruleID: report.metadata.id, subject: policy.owner ?? policy.id, subjectType: "IAM policy",
                       location: policy.location, verdict: $0)
        }
    }

    /// A rule over the whole model: one evaluation for the scanned set.
    public static func of(modelReport report: RuleReport) -> Evaluation? {
        verdict(of: report).map {
            Evaluation(ruleID: report.metadata.id, subject: nil, subjectType: nil, location: nil, verdict: $0)
        }
    }
}
