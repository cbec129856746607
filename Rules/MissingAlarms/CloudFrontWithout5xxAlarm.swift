import AuditCore
import AuditGraph
import AuditModel

/// AS-ALARM-013: CloudFront distribution without 5xx error-rate alarm.
struct CloudFrontWithout5xxAlarm: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ALARM-013",
        slug: "cloudfront-without-5xx-alarm",
        title: "CloudFront distribution without 5xx error-rate alarm",
        severity: .low,
        pack: .missingAlarms,
        tags: ["observability", "alarm", "cloudfront"],
        rationale: """
            Origin failures behind CloudFront show up as `5xxErrorRate`, published only in us-east-1 \
            with the dimensions `DistributionId` and `Region=Global`. Low; medium when the \
            distribution fronts an API of the scanned set. `Ref` of a distribution is its id, as is \
            Terraform's `.id`; its domain name or ARN is not, and such an alarm is reported as \
            mis-wired. Not yet checked: an alarm defined outside us-east-1 (the model does not record \
            Regions per stack). Cost: $0.10 per standard alarm-month beyond the 10 free \
            (aws.amazon.com/cloudwatch/pricing).
            """,
        remediation: """
            Add an alarm in us-east-1 on `AWS/CloudFront` `5xxErrorRate` with `DistributionId` by \
            reference (`!Ref Distribution`, `${aws_cloudfront_distribution.x.id}`) and \
            `Region: Global`, `Average` over 5 minutes ≥ 5 (%), `TreatMissingData: notBreaching`, and \
            an SNS topic in `AlarmActions`. The finding carries the alarm ready to paste.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html",
            "https://aws.amazon.com/cloudwatch/pricing/",
        ],
        peerIDs: [],
        suggestedAlarm: Self.requirement.genericText
    )

    static let subjects: Set<ResourceKind> = [.distribution]

    static let requirement = AlarmRequirement(
        namespace: "AWS/CloudFront", metrics: ["5xxErrorRate"], signal: "5xx error rate", metricName: "5xxErrorRate",
        nameSuffix: "5xxErrorRate", statistic: "Average", threshold: 5, treatMissingData: "notBreaching",
        extraDimensions: [SuggestedAlarm.Dimension(name: "Region", value: .literal("Global"))]
    )

    // FIXME: the catalog also warns when the alarm lives outside us-east-1 (the metric is only
    // published there); the model records no Region per stack or provider alias yet.
    func check(_ distribution: Resource, in model: CloudModel, _ report: inout RuleReport) {
        // Medium when it fronts an API of the scanned set (its origin names one).
        let frontsAPI = distribution.links.contains { link in
            model.resolve(link.reference).map { [.restApi, .httpApi, .restApiStage, .httpApiStage].contains($0.kind) } ?? false
        }
        report.requireAlarm(Self.requirement, on: distribution, in: model, kindName: "distribution",
                            severity: frontsAPI ? .medium : .low, why: frontsAPI ? "it fronts an API of this stack" : nil)
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "no-alarm", """
            Resources:
              ↓Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    Origins:
                      - Id: site
                        DomainName: example.com
                        CustomOriginConfig: {OriginProtocolPolicy: https-only}
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                      ForwardedValues: {QueryString: false}
            """),
        .good(.cloudFormationYAML, scenario: "alarm-by-reference", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    Origins:
                      - Id: site
                        DomainName: example.com
                        CustomOriginConfig: {OriginProtocolPolicy: https-only}
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                      ForwardedValues: {QueryString: false}
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/CloudFront
                  MetricName: 5xxErrorRate
                  Dimensions:
                    - Name: DistributionId
                      Value: !Ref Cdn
                    - Name: Region
                      Value: Global
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.cloudFormationYAML, scenario: "mis-wired", """
            Resources:
              Alerts:
                Type: AWS::SNS::Topic
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    Origins:
                      - Id: site
                        DomainName: example.com
                        CustomOriginConfig: {OriginProtocolPolicy: https-only}
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                      ForwardedValues: {QueryString: false}
              Watch:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  Namespace: AWS/CloudFront
                  MetricName: 5xxErrorRate
                  Dimensions:
                    - Name: DistributionId
                      ↓Value: !GetAtt Cdn.DomainName
                    - Name: Region
                      Value: Global
                  Statistic: Sum
                  Period: 300
                  EvaluationPeriods: 1
                  Threshold: 1
                  ComparisonOperator: GreaterThanOrEqualToThreshold
                  AlarmActions: [!Ref Alerts]
            """),
        .bad(.terraformJSON, scenario: "no-alarm", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  ↓"cdn": {"enabled": true, "origin": [{"origin_id": "site", "domain_name": "example.com"}], "default_cache_behavior": [{"target_origin_id": "site", "viewer_protocol_policy": "redirect-to-https", "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"]}], "restrictions": [{"geo_restriction": [{"restriction_type": "none"}]}], "viewer_certificate": [{"cloudfront_default_certificate": true}]}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "alarm-by-reference", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_cloudfront_distribution": {
                  "cdn": {"enabled": true, "origin": [{"origin_id": "site", "domain_name": "example.com"}], "default_cache_behavior": [{"target_origin_id": "site", "viewer_protocol_policy": "redirect-to-https", "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"]}], "restrictions": [{"geo_restriction": [{"restriction_type": "none"}]}], "viewer_certificate": [{"cloudfront_default_certificate": true}]}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/CloudFront",
                        "metric_name": "5xxErrorRate",
                        "dimensions": {"DistributionId": "${aws_cloudfront_distribution.cdn.id}", "Region": "Global"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      }
                    }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "mis-wired", """
            {
              "resource": {
                "aws_sns_topic": {"alerts": {}},
                "aws_cloudfront_distribution": {
                  "cdn": {"enabled": true, "origin": [{"origin_id": "site", "domain_name": "example.com"}], "default_cache_behavior": [{"target_origin_id": "site", "viewer_protocol_policy": "redirect-to-https", "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"]}], "restrictions": [{"geo_restriction": [{"restriction_type": "none"}]}], "viewer_certificate": [{"cloudfront_default_certificate": true}]}
                },
                "aws_cloudwatch_metric_alarm": {
                      "watch": {
                        "alarm_name": "watch",
                        "namespace": "AWS/CloudFront",
                        "metric_name": "5xxErrorRate",
                        "dimensions": {↓"DistributionId": "${aws_cloudfront_distribution.cdn.domain_name}", "Region": "Global"},
                        "statistic": "Sum",
                        "period": 300,
                        "evaluation_periods": 1,
                        "threshold": 1,
                        "comparison_operator": "GreaterThanOrEqualToThreshold",
                        "alarm_actions": ["${aws_sns_topic.alerts.arn}"]
                      }
                    }
              }
            }
            """),
    ]
}
