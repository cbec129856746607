/// A JSON value whose objects keep their keys in the order written, so output is
/// deterministic and follows the documented schema order.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A money amount or rate: written with at most four decimals (`32.85`, `0.045`).
    case decimal(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    public static func optional(_ amount: Double?) -> JSONValue {
        amount.map(JSONValue.decimal) ?? .null
    }

    /// `32.85`, `0.045`, `7`: four decimals at most, trailing zeros dropped.
    static func decimalText(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = Int64((value * 10_000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        var fraction = String(magnitude % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(magnitude / 10_000) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Pretty-printed with two-space indentation and a trailing newline; empty arrays
    /// and objects stay on one line.
    public func rendered() -> String {
        // Written as UTF-8 bytes and made a string once: reports run to megabytes, and
        // appending to a byte array is cheaper than appending to a string piece by piece.
        var output: [UInt8] = []
        output.reserveCapacity(64 * 1024)
        write(into: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    private func write(into output: inout [UInt8], indent: Int) {
        switch self {
        case .null:
            output += "null".utf8
        case .bool(let value):
            output += (value ? "true" : "false").utf8
        case .int(let value):
            output += String(value).utf8
        case .decimal(let value):
            output += JSONValue.decimalText(value).utf8
        case .string(let value):
            JSONValue.writeString(value, into: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]".utf8
                return
            }
            output += "[\n".utf8
            for (index, item) in items.enumerated() {
                Self.writeIndent(indent + 1, into: &output)
                item.write(into: &output, indent: indent + 1)
                output += (index == items.count - 1 ? "\n" : ",\n").utf8
            }
            Self.writeIndent(indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}".utf8
                return
            }
            output += "{\n".utf8
            for (index, (key, value)) in members.enumerated() {
                Self.writeIndent(indent + 1, into: &output)
                JSONValue.writeString(key, into: &output)
                output += ": ".utf8
                value.write(into: &output, indent: indent + 1)
                output += (index == members.count - 1 ? "\n" : ",\n").utf8
            }
            Self.writeIndent(indent, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeIndent(_ level: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        if !needsEscaping(value) {
            output.append(UInt8(ascii: "\""))
            output += value.utf8
            output.append(UInt8(ascii: "\""))
            return
        }
        var escaped = ""
        writeString(value, into: &escaped)
        output += escaped.utf8
    }

    private static func needsEscaping(_ value: String) -> Bool {
        func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return true
            }
            return false
        }
        if let result = value.utf8.withContiguousStorageIfAvailable(check) { return result }
        return Array(value.utf8).withUnsafeBufferPointer(check)
    }

    /// RFC 8259 escaping: quote, backslash and control characters; everything else is
    /// written as UTF-8.
    static func writeString(_ value: String, into output: inout String) {
        // Most strings need no escape: appended whole rather than scalar by scalar.
        if !needsEscaping(value) {
            output += "\""
            output += value
            output += "\""
            return
        }
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
