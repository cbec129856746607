import AuditModel
import Testing
@testable import AuditLoaders

/// DynamoDB replicas in one shape whatever the format: CloudFormation global-table
/// `Replicas` and Terraform `replica` blocks become entries with `Region`,
/// `PointInTimeRecoveryEnabled` and `DeletionProtectionEnabled`, and a global table's
/// table-level flags are its replicas' (true only when every replica sets them).
@Suite("DynamoDB replicas in the canonical shape")
struct TableReplicaSchemaTests {
    private func replicaEntries(_ table: Resource) -> [[String: Value]] {
        guard case .list(let replicas)? = table[.tableReplicas].value else { return [] }
        return replicas.map { replica in
            guard case .map(let entries) = replica else { return [:] }
            return Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @Test("CloudFormation global table: canonical replicas, table-level flags from every replica")
    func cloudFormationGlobalTable() throws {
        let loaded = try TemplateFixture.load("""
        Resources:
          Orders:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              BillingMode: PAY_PER_REQUEST
              Replicas:
                - Region: us-east-1
                  DeletionProtectionEnabled: true
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
                - Region: eu-west-1
                  PointInTimeRecoverySpecification:
                    PointInTimeRecoveryEnabled: true
        """)
        let table = try #require(loaded.resource("Orders"))
        #expect(table.kind == .table)
        #expect(replicaEntries(table) == [
            ["Region": .string("us-east-1"), "PointInTimeRecoveryEnabled": .bool(true), "DeletionProtectionEnabled": .bool(true)],
            ["Region": .string("eu-west-1"), "PointInTimeRecoveryEnabled": .bool(true)],
        ])
        #expect(table[.pointInTimeRecoveryEnabled].value == .bool(true))
        #expect(table[.deletionProtection].value == .bool(false))
        #expect(table[.deletionProtection].location?.line == 6)
    }

    @Test("CloudFormation global table without replicas: the service defaults apply")
    func cloudFormationGlobalTableWithoutReplicas() throws {
        let loaded = try TemplateFixture.load("""
        Resources:
          Orders:
            Type: AWS::DynamoDB::GlobalTable
            Properties:
              BillingMode: PAY_PER_REQUEST
        """)
        let table = try #require(loaded.resource("Orders"))
        #expect(table[.pointInTimeRecoveryEnabled].value == .bool(false))
        guard case .defaultedByService = table[.pointInTimeRecoveryEnabled].provenance else {
            Issue.record("expected the service default, got \(table[.pointInTimeRecoveryEnabled].provenance)")
            return
        }
    }

    @Test("Terraform replica blocks: canonical replicas; the table keeps its own flags")
    func terraformReplicas() throws {
        let loaded = try TerraformTestSupport.loadConfig("""
        {
          "resource": {
            "aws_dynamodb_table": {
              "orders": {
                "name": "orders",
                "point_in_time_recovery": {"enabled": true},
                "replica": [
                  {"region_name": "eu-west-1", "point_in_time_recovery": true},
                  {"region_name": "ap-south-1"}
                ]
              }
            }
          }
        }
        """)
        let table = try #require(loaded.terraformResource("aws_dynamodb_table.orders"))
        #expect(replicaEntries(table) == [
            ["Region": .string("eu-west-1"), "PointInTimeRecoveryEnabled": .bool(true)],
            ["Region": .string("ap-south-1")],
        ])
        #expect(table[.pointInTimeRecoveryEnabled].value == .bool(true))
    }
}
