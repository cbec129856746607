import AuditCore
import AuditModel

/// AS-ENC-008: a CloudFront distribution that lets viewers use plain HTTP or TLS older
/// than 1.2.
struct CloudFrontViewerTransportInsecure: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-ENC-008",
        slug: "cloudfront-viewer-transport-insecure",
        title: "CloudFront allows plain HTTP or old TLS to viewers",
        severity: .medium,
        pack: .encryption,
        tags: ["security", "encryption", "cloudfront", "tls"],
        rationale: """
            A cache behavior with the viewer protocol policy allow-all serves content over plain \
            HTTP, where it can be read and changed on the way. With a custom certificate, the \
            minimum protocol version decides the oldest TLS a viewer may use; both formats default \
            to TLSv1 (Terraform sends minimum_protocol_version = "TLSv1", CloudFront applies TLSv1 \
            when CloudFormation leaves it out), which still admits TLS 1.0 and 1.1. Any TLSv1.2_* \
            or newer policy passes: the catalog's first draft asked for TLSv1.2_2019, but \
            TLSv1.2_2018 already refuses TLS 1.0 and 1.1, which is what the rule is about. A \
            distribution on the default *.cloudfront.net certificate always accepts TLSv1, whatever \
            the template says, and the only way out is a custom domain and certificate: that is \
            reported at low severity. checkov (CKV_AWS_174) fails default-certificate distributions \
            at its normal severity.
            """,
        remediation: """
            Set every `ViewerProtocolPolicy` / `viewer_protocol_policy` to `redirect-to-https` or \
            `https-only`. With a custom certificate set `MinimumProtocolVersion` / \
            `minimum_protocol_version` to `TLSv1.2_2021` (or newer). On the default certificate, \
            serve the distribution under your own domain with an ACM certificate to control the TLS \
            policy.
            """,
        references: [
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#minimum_protocol_version",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cloudfront-distribution-viewercertificate.html",
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
        ],
        peerIDs: [
            "checkov:CKV_AWS_34", "checkov:CKV_AWS_174", "checkov:CKV2_AWS_42", "kics:00e5e55e-c2ff-46b3-a757-a7a1cd802456",
            "kics:dc17ee4b-ddf2-4e23-96e8-7a36abad1303", "kics:31733ee2-fef0-4e87-9778-65da22a8ecf1",
        ]
    )

    static let subjects: Set<ResourceKind> = [.distribution]

    func check(_ distribution: Resource, in model: CloudModel, _ report: inout RuleReport) {
        checkViewerProtocols(distribution, &report)
        checkMinimumTLS(distribution, &report)
    }

    private func checkViewerProtocols(_ distribution: Resource, _ report: inout RuleReport) {
        for name in [AttributeName.viewerProtocolPolicy, .cacheBehaviorViewerProtocolPolicies] {
            switch distribution[name].list {
            case .unknown(let expression):
                report.unknown(expression, resource: distribution, at: distribution.location(of: name))
            case .absent:
                continue
            case .value(let policies):
                if policies.contains(where: { $0.containsUnresolved }) {
                    report.unknown(distribution[name].value?.displayText ?? "\(name)", resource: distribution,
                                   at: distribution.location(of: name))
                } else if policies.contains(where: { $0.stringValue == "allow-all" }) {
                    let which = name == .viewerProtocolPolicy ? "the default cache behavior" : "a cache behavior"
                    report.fail("CloudFront serves viewers over plain HTTP: \(which) has viewer protocol policy allow-all",
                                resource: distribution, at: distribution.location(of: name), attribute: name.rawValue)
                } else {
                    report.pass()
                }
            }
        }
    }

    private func checkMinimumTLS(_ distribution: Resource, _ report: inout RuleReport) {
        // A certificate of one's own is what makes the minimum protocol version count.
        let hasCustomCertificate = !distribution[.acmCertificateARN].isAbsent || !distribution[.iamCertificateID].isAbsent
        if !hasCustomCertificate {
            switch distribution[.cloudFrontDefaultCertificate].bool {
            case .unknown(let expression):
                report.unknown(expression, resource: distribution, at: distribution.location(of: .cloudFrontDefaultCertificate))
                return
            case .value(false):
                break
            case .value(true), .absent:
                report.fail("CloudFront uses its default certificate, which always accepts TLSv1 and TLSv1.1 from viewers",
                            resource: distribution, at: distribution.location(of: .cloudFrontDefaultCertificate),
                            attribute: AttributeName.cloudFrontDefaultCertificate.rawValue, severity: .low)
                return
            }
        }
        report.judge(.minimumProtocolVersion, of: distribution, reading: \.string, failsWhen: { !Self.refusesOldTLS($0) }) {
            "CloudFront accepts TLS older than 1.2 from viewers: the minimum protocol version \($0.origin)"
        }
    }

    /// `TLSv1.2_2018`, `TLSv1.2_2019`, `TLSv1.2_2021`, `TLSv1.3_…` and later; not `TLSv1`,
    /// `TLSv1_2016`, `TLSv1.1_2016` or `SSLv3`.
    private static func refusesOldTLS(_ policy: String) -> Bool {
        guard policy.hasPrefix("TLSv1.") else { return false }
        let minor = policy.dropFirst("TLSv1.".count).prefix { $0.isNumber }
        return (Int(minor) ?? 0) >= 2
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "allow-all", """
            Resources:
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ↓ViewerProtocolPolicy: allow-all
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      MinimumProtocolVersion: TLSv1.2_2021
            """),
        .bad(.cloudFormationYAML, scenario: "cache-behavior-allow-all", """
            Resources:
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                    ↓CacheBehaviors:
                      - PathPattern: /api/*
                        TargetOriginId: api
                        ViewerProtocolPolicy: allow-all
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      MinimumProtocolVersion: TLSv1.2_2021
            """),
        .bad(.cloudFormationYAML, scenario: "old-tls", """
            Resources:
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: https-only
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      ↓MinimumProtocolVersion: TLSv1.1_2016
            """),
        .bad(.cloudFormationYAML, scenario: "custom-certificate-tls-absent", """
            Resources:
              ↓Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: https-only
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
            """),
        .bad(.cloudFormationYAML, scenario: "default-certificate", """
            Resources:
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                    ViewerCertificate:
                      ↓CloudFrontDefaultCertificate: true
            """),
        .bad(.cloudFormationYAML, scenario: "no-viewer-certificate", """
            Resources:
              ↓Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
            """),
        .good(.cloudFormationYAML, scenario: "https-and-tls12", """
            Resources:
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: redirect-to-https
                    CacheBehaviors:
                      - PathPattern: /api/*
                        TargetOriginId: api
                        ViewerProtocolPolicy: https-only
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      MinimumProtocolVersion: TLSv1.2_2021
            """),
        .good(.cloudFormationYAML, scenario: "unresolved", """
            Parameters:
              Policy:
                Type: String
            Resources:
              Cdn:
                Type: AWS::CloudFront::Distribution
                Properties:
                  DistributionConfig:
                    Enabled: true
                    DefaultCacheBehavior:
                      TargetOriginId: site
                      ViewerProtocolPolicy: !Ref Policy
                    ViewerCertificate:
                      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
                      SslSupportMethod: sni-only
                      MinimumProtocolVersion: TLSv1.2_2021
            """),
        .bad(.terraformJSON, scenario: "allow-all", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      ↓"viewer_protocol_policy": "allow-all"
                    },
                    "viewer_certificate": {
                      "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                      "ssl_support_method": "sni-only",
                      "minimum_protocol_version": "TLSv1.2_2021"
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "allow-all", """
            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                ↓viewer_protocol_policy = "allow-all"
              }
              viewer_certificate {
                acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method = "sni-only"
                minimum_protocol_version = "TLSv1.2_2021"
              }
            }
            """),
        .bad(.terraformJSON, scenario: "cache-behavior-allow-all", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      "viewer_protocol_policy": "redirect-to-https"
                    },
                    ↓"ordered_cache_behavior": [
                      {"path_pattern": "/api/*", "target_origin_id": "api", "viewer_protocol_policy": "allow-all"}
                    ],
                    "viewer_certificate": {
                      "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                      "ssl_support_method": "sni-only",
                      "minimum_protocol_version": "TLSv1.2_2021"
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "cache-behavior-allow-all", """
            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                viewer_protocol_policy = "redirect-to-https"
              }
              ↓ordered_cache_behavior {
                path_pattern = "/api/*"
                target_origin_id = "api"
                viewer_protocol_policy = "allow-all"
              }
              viewer_certificate {
                acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method = "sni-only"
                minimum_protocol_version = "TLSv1.2_2021"
              }
            }
            """),
        .bad(.terraformJSON, scenario: "old-tls", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      "viewer_protocol_policy": "https-only"
                    },
                    "viewer_certificate": {
                      "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                      "ssl_support_method": "sni-only",
                      ↓"minimum_protocol_version": "TLSv1.1_2016"
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "old-tls", """
            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                viewer_protocol_policy = "https-only"
              }
              viewer_certificate {
                acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method = "sni-only"
                ↓minimum_protocol_version = "TLSv1.1_2016"
              }
            }
            """),
        .bad(.terraformJSON, scenario: "custom-certificate-tls-absent", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  ↓"cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      "viewer_protocol_policy": "https-only"
                    },
                    "viewer_certificate": {
                      "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                      "ssl_support_method": "sni-only"
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "custom-certificate-tls-absent", """
            ↓resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                viewer_protocol_policy = "https-only"
              }
              viewer_certificate {
                acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method = "sni-only"
              }
            }
            """),
        .bad(.terraformJSON, scenario: "default-certificate", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      "viewer_protocol_policy": "redirect-to-https"
                    },
                    "viewer_certificate": {
                      ↓"cloudfront_default_certificate": true
                    }
                  }
                }
              }
            }
            """),
        .bad(.terraformHCL, scenario: "default-certificate", """
            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                viewer_protocol_policy = "redirect-to-https"
              }
              viewer_certificate {
                ↓cloudfront_default_certificate = true
              }
            }
            """),
        .good(.terraformJSON, scenario: "https-and-tls12", """
            {
              "resource": {
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      "viewer_protocol_policy": "redirect-to-https"
                    },
                    "ordered_cache_behavior": [
                      {"path_pattern": "/api/*", "target_origin_id": "api", "viewer_protocol_policy": "https-only"}
                    ],
                    "viewer_certificate": {
                      "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                      "ssl_support_method": "sni-only",
                      "minimum_protocol_version": "TLSv1.2_2021"
                    }
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "https-and-tls12", """
            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                viewer_protocol_policy = "redirect-to-https"
              }
              ordered_cache_behavior {
                path_pattern = "/api/*"
                target_origin_id = "api"
                viewer_protocol_policy = "https-only"
              }
              viewer_certificate {
                acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method = "sni-only"
                minimum_protocol_version = "TLSv1.2_2021"
              }
            }
            """),
        .good(.terraformJSON, scenario: "unresolved", """
            {
              "variable": {"policy": {"type": "string"}},
              "resource": {
                "aws_cloudfront_distribution": {
                  "cdn": {
                    "enabled": true,
                    "default_cache_behavior": {
                      "target_origin_id": "site",
                      "viewer_protocol_policy": "${var.policy}"
                    },
                    "viewer_certificate": {
                      "acm_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                      "ssl_support_method": "sni-only",
                      "minimum_protocol_version": "TLSv1.2_2021"
                    }
                  }
                }
              }
            }
            """),
        .good(.terraformHCL, scenario: "unresolved", """
            variable "policy" {
              type = "string"
            }

            resource "aws_cloudfront_distribution" "cdn" {
              enabled = true
              default_cache_behavior {
                target_origin_id = "site"
                viewer_protocol_policy = var.policy
              }
              viewer_certificate {
                acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
                ssl_support_method = "sni-only"
                minimum_protocol_version = "TLSv1.2_2021"
              }
            }
            """),
    ]
}
