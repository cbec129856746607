import AuditCore
import AuditModel

/// AS-LAUNCH-006: a production database with no standby in another Availability Zone.
struct ProductionDatabaseSingleAZ: ResourceRule {
    static let metadata = RuleMetadata(
        id: "AS-LAUNCH-006",
        slug: "production-database-single-az",
        title: "Production RDS instance in a single AZ",
        severity: .high,
        pack: .launchChecklist,
        tags: ["reliability", "rds", "aurora", "launch"],
        rationale: """
            A single-AZ instance has no standby: an Availability Zone or host failure means a \
            restore from backup, with downtime and lost writes since the last backup. RDS \
            creates single-AZ instances unless told otherwise: Terraform multi_az defaults to \
            false and CloudFormation MultiAZ has no documented default, the RDS API default \
            being false. For Aurora the instance flag does not apply (cluster storage spans \
            three AZs, but compute fails over only to a replica): a cluster with a single \
            instance is reported instead. Only production is judged (the catalog's "info" \
            elsewhere: a single AZ is a fair saving in development; the environment is decided \
            as the README's "Environments and thresholds" section says); read replicas are \
            skipped. Peers: checkov CKV_AWS_157 and KICS 2b1d4935-9acf-48a7-8466-10d18bf51a69 \
            fail every single-AZ instance whatever the environment.
            """,
        remediation: """
            CloudFormation: `MultiAZ: true` on the DB instance; Terraform: `multi_az = true`. Aurora: add a \
            second instance (`AWS::RDS::DBInstance` / `aws_rds_cluster_instance`) to the cluster.
            """,
        references: [
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html",
            "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#multi_az",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-multiaz",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
        ],
        peerIDs: ["checkov:CKV_AWS_157", "kics:2b1d4935-9acf-48a7-8466-10d18bf51a69"]
    )

    static let subjects: Set<ResourceKind> = [.databaseInstance, .databaseCluster]

    func check(_ database: Resource, in model: CloudModel, _ report: inout RuleReport) {
        let environment = report.environment(of: database)
        // The catalog's "info" outside production: a single AZ is a fair saving there.
        guard environment.isProduction else {
            report.pass()
            return
        }
        let severity = Self.metadata.severity
        let context = "production (\(environment.reason))"
        switch database.kind {
        case .databaseInstance:
            // Aurora members and read replicas take their availability from elsewhere.
            if !database[.dbClusterIdentifier].isAbsent || !database[.sourceDBInstanceIdentifier].isAbsent { return }
            report.requireTrue(.multiAZ, of: database, severity: severity) {
                "Database \(database.id.name) in \(context) has no standby in another AZ: Multi-AZ \($0.origin)"
            }
        case .databaseCluster:
            switch database[.engine].string {
            case .value(let engine) where engine.lowercased().hasPrefix("aurora"): break
            case .unknown(let expression):
                report.unknown(expression, resource: database, at: database.location(of: .engine))
                return
            default: return  // Multi-AZ DB clusters (MySQL/PostgreSQL) always run three instances.
            }
            if case .value(let mode) = database[.engineMode].string, mode.lowercased() == "serverless" { return }
            let members = model.referrers(of: database.id).filter { $0.resource.kind == .databaseInstance }
            var seen: Set<ResourceID> = []
            let instances = members.filter { seen.insert($0.resource.id).inserted }
            if instances.count >= 2 {
                report.pass()
            } else {
                report.fail("Aurora cluster \(database.id.name) in \(context) has \(instances.count == 1 ? "one instance" : "no instance") in the scanned set: nothing to fail over to",
                            resource: database, attribute: "DBInstances", severity: severity)
            }
        default:
            return
        }
    }

    static let examples: [RuleExample] = [
        .bad(.cloudFormationYAML, scenario: "absent", """
            Resources:
              ↓Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
            """),
        .good(.cloudFormationYAML, scenario: "multi-az", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  MultiAZ: true
            """),
        .bad(.cloudFormationYAML, scenario: "aurora-one-instance", """
            Resources:
              ↓Cluster:
                Type: AWS::RDS::DBCluster
                Properties:
                  Engine: aurora-postgresql
              Writer:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: aurora-postgresql
                  DBClusterIdentifier: !Ref Cluster
                  DBInstanceClass: db.r6g.large
            """),
        .good(.cloudFormationYAML, scenario: "development-single-az", """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  DBInstanceClass: db.t3.micro
                  MultiAZ: false
                  Tags:
                    - {Key: Environment, Value: dev}
            """),
        .bad(.terraformJSON, scenario: "absent", """
            {
              "resource": {
                "aws_db_instance": {
                  ↓"main": {"engine": "postgres", "instance_class": "db.t3.micro"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "multi-az", """
            {
              "resource": {
                "aws_db_instance": {
                  "main": {"engine": "postgres", "instance_class": "db.t3.micro", "multi_az": true}
                }
              }
            }
            """),
        .bad(.terraformJSON, scenario: "aurora-one-instance", """
            {
              "resource": {
                "aws_rds_cluster": {
                  ↓"main": {"engine": "aurora-postgresql", "cluster_identifier": "main"}
                },
                "aws_rds_cluster_instance": {
                  "writer": {"cluster_identifier": "${aws_rds_cluster.main.id}", "engine": "aurora-postgresql", "instance_class": "db.r6g.large"}
                }
              }
            }
            """),
        .good(.terraformJSON, scenario: "aurora-two-instances", """
            {
              "resource": {
                "aws_rds_cluster": {
                  "main": {"engine": "aurora-postgresql", "cluster_identifier": "main"}
                },
                "aws_rds_cluster_instance": {
                  "writer": {"cluster_identifier": "${aws_rds_cluster.main.id}", "engine": "aurora-postgresql", "instance_class": "db.r6g.large"},
                  "reader": {"cluster_identifier": "${aws_rds_cluster.main.id}", "engine": "aurora-postgresql", "instance_class": "db.r6g.large"}
                }
              }
            }
            """),
        .bad(.terraformPlan, scenario: "plan-single-az", """
            {
              "format_version": "1.2",
              "terraform_version": "1.11.0",
              "planned_values": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_db_instance.main",
                      "mode": "managed",
                      "type": "aws_db_instance",
                      "name": "main",
                      "values": {
                        "engine": "postgres",
                        "instance_class": "db.t3.micro",
                        ↓"multi_az": false
                      }
                    }
                  ]
                }
              },
              "configuration": {
                "root_module": {
                  "resources": [
                    {
                      "address": "aws_db_instance.main",
                      "type": "aws_db_instance",
                      "name": "main",
                      "expressions": {
                        "engine": {"constant_value": "postgres"},
                        "instance_class": {"constant_value": "db.t3.micro"}
                      }
                    }
                  ]
                }
              }
            }
            """),
    ]
}
