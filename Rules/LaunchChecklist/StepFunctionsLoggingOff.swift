import AuditCore
import AuditModel

/// AS-LAUNCH-011: a state machine whose executions leave no log.
struct StepFunctionsLoggingOff: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-011",
        slug: "step-functions-logging-off",
        title: "Step Functions logging off",
        severity: .low,
        pack: .launchChecklist,
        tags: ["logging", "step-functions", "launch"],
        rationale: """
            Standard workflows keep 90 days of execution history in the console, Express \
            workflows keep none: for an Express workflow the logs are the only record of what \
            ran and why it failed, so it is medium there and low for Standard. Logging is off \
            by default in both formats (CloudFormation: "By default, the level is set to OFF"; \
            Terraform's logging_configuration level unset means OFF; SAM `Logging` is passed \
            through). StateMachineType defaults to STANDARD. Peer: checkov CKV_AWS_285 \
            (Terraform only); KICS has no equivalent.
            """,
        remediation: """
            CloudFormation/SAM: `LoggingConfiguration` (`Logging` in SAM) with `Level: ERROR` (or `ALL`) \
            and a `Destinations` log group. Terraform: `logging_configuration { level = "ERROR", \
            log_destination = "${aws_cloudwatch_log_group.sfn.arn}:*" }`.
            """,
        references: [
            "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sfn_state_machine#logging_configuration",
        ],
        peerIDs: ["checkov:CKV_AWS_285"]
    )

    static let subjects: Set<ResourceKind> = [.stateMachine]

    func check(_ machine: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let isExpress: Bool
        switch machine[.stateMachineType].string {
        case .value(let type): isExpress = type.uppercased() == "EXPRESS"
        case .unknown(let expression):
            report.unknown(expression, resource: machine, at: machine.location(of: .stateMachineType))
            return
        case .absent: isExpress = false
        }
        report.judge(.loggingLevel, of: machine, reading: \.string, failsWhen: { $0.uppercased() == "OFF" },
                     severity: isExpress ? .medium : .low) { attribute in
            isExpress
                ? "Express state machine \(machine.id.name) keeps no record of its executions: logging level \(attribute.origin)"
                : "State machine \(machine.id.name) logs nothing: logging level \(attribute.origin)"
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Pipeline:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/sfn
                  DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'
            """),
        .bad(.cloudFormationYAML, scenario: "explicit-off", """
            Resources:
              Pipeline:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  StateMachineType: EXPRESS
                  RoleArn: arn:aws:iam::123456789012:role/sfn
                  DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'
                  LoggingConfiguration:
                    ↓Level: "OFF"
            """),
        .good(.cloudFormationYAML, scenario: "errors-logged", """
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
                Properties: {RetentionInDays: 30}
              Pipeline:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/sfn
                  DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'
                  LoggingConfiguration:
                    Level: ERROR
                    Destinations:
                      - CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt Logs.Arn}
            """),
        .bad(.samYAML, scenario: "absent", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              ↓Pipeline:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition: {StartAt: A, States: {A: {Type: Succeed}}}
            """),
        .good(.samYAML, scenario: "errors-logged", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
                Properties: {RetentionInDays: 30}
              Pipeline:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Definition: {StartAt: A, States: {A: {Type: Succeed}}}
                  Logging:
                    Level: ERROR
                    Destinations:
                      - CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt Logs.Arn}
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_sfn_state_machine": {
                  ↓"pipeline": {
                    "name": "pipeline",
                    "role_arn": "arn:aws:iam::123456789012:role/sfn",
                    "definition": "{}"
                  }
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "explicit-off", """
            {
              "resource": {
                "aws_sfn_state_machine": {
                  "pipeline": {
                    "name": "pipeline",
                    "type": "EXPRESS",
                    "role_arn": "arn:aws:iam::123456789012:role/sfn",
                    "definition": "{}",
                    "logging_configuration": [{↓"level": "OFF"}]
                  }
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "errors-logged", """
            {
              "resource": {
                "aws_cloudwatch_log_group": {"sfn": {"name": "sfn", "retention_in_days": 30}},
                "aws_sfn_state_machine": {
                  "pipeline": {
                    "name": "pipeline",
                    "role_arn": "arn:aws:iam::123456789012:role/sfn",
                    "definition": "{}",
                    "logging_configuration": [{"level": "ERROR", "log_destination": "${aws_cloudwatch_log_group.sfn.arn}:*"}]
                  }
                }
              }
            }
            """),
    ]
}
