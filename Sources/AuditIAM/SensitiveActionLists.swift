/// Action lists the least-privilege rules share, kept as data so they can be refreshed
/// against their sources. Names are lower case; `IAMActionCatalogTests` checks that each
/// one is in the catalog.
public enum SensitiveActionLists {
    /// Actions whose response carries usable credentials (keys, tokens, passwords).
    /// Source: cloudsplaining `ACTIONS_THAT_RETURN_CREDENTIALS` (salesforce/cloudsplaining,
    /// cloudsplaining/shared/constants.py @126e0524), itself from
    /// https://gist.github.com/kmcquade/33860a617e651104d243c324ddf7992a. Two entries
    /// spelled `gamelist:` there are the GameLift actions and are listed as `gamelift:`;
    /// `connect:GetFederationTokens` and `sso:GetRoleCredentials` are left out because
    /// AWS's authorization reference has no such IAM actions (a policy naming them grants
    /// nothing, and the scan warns about it).
    public static let credentialsReturning: [String] = [
        "airflow:createclitoken",
        "airflow:createweblogintoken",
        "appsync:createapikey",
        "chime:createapikey",
        "cloud9:createenvironmenttoken",
        "codeartifact:getauthorizationtoken",
        "codepipeline:pollforjobs",
        "cognito-identity:getcredentialsforidentity",
        "cognito-identity:getopenidtoken",
        "cognito-identity:getopenidtokenfordeveloperidentity",
        "cognito-idp:getsigningcertificate",
        "connect:getfederationtoken",
        "ec2:getpassworddata",
        "ecr:getauthorizationtoken",
        "ecr-public:getauthorizationtoken",
        "emr-containers:getmanagedendpointsessioncredentials",
        "finspace-api:getprogrammaticaccesscredentials",
        "gamelift:getcomputeaccess",
        "gamelift:getcomputeauthtoken",
        "gamelift:getinstanceaccess",
        "gamelift:requestuploadcredentials",
        "grafana:createworkspaceapikey",
        "iam:createaccesskey",
        "iam:createloginprofile",
        "iam:createservicespecificcredential",
        "iam:resetservicespecificcredential",
        "iam:updateaccesskey",
        "license-manager:getaccesstoken",
        "lightsail:createbucketaccesskey",
        "lightsail:downloaddefaultkeypair",
        "lightsail:getinstanceaccessdetails",
        "lightsail:getrelationaldatabasemasteruserpassword",
        "mediapackage:rotatechannelcredentials",
        "mediapackage:rotateingestendpointcredentials",
        "rds-db:connect",
        "redshift:getclustercredentials",
        "redshift:getclustercredentialswithiam",
        "redshift-serverless:getcredentials",
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:getfederationtoken",
        "sts:getsessiontoken",
    ]

    /// Read actions that hand out data or secrets. Source: cloudsplaining
    /// `READ_ONLY_DATA_EXFILTRATION_ACTIONS` (same file and commit as above).
    public static let dataExfiltration: [String] = [
        "s3:getobject",
        "secretsmanager:getsecretvalue",
        "ssm:getparameter",
        "ssm:getparameters",
        "ssm:getparametersbypath",
    ]

    /// Network-interface calls a Lambda function attached to a VPC needs, which AWS itself
    /// grants on `*` (the AWS-managed `AWSLambdaVPCAccessExecutionRole` policy and SAM's
    /// `VPCAccessPolicy` template): "write on every resource" is the documented set-up.
    public static let lambdaVPCNetworking: [String] = [
        "ec2:assignprivateipaddresses",
        "ec2:createnetworkinterface",
        "ec2:deletenetworkinterface",
        "ec2:detachnetworkinterface",
        "ec2:unassignprivateipaddresses",
    ]
}
