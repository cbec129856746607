/// The input family an example belongs to; the catalog test wants good and bad examples
/// for every family a rule's subject can come from.
public enum FormatFamily: String, Sendable, Hashable, CaseIterable {
    case cloudFormation
    case terraform
    case iam
}

/// How an example's text is written.
public enum ExampleFormat: String, Sendable, Hashable, CaseIterable {
    case cloudFormationYAML
    case cloudFormationJSON
    case samYAML
    case terraformJSON
    /// Terraform's native syntax (`.tf`).
    case terraformHCL
    case terraformPlan
    case iamJSON

    public var family: FormatFamily {
        switch self {
        case .cloudFormationYAML, .cloudFormationJSON, .samYAML: .cloudFormation
        case .terraformJSON, .terraformHCL, .terraformPlan: .terraform
        case .iamJSON: .iam
        }
    }

    /// The file name an example is loaded under (the extension picks the reader).
    public var fileName: String {
        switch self {
        case .cloudFormationYAML, .samYAML: "template.yaml"
        case .cloudFormationJSON: "template.json"
        case .terraformJSON: "main.tf.json"
        case .terraformHCL: "main.tf"
        case .terraformPlan: "plan.json"
        case .iamJSON: "policy.json"
        }
    }

    public var displayName: String {
        switch self {
        case .cloudFormationYAML: "CloudFormation YAML"
        case .cloudFormationJSON: "CloudFormation JSON"
        case .samYAML: "SAM YAML"
        case .terraformJSON: "Terraform JSON"
        case .terraformHCL: "Terraform HCL"
        case .terraformPlan: "Terraform plan JSON"
        case .iamJSON: "IAM policy JSON"
        }
    }
}

/// A small config that a rule must flag (`bad`) or leave alone (`good`).
///
/// In a bad example, `↓` marks where each finding must land: right before the key of
/// the offending attribute, or before the resource's key when the attribute is missing.
/// The marker is stripped before the text is parsed, so YAML and JSON stay valid. The
/// examples are the rule's tests and its documentation.
public struct RuleExample: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable { case good, bad }

    public static let marker: Character = "↓"

    public var verdict: Verdict
    public var format: ExampleFormat
    /// Names the situation across formats (`"absent"`, `"explicit-false"`) so the parity
    /// test can compare the same scenario in CloudFormation and Terraform.
    public var scenario: String
    public var text: String
    /// Where the example is written, so a failing example points at itself.
    public var fileID: String
    public var filePath: String
    public var line: Int
    public var column: Int

    public init(
        _ verdict: Verdict, _ format: ExampleFormat, scenario: String, _ text: String,
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
    ) {
        self.verdict = verdict
        self.format = format
        self.scenario = scenario
        self.text = text
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }

    public static func good(
        _ format: ExampleFormat, scenario: String, _ text: String,
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
    ) -> RuleExample {
        RuleExample(.good, format, scenario: scenario, text, fileID: fileID, filePath: filePath, line: line, column: column)
    }

    public static func bad(
        _ format: ExampleFormat, scenario: String, _ text: String,
        fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column
    ) -> RuleExample {
        RuleExample(.bad, format, scenario: scenario, text, fileID: fileID, filePath: filePath, line: line, column: column)
    }

    /// The text with markers removed, and the 1-based line:column of each marker
    /// (columns count characters, as the readers do).
    public var unmarked: (text: String, markers: [(line: Int, column: Int)]) {
        var output = ""
        var markers: [(line: Int, column: Int)] = []
        var line = 1
        var column = 1
        for character in text {
            if character == Self.marker {
                markers.append((line, column))
                continue
            }
            output.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (output, markers)
    }
}
