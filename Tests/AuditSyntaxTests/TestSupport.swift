import AuditSyntax
import Foundation
import Testing

/// Shorthand for a position in expectations.
func at(_ line: Int, _ column: Int) -> SourcePosition {
    SourcePosition(line: line, column: column)
}

func yaml(_ text: String, limits: ReaderLimits = .standard) throws(SyntaxError) -> ParsedDocument {
    try YAMLReader.parse(Array(text.utf8), limits: limits)
}

func json(_ text: String, limits: ReaderLimits = .standard) throws(SyntaxError) -> ParsedDocument {
    try JSONReader.parse(Array(text.utf8), limits: limits)
}

/// The error a reader throws, or nil when it succeeds; lets tests compare whole errors
/// (message and position) with `==`. (Closures do not infer typed throws, hence `any Error`.)
func syntaxError(_ read: () throws -> ParsedDocument) -> SyntaxError? {
    do {
        _ = try read()
        return nil
    } catch let error as SyntaxError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// A node's scalar text and kind, for compact expectations.
struct ScalarValue: Equatable, CustomStringConvertible {
    var text: String
    var kind: ScalarKind

    init(_ text: String, _ kind: ScalarKind) {
        self.text = text
        self.kind = kind
    }

    init?(_ node: Node?) {
        guard let node, case .scalar(let text, let kind) = node.content else { return nil }
        self.init(text, kind)
    }

    var description: String { "\(text.debugDescription) (\(kind))" }
}

/// Bytes of a file under `testdata/syntax/`, found by walking up from this source file to
/// the package root.
func fixture(_ name: String, filePath: String = #filePath) throws -> [UInt8] {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
        let parent = directory.deletingLastPathComponent()
        try #require(parent.path != directory.path, "no Package.swift above \(filePath)")
        directory = parent
    }
    let url = directory.appendingPathComponent("testdata/syntax").appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
}

/// UTF-16 bytes with a byte order mark, built by hand so the tests show the exact layout.
func utf16Bytes(_ text: String, littleEndian: Bool) -> [UInt8] {
    var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
    for unit in text.utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        bytes += littleEndian ? [low, high] : [high, low]
    }
    return bytes
}

/// A small deterministic generator (SplitMix64) so fuzz-style tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
