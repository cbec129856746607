import Foundation

/// A JSON value parsed exactly (integers told from other numbers, booleans from numbers),
/// which JSON Schema's `type` keyword needs and `JSONSerialization` blurs on Linux.
indirect enum JSON: Equatable {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    subscript(index: Int) -> JSON? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var int: Int? {
        if case .number(let value, true) = self { return Int(value) }
        return nil
    }

    var array: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var object: [String: JSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    struct ParseError: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    static func parse(_ text: String) throws -> JSON {
        var parser = Parser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.offset == parser.bytes.count else { throw ParseError(offset: parser.offset) }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var offset = 0

        mutating func skipSpace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func expect(_ literal: String) throws {
            for byte in literal.utf8 {
                guard offset < bytes.count, bytes[offset] == byte else { throw ParseError(offset: offset) }
                offset += 1
            }
        }

        mutating func value() throws -> JSON {
            skipSpace()
            guard offset < bytes.count else { throw ParseError(offset: offset) }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [String: JSON] = [:]
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw ParseError(offset: offset) }
                    skipSpace()
                    try expect(":")
                    guard members[key] == nil else { throw ParseError(offset: offset) }
                    members[key] = try value()
                    skipSpace()
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") {
                        offset += 1
                        continue
                    }
                    try expect("}")
                    return .object(members)
                }
            case UInt8(ascii: "["):
                offset += 1
                var items: [JSON] = []
                skipSpace()
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return .array(items)
                }
                while true {
                    items.append(try value())
                    skipSpace()
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") {
                        offset += 1
                        continue
                    }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default:
                let start = offset
                while offset < bytes.count, "+-0123456789.eE".utf8.contains(bytes[offset]) { offset += 1 }
                let text = String(decoding: bytes[start..<offset], as: UTF8.self)
                guard let number = Double(text) else { throw ParseError(offset: start) }
                return .number(number, isInteger: !text.contains(".") && !text.lowercased().contains("e"))
            }
        }

        mutating func string() throws -> String {
            try expect("\"")
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard offset < bytes.count else { throw ParseError(offset: offset) }
                    let escape = bytes[offset]
                    offset += 1
                    switch escape {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "u"):
                        guard offset + 4 <= bytes.count,
                              let code = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
                        else { throw ParseError(offset: offset) }
                        offset += 4
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(escape))
                    }
                case 0..<0x20:
                    throw ParseError(offset: offset - 1)
                default:
                    raw.append(byte)
                }
            }
            throw ParseError(offset: offset)
        }
    }
}

/// Validates JSON against a draft-04 JSON Schema, for the keywords the SARIF 2.1.0
/// schema uses: `type`, `properties`, `required`, `additionalProperties`, `items`,
/// `minItems`, `uniqueItems`, `enum`, `minimum`, `maximum`, `pattern`, `format` (`uri`,
/// `uri-reference`, `date-time`), `anyOf`, `oneOf` and `$ref` into `#/definitions/`.
/// A keyword it does not know makes validation fail, so the subset cannot silently shrink.
struct JSONSchemaValidator {
    let root: JSON

