import AuditCore
import AuditModel
import AuditSyntax

/// Writes a finding's suggested alarm in the format its resource was found in: a
/// CloudFormation resource (YAML, to paste under `Resources:`) for a template, a Terraform
/// JSON file (to save beside the module) for `.tf.json` and plans. Rules build the alarm
/// format-neutral (`SuggestedAlarm`); this is the one place that knows the syntax.
public enum SuggestedAlarmRenderer {
    /// Fills `suggestedFix` of every finding that carries a suggested alarm.
    public static func render(_ findings: inout [Finding], model: CloudModel) {
        guard findings.contains(where: { $0.suggestedAlarm != nil }) else { return }
        var formats: [String: (format: DocumentFormat, file: String)] = [:]
        for scope in model.scopes where formats[scope.name] == nil {
            formats[scope.name] = (scope.format, scope.files.min() ?? scope.name)
        }
        for index in findings.indices {
            guard let alarm = findings[index].suggestedAlarm, let scope = formats[alarm.subject.scope] else { continue }
            let file = model.resource(alarm.subject)?.location.file ?? scope.file
            findings[index].suggestedFix = render(alarm, format: scope.format, file: file)
        }
    }

    public static func render(_ alarm: SuggestedAlarm, format: DocumentFormat, file: String) -> RenderedSnippet? {
        switch format {
        case .cloudFormation, .sam: cloudFormation(alarm, file: file)
        case .terraformConfig, .terraformPlan: terraform(alarm, file: file, fromPlan: format == .terraformPlan)
        default: nil
        }
    }

    // MARK: CloudFormation

    static func cloudFormation(_ alarm: SuggestedAlarm, file: String) -> RenderedSnippet {
        var lines = [
            "  \(alarm.logicalName):",
            "    Type: AWS::CloudWatch::Alarm",
            "    Properties:",
            "      AlarmDescription: \(yamlQuoted(alarm.description))",
            "      Namespace: \(alarm.namespace)",
            "      MetricName: \(yamlQuoted(alarm.metricName))",
            "      Dimensions:",
        ]
        for dimension in alarm.dimensions {
            lines.append("        - Name: \(dimension.name)")
            lines.append("          Value: \(cloudFormationValue(dimension.value))")
        }
        lines += [
            "      Statistic: \(alarm.statistic)",
            "      Period: \(alarm.period)",
            "      EvaluationPeriods: \(alarm.evaluationPeriods)",
            "      Threshold: \(alarm.threshold.compactText)",
            "      ComparisonOperator: \(alarm.comparisonOperator)",
            "      TreatMissingData: \(alarm.treatMissingData)",
            "      AlarmActions:",
        ]
        switch alarm.action {
        case .topic(let reference):
            lines.append("        - \(cloudFormationReference(reference, suffix: ""))")
        case .placeholder:
            lines.append("        # replace with the ARN of the SNS topic that pages you")
            lines.append("        - !Sub \"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alarm-notifications\"")
        }
        return RenderedSnippet(language: "yaml", placement: "under Resources: in \(file)", text: lines.joined(separator: "\n") + "\n")
    }

    private static func cloudFormationValue(_ value: SuggestedAlarm.DimensionValue) -> String {
        switch value {
        case .reference(let reference, let suffix): cloudFormationReference(reference, suffix: suffix)
        case .literal(let text): yamlQuoted(text)
        case .stackName: "!Ref AWS::StackName"
        }
    }

    private static func cloudFormationReference(_ reference: ResourceReference, suffix: String) -> String {
        if suffix.isEmpty {
            return reference.attribute.map { "!GetAtt \(reference.target.name).\($0)" } ?? "!Ref \(reference.target.name)"
        }
        let inner = reference.attribute.map { "\(reference.target.name).\($0)" } ?? reference.target.name
        return "!Sub \(yamlQuoted("${\(inner)}\(suffix)"))"
    }

    private static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    // MARK: Terraform

    static func terraform(_ alarm: SuggestedAlarm, file: String, fromPlan: Bool) -> RenderedSnippet {
        let name = snakeCase(alarm.logicalName)
        var members: [(String, String)] = [
            ("alarm_name", jsonQuoted(name.replacingAll("_", with: "-"))),
            ("alarm_description", jsonQuoted(alarm.description)),
            ("namespace", jsonQuoted(alarm.namespace)),
            ("metric_name", jsonQuoted(alarm.metricName)),
            ("dimensions", "{" + alarm.dimensions.map { "\(jsonQuoted($0.name)): \(jsonQuoted(terraformValue($0.value)))" }
                .joined(separator: ", ") + "}"),
            ("statistic", jsonQuoted(alarm.statistic)),
            ("period", String(alarm.period)),
            ("evaluation_periods", String(alarm.evaluationPeriods)),
            ("threshold", alarm.threshold.compactText),
            ("comparison_operator", jsonQuoted(alarm.comparisonOperator)),
            ("treat_missing_data", jsonQuoted(alarm.treatMissingData)),
        ]
        var variable = ""
        switch alarm.action {
        case .topic(let reference):
            members.append(("alarm_actions", "[" + jsonQuoted("${\(terraformAddress(reference.target.name)).\(reference.attribute ?? "arn")}") + "]"))
        case .placeholder:
            members.append(("alarm_actions", "[" + jsonQuoted("${var.alarm_topic_arn}") + "]"))
            variable = "  \"variable\": {\n    \"alarm_topic_arn\": {\"type\": \"string\", \"description\": \"SNS topic that receives alarm notifications\"}\n  },\n"
        }
        var text = "{\n" + variable + "  \"resource\": {\n    \"aws_cloudwatch_metric_alarm\": {\n      \(jsonQuoted(name)): {\n"
        text += members.map { "        \(jsonQuoted($0.0)): \($0.1)" }.joined(separator: ",\n")
        text += "\n      }\n    }\n  }\n}\n"
        let module = alarm.subject.name.hasPrefix("module.")
            ? "the module that declares \(alarm.subject.name)" : (fromPlan ? "the root module planned in \(file)" : "the module of \(file)")
        return RenderedSnippet(language: "json", placement: "a new file such as alarms.tf.json in \(module)", text: text)
    }

    private static func terraformValue(_ value: SuggestedAlarm.DimensionValue) -> String {
        switch value {
        case .reference(let reference, let suffix):
            "${\(terraformAddress(reference.target.name))\(reference.attribute.map { ".\($0)" } ?? "")}\(suffix)"
        case .literal(let text): text
        case .stackName: "${terraform.workspace}"
        }
    }

    /// The address as the declaring module writes it (`module.a.aws_x.y[0]` → `aws_x.y[0]`).
    private static func terraformAddress(_ address: String) -> String {
        var rest = Substring(address)
        while rest.hasPrefix("module.") {
            let afterModule = rest.dropFirst("module.".count)
            guard let dot = afterModule.firstIndex(of: ".") else { break }
            rest = afterModule[afterModule.index(after: dot)...]
        }
        return String(rest)
    }

    /// `MainCPUAlarm` → `main_cpu_alarm`: a word starts at a capital after a small letter
    /// or digit, or at the last capital of a run followed by a small letter.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result.append("_")
                }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }

    private static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    /// Every occurrence of a one-character `target` replaced.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
