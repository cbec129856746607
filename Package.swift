// swift-tools-version: 6.0
import PackageDescription

// Module graph (imports run one way, see ARCHITECTURE.md):
//   CYAML -> AuditSyntax -> AuditModel -> AuditCore -> AuditRules
//   AuditModel -> AuditIAM (action catalog, principal analysis) -> AuditRules
//   AuditModel + AuditIAM -> AuditGraph (the relationship graph, built once per model) -> AuditRules
//   AuditSyntax + AuditModel -> AuditLoaders
//   AuditCore -> AuditReporters
//   everything -> AuditKit (the pipeline) -> auditstack (CLI)
let package = Package(
    name: "auditstack",
    products: [
        .executable(name: "auditstack", targets: ["auditstack"]),
        .library(name: "AuditKit", targets: ["AuditKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The launch-review page: Mustache templates, whose `{{value}}` escapes HTML by construction.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "AuditSyntax", dependencies: ["CYAML"]),
        .target(name: "AuditModel", dependencies: ["AuditSyntax"]),
        .target(name: "AuditLoaders", dependencies: ["AuditSyntax", "AuditModel"]),
        .target(name: "AuditCore", dependencies: ["AuditModel"]),
        .target(name: "AuditIAM", dependencies: ["AuditModel"]),
        .target(name: "AuditGraph", dependencies: ["AuditModel", "AuditIAM"]),
        .target(name: "AuditRules", dependencies: ["AuditCore", "AuditModel", "AuditIAM", "AuditGraph"], path: "Rules"),
        .target(
            name: "AuditReporters",
            dependencies: ["AuditCore", "AuditModel", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "AuditKit",
            dependencies: ["AuditSyntax", "AuditModel", "AuditLoaders", "AuditCore", "AuditIAM", "AuditGraph", "AuditRules", "AuditReporters"]
        ),
        .executableTarget(
            name: "auditstack",
            dependencies: [
                "AuditKit", "AuditCore", "AuditLoaders", "AuditReporters",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "auditstack-bench", dependencies: ["AuditKit", "CYAML"]),
        .testTarget(name: "AuditSyntaxTests", dependencies: ["AuditSyntax"]),
        .testTarget(name: "AuditIAMTests", dependencies: ["AuditIAM"]),
        .testTarget(name: "AuditGraphTests", dependencies: ["AuditGraph", "AuditKit", "AuditModel"]),
        .testTarget(name: "AuditLoadersTests", dependencies: ["AuditLoaders", "AuditKit", "AuditModel", "AuditSyntax"]),
        .testTarget(name: "AuditRulesTests", dependencies: ["AuditKit", "AuditCore", "AuditRules", "AuditSyntax", "AuditIAM"]),
        .testTarget(name: "AuditKitTests", dependencies: ["AuditKit", "AuditCore", "AuditReporters", "AuditRules"]),
        .testTarget(name: "EndToEndTests", dependencies: ["AuditKit", "AuditModel", "AuditSyntax"]),
        .testTarget(name: "ScannerTests", dependencies: ["AuditIAM", "AuditKit", "AuditLoaders", "AuditCore", "AuditModel", "AuditRules", "AuditSyntax"]),
    ]
)
