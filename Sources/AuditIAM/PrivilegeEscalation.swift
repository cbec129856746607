import AuditModel

/// One privilege-escalation method: a set of actions that, granted together without
/// resource constraints, lets a principal give itself more power.
public struct EscalationMethod: Sendable, Hashable {
    /// The name cloudsplaining gives the method (`CreateNewPolicyVersion`).
    public let name: String
    /// The actions that complete it, in AWS's casing; the first is the decisive one, the
    /// grant a finding lands on.
    public let actions: [String]
    /// The pathfinding.cloud path id (`iam-001`), when one is published.
    public let pathfindingID: String?

    init(_ name: String, _ actions: [String], pathfinding: String?) {
        self.name = name
        self.actions = actions
        self.pathfindingID = pathfinding
    }

    /// `iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction`.
    public var actionSummary: String { actions.joined(separator: " + ") }
}

/// The escalation methods AS-IAM-004 tests: the Rhino Security Labs set and the
/// pathfinding.cloud additions, as listed by cloudsplaining's `PRIVILEGE_ESCALATION_METHODS`
/// (salesforce/cloudsplaining `cloudsplaining/shared/constants.py`) with the path ids of its
/// `PRIVILEGE_ESCALATION_PATHFINDING_PATHS`. Written out here in table order.
public enum EscalationMethods {
    public static let all: [EscalationMethod] = [
        // IAM permissions on other users
        EscalationMethod("CreateAccessKey", ["iam:CreateAccessKey"], pathfinding: "iam-002"),
        EscalationMethod("CreateLoginProfile", ["iam:CreateLoginProfile"], pathfinding: "iam-004"),
        EscalationMethod("UpdateLoginProfile", ["iam:UpdateLoginProfile"], pathfinding: "iam-006"),
        EscalationMethod("AddUserToGroup", ["iam:AddUserToGroup"], pathfinding: "iam-013"),
        // Permissions on policies
        EscalationMethod("CreateNewPolicyVersion", ["iam:CreatePolicyVersion"], pathfinding: "iam-001"),
        EscalationMethod("SetExistingDefaultPolicyVersion", ["iam:SetDefaultPolicyVersion"], pathfinding: nil),
        EscalationMethod("AttachUserPolicy", ["iam:AttachUserPolicy"], pathfinding: "iam-008"),
        EscalationMethod("AttachGroupPolicy", ["iam:AttachGroupPolicy"], pathfinding: "iam-010"),
        EscalationMethod("AttachRolePolicy", ["iam:AttachRolePolicy"], pathfinding: "iam-009"),
        EscalationMethod("PutUserPolicy", ["iam:PutUserPolicy"], pathfinding: "iam-007"),
        EscalationMethod("PutGroupPolicy", ["iam:PutGroupPolicy"], pathfinding: "iam-011"),
        EscalationMethod("PutRolePolicy", ["iam:PutRolePolicy"], pathfinding: "iam-005"),
        // Updating a trust policy
        EscalationMethod("UpdateRolePolicyToAssumeIt", ["iam:UpdateAssumeRolePolicy"], pathfinding: "iam-012"),
        // Passing an existing role to new compute
        EscalationMethod("CreateEC2WithExistingIP", ["iam:PassRole", "ec2:RunInstances"], pathfinding: "ec2-001"),
        EscalationMethod("PassExistingRoleToNewLambdaThenInvoke",
                         ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], pathfinding: "lambda-001"),
        EscalationMethod("PassExistingRoleToNewLambdaThenTriggerWithNewDynamo",
                         ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:CreateTable", "dynamodb:PutItem"],
                         pathfinding: "lambda-002"),
        EscalationMethod("PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
                         ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"], pathfinding: "lambda-002"),
        EscalationMethod("PassExistingRoleToNewGlueDevEndpoint", ["iam:PassRole", "glue:CreateDevEndpoint"], pathfinding: "glue-001"),
        EscalationMethod("PassExistingRoleToCloudFormation", ["iam:PassRole", "cloudformation:CreateStack"],
                         pathfinding: "cloudformation-001"),
        EscalationMethod("PassExistingRoleToNewDataPipeline", ["iam:PassRole", "datapipeline:CreatePipeline"], pathfinding: "datapipeline-001"),
        // Services that run code with an existing role
        EscalationMethod("UpdateExistingGlueDevEndpoint", ["glue:UpdateDevEndpoint"], pathfinding: "glue-002"),
        EscalationMethod("EditExistingLambdaFunctionWithRole", ["lambda:UpdateFunctionCode"], pathfinding: "lambda-003"),
        // pathfinding.cloud: existing roles and resources
        EscalationMethod("AccessExistingBedrockCodeInterpreterSession",
                         ["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], pathfinding: "bedrock-002"),
        EscalationMethod("ExecuteCloudFormationChangeSet", ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
                         pathfinding: "cloudformation-005"),
        EscalationMethod("ModifyEC2InstanceUserDataThenRestart", ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
                         pathfinding: "ec2-002"),
        EscalationMethod("ModifyExistingEC2LaunchTemplate", ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"], pathfinding: "ec2-004"),
        EscalationMethod("EC2InstanceConnectSendSSHPublicKey", ["ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"],
                         pathfinding: "ec2instanceconnect-003"),
        EscalationMethod("ECSExecuteCommandOnRunningTask", ["ecs:ExecuteCommand", "ecs:DescribeTasks"], pathfinding: "ecs-006"),
        EscalationMethod("UpdateAndInvokeLambdaFunction", ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], pathfinding: "lambda-004"),
        EscalationMethod("UpdateLambdaFunctionAndAddPermission", ["lambda:UpdateFunctionCode", "lambda:AddPermission"], pathfinding: "lambda-005"),
        EscalationMethod("CreatePresignedSageMakerNotebookUrl", ["sagemaker:CreatePresignedNotebookInstanceUrl"], pathfinding: "sagemaker-004"),
        EscalationMethod("UpdateSageMakerNotebookLifecycleConfig",
                         ["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance",
                          "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance"], pathfinding: "sagemaker-005"),
        // pathfinding.cloud: passing a role to a new resource
        EscalationMethod("PassExistingRoleToNewAppRunnerService", ["iam:PassRole", "apprunner:CreateService"], pathfinding: "apprunner-001"),
        EscalationMethod("PassExistingRoleToNewBedrockCodeInterpreter",
                         ["iam:PassRole", "bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession",
                          "bedrock-agentcore:InvokeCodeInterpreter"], pathfinding: "bedrock-001"),
        EscalationMethod("PassExistingRoleToNewCloudFormationStackSet",
                         ["iam:PassRole", "cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"],
                         pathfinding: "cloudformation-003"),
        EscalationMethod("PassRoleToUpdateCloudFormationStackSet", ["iam:PassRole", "cloudformation:UpdateStackSet"],
                         pathfinding: "cloudformation-004"),
        EscalationMethod("PassExistingRoleToNewCodeBuildProjectThenBuild", ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"],
                         pathfinding: "codebuild-001"),
        EscalationMethod("PassExistingRoleToNewCodeBuildProjectThenBuildBatch",
                         ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"], pathfinding: "codebuild-004"),
        EscalationMethod("PassExistingRoleToNewEC2SpotInstance", ["iam:PassRole", "ec2:RequestSpotInstances"], pathfinding: "ec2-003"),
        EscalationMethod("PassExistingRoleToNewECSClusterServiceTask",
                         ["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:CreateService"], pathfinding: "ecs-001"),
        EscalationMethod("PassExistingRoleToNewECSClusterRunTask",
                         ["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:RunTask"], pathfinding: "ecs-002"),
        EscalationMethod("PassExistingRoleToNewECSService", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"],
                         pathfinding: "ecs-003"),
        EscalationMethod("PassExistingRoleToNewECSTaskViaRunTask", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
                         pathfinding: "ecs-004"),
        EscalationMethod("PassExistingRoleToNewECSTaskViaStartTask", ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:StartTask"],
                         pathfinding: "ecs-005"),
        EscalationMethod("PassExistingRoleToNewGlueJobThenRun", ["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"], pathfinding: "glue-003"),
        EscalationMethod("PassExistingRoleToNewGlueJobViaTrigger", ["iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"], pathfinding: "glue-004"),
        EscalationMethod("PassExistingRoleToUpdatedGlueJobThenRun", ["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"], pathfinding: "glue-005"),
        EscalationMethod("PassExistingRoleToUpdatedGlueJobViaTrigger", ["iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"],
                         pathfinding: "glue-006"),
        EscalationMethod("PassExistingRoleToNewLambdaThenAddPermission", ["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"],
                         pathfinding: "lambda-006"),
        EscalationMethod("PassExistingRoleToNewSageMakerNotebookInstance", ["iam:PassRole", "sagemaker:CreateNotebookInstance"],
                         pathfinding: "sagemaker-001"),
        EscalationMethod("PassExistingRoleToNewSageMakerTrainingJob", ["iam:PassRole", "sagemaker:CreateTrainingJob"],
                         pathfinding: "sagemaker-002"),
        EscalationMethod("PassExistingRoleToNewSageMakerProcessingJob", ["iam:PassRole", "sagemaker:CreateProcessingJob"],
                         pathfinding: "sagemaker-003"),
        // pathfinding.cloud: access to other principals
        EscalationMethod("CreateAndRotateAccessKey", ["iam:CreateAccessKey", "iam:DeleteAccessKey"], pathfinding: "iam-003"),
        EscalationMethod("AttachUserPolicyThenCreateAccessKey", ["iam:AttachUserPolicy", "iam:CreateAccessKey"], pathfinding: "iam-015"),
        EscalationMethod("CreatePolicyVersionThenAssumeRole", ["iam:CreatePolicyVersion", "sts:AssumeRole"], pathfinding: "iam-016"),
        EscalationMethod("PutUserPolicyThenCreateAccessKey", ["iam:PutUserPolicy", "iam:CreateAccessKey"], pathfinding: "iam-018"),
        EscalationMethod("AttachRolePolicyThenUpdateAssumeRolePolicy", ["iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"], pathfinding: "iam-019"),
        EscalationMethod("CreatePolicyVersionThenUpdateAssumeRolePolicy", ["iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"],
                         pathfinding: "iam-020"),
        EscalationMethod("PutRolePolicyThenUpdateAssumeRolePolicy", ["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"], pathfinding: "iam-021"),
    ]

    /// Every action some method needs, in first-use order; a `TargetSet` bit per action.
    public static let targetActions: [String] = {
        var seen: Set<String> = []
        var actions: [String] = []
        for method in all {
            for action in method.actions where seen.insert(action.lowercased()).inserted { actions.append(action) }
        }
        return actions
    }()

    static let lowercasedTargets: [(service: [UInt8], name: [UInt8])] = targetActions.map {
        let parts = $0.lowercased().split(separator: ":", maxSplits: 1)
        return (Array(parts[0].utf8), Array(parts[1].utf8))
    }

    /// Each method's decisive action (its first) as a target index.
    static let decisiveTargets: [Int] = all.map { method in
        targetActions.firstIndex { $0.lowercased() == method.actions[0].lowercased() }!
    }

    /// Each method's actions as a target set.
    static let requirements: [TargetSet] = all.map { method in
        var set = TargetSet()
        for action in method.actions {
            set.insert(targetActions.firstIndex { $0.lowercased() == action.lowercased() }!)
        }
        return set
    }
}

/// A set of escalation target actions, one bit per `EscalationMethods.targetActions` entry.
public struct TargetSet: Sendable, Hashable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    public init() {}

    static var everything: TargetSet {
        var set = TargetSet()
        for index in EscalationMethods.targetActions.indices { set.insert(index) }
        return set
    }

    mutating func insert(_ index: Int) {
        if index < 64 { low |= 1 << UInt64(index) } else { high |= 1 << UInt64(index - 64) }
    }

    public func contains(_ index: Int) -> Bool {
        index < 64 ? low & (1 << UInt64(index)) != 0 : high & (1 << UInt64(index - 64)) != 0
    }

    public var isEmpty: Bool { low == 0 && high == 0 }

    func union(_ other: TargetSet) -> TargetSet {
        var set = self
        set.low |= other.low
        set.high |= other.high
        return set
    }

    func intersection(_ other: TargetSet) -> TargetSet {
        var set = self
        set.low &= other.low
        set.high &= other.high
        return set
    }

    func subtracting(_ other: TargetSet) -> TargetSet {
        var set = self
        set.low &= ~other.low
        set.high &= ~other.high
        return set
    }

    func isSubset(of other: TargetSet) -> Bool {
        low & ~other.low == 0 && high & ~other.high == 0
    }

    mutating func formUnion(_ other: TargetSet) { self = union(other) }
}

/// Which escalation targets an `Action`/`NotAction` pattern matches, case-insensitively
/// with `*` and `?`. Every target is an action of the IAM action catalog (a test checks
/// it), so matching the pattern against the targets gives what expanding it against the
/// catalog and keeping the targets would, without walking thousands of actions.
public struct EscalationActionMatcher: Sendable {
    private var cache: [String: TargetSet] = [:]

    public init() {}

    public mutating func targets(matching pattern: String) -> TargetSet {
        if let cached = cache[pattern] { return cached }
        let result = Self.compute(pattern)
        cache[pattern] = result
        return result
    }

    static func compute(_ pattern: String) -> TargetSet {
        if IAMActionCatalog.isEveryAction(pattern) { return .everything }
        let lowered = Array(pattern.lowercased().utf8)
        guard let colon = lowered.firstIndex(of: UInt8(ascii: ":")) else { return TargetSet() }
        let service = Array(lowered[..<colon])
        let name = Array(lowered[(colon + 1)...])
        var set = TargetSet()
        for (index, target) in EscalationMethods.lowercasedTargets.enumerated()
        where IAMActionCatalog.glob(service, target.service) && IAMActionCatalog.glob(name, target.name) {
            set.insert(index)
        }
        return set
    }
}
