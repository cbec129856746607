/// Resolves the kind of a plain (unquoted, untagged) YAML scalar with the YAML 1.2 core
/// schema. Hand-written byte scanners instead of regular expressions: this runs once per
/// scalar in every template, so it has to cost a few comparisons, not a regex engine.
///
/// `yes`/`no`/`on`/`off` deliberately stay strings: YAML 1.2 dropped them, and
/// CloudFormation reads them as strings as well.
enum YAMLCoreSchema {
    static func kind(ofPlain text: UnsafeBufferPointer<UInt8>) -> ScalarKind {
        guard let first = text.first else { return .null }
        // Nearly every scalar in a template is a word such as a resource name; reject
        // those on the first byte.
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            return isNull(text) ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return isBoolean(text) ? .boolean : .string
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if isInteger(text) { return .integer }
            if isFloat(text) { return .float }
            return .string
        default:
            return .string
        }
    }

    static func isNull(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        text.isEmpty || matches(text, "~") || matches(text, "null") || matches(text, "Null") || matches(text, "NULL")
    }

    static func isBoolean(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch text.count {
        case 4: matches(text, "true") || matches(text, "True") || matches(text, "TRUE")
        case 5: matches(text, "false") || matches(text, "False") || matches(text, "FALSE")
        default: false
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
    static func isInteger(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if text.count > 2, text[0] == UInt8(ascii: "0") {
            let rest = UnsafeBufferPointer(rebasing: text[2...])
            if text[1] == UInt8(ascii: "o") { return rest.allSatisfy(isOctalDigit) }
            if text[1] == UInt8(ascii: "x") { return rest.allSatisfy(isHexDigit) }
        }
        var index = 0
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") { index = 1 }
        guard index < text.count else { return false }
        while index < text.count {
            guard isDecimalDigit(text[index]) else { return false }
            index += 1
        }
        return true
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf` and `.nan`
    /// in their three spellings each.
    static func isFloat(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        var index = 0
        let signed = text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+")
        if signed { index = 1 }
        let afterSign = UnsafeBufferPointer(rebasing: text[index...])
        if matches(afterSign, ".inf") || matches(afterSign, ".Inf") || matches(afterSign, ".INF") { return true }
        if !signed, matches(text, ".nan") || matches(text, ".NaN") || matches(text, ".NAN") { return true }

        let integerStart = index
        while index < count, isDecimalDigit(text[index]) { index += 1 }
        let integerDigits = index - integerStart
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < count, isDecimalDigit(text[index]) { index += 1 }
            // `.5` needs fraction digits; `5.` is allowed by the core schema.
            if integerDigits == 0, index == fractionStart { return false }
        } else if integerDigits == 0 {
            return false
        }
        if index < count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            if index < count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
            let exponentStart = index
            while index < count, isDecimalDigit(text[index]) { index += 1 }
            if index == exponentStart { return false }
        }
        return index == count
    }

    private static func matches(_ text: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard text.count == literal.utf8CodeUnitCount else { return false }
        let literalBytes = literal.utf8Start
        for index in 0..<text.count where text[index] != literalBytes[index] {
            return false
        }
        return true
    }

    private static func isDecimalDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private static func isOctalDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 8
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDecimalDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }
}
