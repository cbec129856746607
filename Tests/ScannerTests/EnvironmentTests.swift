import AuditCore
import AuditKit
import AuditModel
import AuditRules
import Testing

/// The deployment environment: how it is inferred (tags, parameters, variables, plan
/// variables, stage names, the production fallback), how `--environment` overrides it, and
/// how rule settings reach the rules through the engine.
@Suite struct EnvironmentTests {
    /// The environment and reason of the resource named `name` after loading `text`.
    func verdict(
        of name: String, in text: String, path: String = "template.yaml", settings: RuleSettings = RuleSettings()
    ) async throws -> EnvironmentVerdict {
        let result = await Scanner(rules: []).scan(documents: [(path: path, text: text)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let resource = try #require(result.model.resources.first { $0.id.name == name })
        return RuleContext(settings: settings, model: result.model).environment(of: resource)
    }

    static let plainDatabase = """
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
        """

    @Test func valuesNameEnvironmentsCaseInsensitively() {
        #expect(DeploymentEnvironment(naming: "Prod") == .production)
        #expect(DeploymentEnvironment(naming: "LIVE") == .production)
        #expect(DeploymentEnvironment(naming: " production ") == .production)
        #expect(DeploymentEnvironment(naming: "uat") == .staging)
        #expect(DeploymentEnvironment(naming: "Stage") == .staging)
        #expect(DeploymentEnvironment(naming: "sandbox") == .development)
        #expect(DeploymentEnvironment(naming: "test") == .development)
        #expect(DeploymentEnvironment(naming: "blue") == nil)
        #expect(DeploymentEnvironment(naming: "production-eu") == nil)
        #expect(DeploymentEnvironment.strictest([.development, .production, .staging]) == .production)
        #expect(DeploymentEnvironment.strictest([.development, .staging]) == .staging)
    }

    @Test func nothingNamedMeansProduction() async throws {
        let verdict = try await verdict(of: "Database", in: Self.plainDatabase)
        #expect(verdict == EnvironmentVerdict(environment: .production, reason: "no environment named; production assumed"))
    }

    @Test func resourceTagNamesTheEnvironment() async throws {
        let verdict = try await verdict(of: "Database", in: """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  Tags:
                    - Key: env
                      Value: Dev
            """)
        #expect(verdict == EnvironmentVerdict(environment: .development, reason: "tag env = Dev"))
    }

    @Test func cloudFormationParameterDefaultNamesTheEnvironment() async throws {
        let verdict = try await verdict(of: "Database", in: """
            Parameters:
              Stage:
                Type: String
                Default: staging
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
            """)
        #expect(verdict == EnvironmentVerdict(environment: .staging, reason: "parameter Stage default = staging"))
    }

    @Test func parameterWithoutDefaultOrWithUnknownValueSaysNothing() async throws {
        let verdict = try await verdict(of: "Database", in: """
            Parameters:
              Environment:
                Type: String
              Env:
                Type: String
                Default: blue
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
            """)
        #expect(verdict.environment == .production)
        #expect(verdict.reason == "no environment named; production assumed")
    }

    @Test func tagWinsOverParameter() async throws {
        let verdict = try await verdict(of: "Database", in: """
            Parameters:
              Environment:
                Type: String
                Default: dev
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  Tags:
                    - Key: Environment
                      Value: prod
            """)
        #expect(verdict == EnvironmentVerdict(environment: .production, reason: "tag Environment = prod"))
    }

    @Test func forcedEnvironmentWinsOverEverything() async throws {
        var settings = RuleSettings()
        settings.environment = .staging
        let verdict = try await verdict(of: "Database", in: """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  Tags:
                    - Key: Environment
                      Value: prod
            """, settings: settings)
        #expect(verdict == EnvironmentVerdict(environment: .staging, reason: "set for the whole scan by --environment or the configuration file"))
    }

    @Test func terraformVariableDefaultNamesTheEnvironment() async throws {
        let verdict = try await verdict(of: "aws_db_instance.main", in: """
            {
              "variable": {"environment": {"default": "development"}},
              "resource": {"aws_db_instance": {"main": {"engine": "postgres"}}}
            }
            """, path: "main.tf.json")
        #expect(verdict == EnvironmentVerdict(environment: .development, reason: "variable environment default = development"))
    }

    @Test func providerDefaultTagNamesTheEnvironment() async throws {
        let verdict = try await verdict(of: "aws_db_instance.main", in: """
            {
              "provider": {"aws": [{"region": "eu-west-1", "default_tags": {"tags": {"Stage": "qa", "Team": "data"}}}]},
              "resource": {"aws_db_instance": {"main": {"engine": "postgres"}}}
            }
            """, path: "main.tf.json")
        #expect(verdict == EnvironmentVerdict(environment: .staging, reason: "provider default tag Stage = qa"))
    }

    @Test func planVariableValueNamesTheEnvironment() async throws {
        let verdict = try await verdict(of: "aws_db_instance.main", in: """
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "variables": {"stage": {"value": "uat"}},
              "planned_values": {
                "root_module": {
                  "resources": [
                    {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
                     "values": {"engine": "postgres"}}
                  ]
                }
              }
            }
            """, path: "plan.json")
        #expect(verdict == EnvironmentVerdict(environment: .staging, reason: "plan variable stage = uat"))
    }

    @Test func samStageNameNamesTheEnvironment() async throws {
        let verdict = try await verdict(of: "Sessions", in: """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: dev
              Sessions:
                Type: AWS::Serverless::SimpleTable
            """)
        #expect(verdict == EnvironmentVerdict(environment: .development, reason: "API stage name dev"))
    }

    @Test func samImplicitProdStageSaysNothing() async throws {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              DevApi:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: dev
              Handler:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: python3.12
                  Handler: app.handler
                  CodeUri: .
                  Events:
                    Get:
                      Type: Api
                      Properties:
                        Path: /items
                        Method: get
              Sessions:
                Type: AWS::Serverless::SimpleTable
            """
        let verdict = try await verdict(of: "Sessions", in: template)
        #expect(verdict == EnvironmentVerdict(environment: .development, reason: "API stage name dev"))
        let implicitOnly = template.replacingOccurrences(of: "StageName: dev", with: "StageName: !Ref AWS::NoValue")
        #expect(try await self.verdict(of: "Sessions", in: implicitOnly).reason == "no environment named; production assumed")
    }

    @Test func conflictingStagesTakeTheStrictest() async throws {
        let verdict = try await verdict(of: "Database", in: """
            Resources:
              DevStage:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: api-1234
                  StageName: dev
              ProdStage:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: api-1234
                  StageName: prod
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
            """)
        #expect(verdict == EnvironmentVerdict(environment: .production, reason: "API stage name prod"))
    }

    @Test func aParameterSpeaksBeforeStageNames() async throws {
        let verdict = try await verdict(of: "Database", in: """
            Parameters:
              Env:
                Type: String
                Default: sandbox
            Resources:
              ProdStage:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: api-1234
                  StageName: prod
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
            """)
        #expect(verdict == EnvironmentVerdict(environment: .development, reason: "parameter Env default = sandbox"))
    }

    // MARK: Settings through the engine

    static let databaseWithoutBackups = """
        Parameters:
          Stage:
            Type: String
            Default: dev
        Resources:
          Database:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              BackupRetentionPeriod: 0
        """

    func findings(_ text: String, only ruleID: String, settings: RuleSettings = RuleSettings()) async -> [Finding] {
        let result = await Scanner().scan(
            documents: [(path: "template.yaml", text: text)], selection: RuleSelection(only: [ruleID]), settings: settings
        )
        return result.outcome.findings
    }

    @Test func backupsOffOutsideProductionIsHigh() async {
        let found = await findings(Self.databaseWithoutBackups, only: "AS-BACKUP-001")
        #expect(found.map(\.severity) == [.high])
        #expect(found.map(\.location.line) == [10])
        #expect(found.first?.message
            == "Automated backups are disabled: backup retention is 0; development environment (parameter Stage default = dev), so high rather than critical")
    }

    @Test func forcedProductionMakesBackupsOffCritical() async {
        var settings = RuleSettings()
        settings.environment = .production
        let found = await findings(Self.databaseWithoutBackups, only: "AS-BACKUP-001", settings: settings)
        #expect(found.map(\.severity) == [.critical])
        #expect(found.first?.message == "Automated backups are disabled: backup retention is 0")
    }

    @Test func retentionMinimumComesFromTheSettings() async {
        let fiveDays = """
            Resources:
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  Engine: postgres
                  BackupRetentionPeriod: 5
            """
        let standard = await findings(fiveDays, only: "AS-BACKUP-002")
        #expect(standard.map(\.location.line) == [6])
        #expect(standard.first?.message == "Automated backups are kept for fewer than 7 days: backup retention is 5")
        var relaxed = RuleSettings()
        relaxed.minimumBackupRetentionDays = 5
        #expect(await findings(fiveDays, only: "AS-BACKUP-002", settings: relaxed).isEmpty)
    }

    @Test func defaultsAreTheCatalogs() {
        let settings = RuleSettings()
        #expect(settings.environment == nil)
        #expect(settings.minimumBackupRetentionDays == 7)
        #expect(settings.minimumAWSBackupRetentionDays == 7)
        #expect(settings.minimumKinesisRetentionHours == 48)
    }
}
