/// Attributes the network graph reads (`NetworkGraph`): where subnets, routes, endpoints,
/// addresses and workloads say what they are attached to.
extension AttributeName {
    /// A subnet's zone id (`use1-az1`), an alternative to its zone name.
    public static let availabilityZoneID: AttributeName = "AvailabilityZoneId"
    public static let destinationIPv6CidrBlock: AttributeName = "DestinationIpv6CidrBlock"
    /// Route targets other than NAT and internet gateways: a default route through any of
    /// these leaves the VPC some other way (rule-catalog §3.3).
    public static let transitGatewayID: AttributeName = "TransitGatewayId"
    public static let vpcPeeringConnectionID: AttributeName = "VpcPeeringConnectionId"
    public static let egressOnlyInternetGatewayID: AttributeName = "EgressOnlyInternetGatewayId"
    public static let carrierGatewayID: AttributeName = "CarrierGatewayId"
    public static let localGatewayID: AttributeName = "LocalGatewayId"
    public static let coreNetworkARN: AttributeName = "CoreNetworkArn"
    /// Terraform `aws_route_table` inline `route` blocks, whole (cidr and target per route).
    public static let inlineRoutes: AttributeName = "Routes"
    /// Terraform `aws_default_route_table.default_route_table_id`: the VPC's main route table.
    public static let defaultRouteTableID: AttributeName = "DefaultRouteTableId"
    public static let cacheSubnetGroupName: AttributeName = "CacheSubnetGroupName"
    /// ECS `awsvpc` services: the subnets their tasks' interfaces sit in.
    public static let awsvpcSubnets: AttributeName = "NetworkConfiguration.AwsvpcConfiguration.Subnets"
    public static let vpcZoneIdentifier: AttributeName = "VPCZoneIdentifier"
    public static let launchTemplateSubnetIDs: AttributeName = "LaunchTemplateData.NetworkInterfaces.SubnetId"
    public static let fileSystemID: AttributeName = "FileSystemId"
    /// CloudFormation `AWS::EC2::EIPAssociation.EIP` (the address, for EC2-Classic style associations).
    public static let eipAddress: AttributeName = "EIP"
}
