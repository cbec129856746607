/// The entry point for reading a file: refuses oversized and binary input cheaply, picks
/// JSON or YAML, and runs the matching reader.
public enum SyntaxReader {
    /// Bytes inspected for NUL when rejecting binary files; enough to catch archives and
    /// executables without scanning a whole large plan.
    private static let binaryProbeLength = 8 * 1024

    public static func read(
        _ bytes: [UInt8],
        fileName: String,
        limits: ReaderLimits = .standard
    ) throws(SyntaxError) -> (document: ParsedDocument, syntax: SyntaxKind) {
        if bytes.count > limits.maxFileBytes {
            throw SyntaxError(
                "file is \(describeSize(bytes.count)), above the \(describeSize(limits.maxFileBytes, dropZeroFraction: true)) limit",
                at: .start
            )
        }
        let byteOrderMark = TextEncoding.byteOrderMark(of: bytes)
        // UTF-16 text is full of NUL bytes, so only other files are probed.
        if byteOrderMark != .utf16LittleEndian, byteOrderMark != .utf16BigEndian,
           let nulOffset = bytes.prefix(binaryProbeLength).firstIndex(of: 0) {
            throw SyntaxError("binary file (NUL byte at offset \(nulOffset))", at: TextEncoding.position(ofByteOffset: nulOffset, in: bytes))
        }

        let syntax = syntaxKind(of: bytes, fileName: fileName, byteOrderMark: byteOrderMark)
        switch syntax {
        case .json:
            do {
                return (try JSONReader.parse(bytes, limits: limits), .json)
            } catch {
                // Flow-style YAML also starts with `{` (some published templates are written
                // so): a document that is not JSON gets a second reading as YAML, and the
                // JSON error stands when that fails too. A `.tf.json` name claims JSON.
                guard !fileName.lowercased().hasSuffix(".tf.json"),
                      syntaxKind(of: bytes, fileName: "", byteOrderMark: byteOrderMark) == .json,
                      let yaml = try? YAMLReader.parse(bytes, limits: limits) else { throw error }
                return (yaml, .yaml)
            }
        case .yaml: return (try YAMLReader.parse(bytes, limits: limits), .yaml)
        case .hcl:
            var document = try HCLReader.parse(bytes, limits: limits)
            if fileName.lowercased().hasSuffix(".json") {
                // Real repositories have them: Terraform itself would refuse the file.
                document.warnings.insert(SyntaxWarning(
                    "this file holds Terraform native syntax (HCL), not JSON: it is read as HCL, but Terraform reads a .tf.json file as JSON and will refuse it; rename it to .tf",
                    at: .start
                ), at: 0)
            }
            return (document, .hcl)
        }
    }

    /// Terraform's native-syntax names: configuration (`.tf`, OpenTofu's `.tofu`) and
    /// variable values (`.tfvars`).
    public static func isHCLFileName(_ fileName: String) -> Bool {
        let lowercasedName = fileName.lowercased()
        return lowercasedName.hasSuffix(".tf") || lowercasedName.hasSuffix(".tofu") || lowercasedName.hasSuffix(".tfvars")
    }

    /// HCL for Terraform's native-syntax names (and a `.tf.json` that does not start like
    /// JSON), JSON for `.json` names (which covers `.tf.json` and `.tfplan.json`), YAML for
    /// `.yaml`/`.yml`; anything else (`.template` is common for both) by its first character.
    static func syntaxKind(of bytes: [UInt8], fileName: String, byteOrderMark: TextEncoding.ByteOrderMark?) -> SyntaxKind {
        let lowercasedName = fileName.lowercased()
        if isHCLFileName(lowercasedName) { return .hcl }
        if lowercasedName.hasSuffix(".tf.json") || lowercasedName.hasSuffix(".tofu.json"), byteOrderMark != .utf16LittleEndian,
           byteOrderMark != .utf16BigEndian, let first = firstCharacter(of: bytes, byteOrderMark: byteOrderMark),
           first != ("{" as Unicode.Scalar).value, first != ("[" as Unicode.Scalar).value {
            // HCL saved under a Terraform JSON name (real repositories have them).
            return .hcl
        }
        if lowercasedName.hasSuffix(".json") { return .json }
        if lowercasedName.hasSuffix(".yaml") || lowercasedName.hasSuffix(".yml") { return .yaml }
        let firstCharacter = firstCharacter(of: bytes, byteOrderMark: byteOrderMark)
        if firstCharacter == ("{" as Unicode.Scalar).value || firstCharacter == ("[" as Unicode.Scalar).value { return .json }
        return .yaml
    }

    private static func firstCharacter(of bytes: [UInt8], byteOrderMark: TextEncoding.ByteOrderMark?) -> UInt32? {
        let firstCharacter: UInt32?
        switch byteOrderMark {
        case .utf16LittleEndian:
            firstCharacter = firstNonWhitespace(in: bytes, from: 2, unitSize: 2) { UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0]) }
        case .utf16BigEndian:
            firstCharacter = firstNonWhitespace(in: bytes, from: 2, unitSize: 2) { UInt32(bytes[$0]) << 8 | UInt32(bytes[$0 + 1]) }
        case .utf8:
            firstCharacter = firstNonWhitespace(in: bytes, from: 3, unitSize: 1) { UInt32(bytes[$0]) }
        case nil:
            firstCharacter = firstNonWhitespace(in: bytes, from: 0, unitSize: 1) { UInt32(bytes[$0]) }
        }
        return firstCharacter
    }

    /// The first code unit that is not JSON whitespace; `decodeUnit` reads the unit that
    /// starts at a byte offset.
    private static func firstNonWhitespace(
        in bytes: [UInt8],
        from start: Int,
        unitSize: Int,
        decodeUnit: (Int) -> UInt32
    ) -> UInt32? {
        var index = start
        while index + unitSize <= bytes.count {
            let unit = decodeUnit(index)
            switch unit {
            case 0x20, 0x09, 0x0A, 0x0D:  // space, tab, line feed, carriage return
                index += unitSize
            default:
                return unit
            }
        }
        return nil
    }

    /// "80.0 MB", "512.0 KB" or "300 bytes"; limits read better as "64 MB".
    static func describeSize(_ byteCount: Int, dropZeroFraction: Bool = false) -> String {
        func tenths(_ unit: Int) -> String {
            let value = (byteCount * 10 + unit / 2) / unit
            if dropZeroFraction, value % 10 == 0 { return "\(value / 10)" }
            return "\(value / 10).\(value % 10)"
        }
        if byteCount >= 1 << 20 { return "\(tenths(1 << 20)) MB" }
        if byteCount >= 1 << 10 { return "\(tenths(1 << 10)) KB" }
        return byteCount == 1 ? "1 byte" : "\(byteCount) bytes"
    }
}
