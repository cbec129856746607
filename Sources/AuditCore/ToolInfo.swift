/// The tool's name and version, as reports and `--version` print them.
public enum ToolInfo {
    public static let name = "auditstack"
    public static let version = "0.1.0-dev"
    public static let informationURI = "https://github.com/auditstack/auditstack"
}