    static let knownKeywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "uniqueItems", "enum",
        "minimum", "maximum", "pattern", "format", "anyOf", "oneOf", "$ref", "description", "default", "title",
        "$schema", "id", "definitions",
    ]

    init(schema: JSON) {
        root = schema
    }

    /// The vendored SARIF 2.1.0 schema of the package at `packageRoot`. Unreadable, it is
    /// an empty schema, against which every validation reports a problem.
    static func sarif(packageRoot: URL) -> JSONSchemaValidator {
        let url = packageRoot.appendingPathComponent("Tests/Fixtures/sarif-schema-2.1.0.json")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? "{}"
        return JSONSchemaValidator(schema: (try? JSON.parse(text)) ?? .object([:]))
    }

    /// Every violation, each as `<JSON pointer>: <problem>`; empty when the value is valid.
    func violations(of value: JSON) -> [String] {
        // A missing fixture must fail every check, not accept everything.
        guard root.object?.isEmpty == false else { return [": no schema to validate against"] }
        var problems: [String] = []
        check(value, against: root, at: "", into: &problems)
        return problems
    }

    private func resolve(_ reference: String) -> JSON? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSON? = root
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private func check(_ value: JSON, against schema: JSON, at path: String, into problems: inout [String]) {
        guard let keywords = schema.object else {
            problems.append("\(path): schema is not an object")
            return
        }
        for keyword in keywords.keys where !Self.knownKeywords.contains(keyword) {
            problems.append("\(path): validator does not support keyword \(keyword)")
        }
        if let reference = keywords["$ref"]?.string {
            guard let target = resolve(reference) else {
                problems.append("\(path): unresolvable $ref \(reference)")
                return
            }
            check(value, against: target, at: path, into: &problems)
        }
        if let type = keywords["type"] {
            let allowed = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))")
                return
            }
        }
        if let options = keywords["enum"]?.array, !options.contains(value) {
            problems.append("\(path): \(Self.typeName(value)) not among the allowed values")
        }
        if case .number(let number, _) = value {
            if case .number(let minimum, _)? = keywords["minimum"], number < minimum {
                problems.append("\(path): \(number) is below the minimum \(minimum)")
            }
            if case .number(let maximum, _)? = keywords["maximum"], number > maximum {
                problems.append("\(path): \(number) is above the maximum \(maximum)")
            }
        }
        if case .string(let text) = value {
            if let pattern = keywords["pattern"]?.string {
                let expression = try? NSRegularExpression(pattern: pattern)
                let range = NSRange(text.startIndex..., in: text)
                if expression?.firstMatch(in: text, range: range) == nil {
                    problems.append("\(path): \"\(text)\" does not match \(pattern)")
                }
            }
            if let format = keywords["format"]?.string, !Self.conforms(text, to: format) {
                problems.append("\(path): \"\(text)\" is not a valid \(format)")
            }
        }
        if case .array(let items) = value {
            if let minimum = keywords["minItems"]?.int, items.count < minimum {
                problems.append("\(path): \(items.count) items, at least \(minimum) required")
            }
            if keywords["uniqueItems"] == .bool(true) {
                for (index, item) in items.enumerated() where items[..<index].contains(item) {
                    problems.append("\(path)/\(index): duplicate item")
                }
            }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, at: "\(path)/\(index)", into: &problems) }
            }
        }
        if case .object(let members) = value {
            for name in (keywords["required"]?.array ?? []).compactMap(\.string) where members[name] == nil {
                problems.append("\(path): missing required property \(name)")
            }
            let declared = keywords["properties"]?.object ?? [:]
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = declared[name] {
                    check(member, against: propertySchema, at: "\(path)/\(name)", into: &problems)
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path): property \(name) is not allowed")
                    } else if additional.object != nil {
                        check(member, against: additional, at: "\(path)/\(name)", into: &problems)
                    }
                }
            }
        }
        if let alternatives = keywords["anyOf"]?.array {
            let passing = alternatives.filter { alternative in
                var scratch: [String] = []
                check(value, against: alternative, at: path, into: &scratch)
                return scratch.isEmpty
            }
            if passing.isEmpty { problems.append("\(path): matches none of anyOf") }
        }
        if let alternatives = keywords["oneOf"]?.array {
            let passing = alternatives.filter { alternative in
                var scratch: [String] = []
                check(value, against: alternative, at: path, into: &scratch)
                return scratch.isEmpty
            }
            if passing.count != 1 { problems.append("\(path): matches \(passing.count) of oneOf, exactly 1 required") }
        }
    }

    static func matches(_ value: JSON, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
             ("object", .object):
            true
        case ("integer", .number(_, let isInteger)):
            isInteger
        default:
            false
        }
    }

    static func typeName(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number(_, let isInteger): isInteger ? "integer" : "number"
        case .string(let text): "string \"\(text.prefix(60))\""
        case .array: "array"
        case .object: "object"
        }
    }

    /// Loose format checks: what GitHub's validator would reject outright.
    static func conforms(_ text: String, to format: String) -> Bool {
        let noSpaces = !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }
        let escapesValid = text.range(of: "%(?![0-9A-Fa-f]{2})", options: .regularExpression) == nil
        switch format {
        case "uri":
            return noSpaces && escapesValid && text.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) != nil
        case "uri-reference":
            return noSpaces && escapesValid
        case "date-time":
            return text.range(
                of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#, options: .regularExpression
            ) != nil
        default:
            return true
        }
    }
}
