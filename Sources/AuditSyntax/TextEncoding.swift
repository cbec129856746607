/// Byte-level text helpers shared by the readers: byte order marks, UTF-16 transcoding,
/// and turning a byte offset into the line:column an editor shows.
enum TextEncoding {
    enum ByteOrderMark {
        case utf8
        case utf16LittleEndian
        case utf16BigEndian
    }

    static func byteOrderMark(of bytes: [UInt8]) -> ByteOrderMark? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return .utf8 }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return .utf16LittleEndian }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return .utf16BigEndian }
        return nil
    }

    /// Converts UTF-16 `bytes` (starting with their 2-byte byte order mark, which is
    /// dropped) to UTF-8. Unpaired surrogates become U+FFFD, matching what editors display;
    /// a dangling odd byte is an error because the file was cut short.
    static func utf8FromUTF16(_ bytes: [UInt8], littleEndian: Bool) throws(SyntaxError) -> [UInt8] {
        let body = bytes.count - 2
        var units: [UInt16] = []
        units.reserveCapacity(body / 2)
        var index = 2
        while index + 1 < bytes.count {
            let low = UInt16(bytes[littleEndian ? index : index + 1])
            let high = UInt16(bytes[littleEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        if index < bytes.count {
            let text = String(decoding: units, as: UTF16.self)
            throw SyntaxError("truncated UTF-16 text (odd number of bytes)", at: endPosition(of: text))
        }
        // The UTF16 codec repairs unpaired surrogates with U+FFFD for us.
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// The position just after the end of `text`.
    private static func endPosition(of text: String) -> SourcePosition {
        Array(text.utf8).withUnsafeBufferPointer { position(ofByteOffset: $0.count, in: $0) }
    }

    /// The 1-based line and column of `offset` in UTF-8 `bytes`. Columns count Unicode
    /// scalars (UTF-8 lead bytes); `\n`, `\r\n` and a lone `\r` each end a line.
    static func position(ofByteOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                if index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                }
            } else if !isContinuationByte(byte) {
                column += 1
            }
            index += 1
        }
        return SourcePosition(line: line, column: column)
    }

    /// Like `position(ofByteOffset:in:)`, for a file that may start with a byte order mark
    /// (libyaml reports reader errors as offsets into the raw input).
    static func position(ofByteOffset offset: Int, inRaw bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        let raw = Array(bytes)
        switch byteOrderMark(of: raw) {
        case .utf8:
            return position(ofByteOffset: offset - 3, in: UnsafeBufferPointer(rebasing: bytes[3...]))
        case let mark?:
            // Transcode the whole code units before the offset and count in UTF-8.
            let wholeUnitsEnd = 2 + (min(max(offset, 2), raw.count) - 2) / 2 * 2
            let prefix = Array(raw[..<wholeUnitsEnd])
            let transcoded = (try? utf8FromUTF16(prefix, littleEndian: mark == .utf16LittleEndian)) ?? []
            return position(ofByteOffset: transcoded.count, in: transcoded)
        case nil:
            return position(ofByteOffset: offset, in: bytes)
        }
    }

    static func position(ofByteOffset offset: Int, in bytes: [UInt8]) -> SourcePosition {
        bytes.withUnsafeBufferPointer { position(ofByteOffset: offset, in: $0) }
    }

    @inline(__always)
    static func isContinuationByte(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// A short rendering of the byte at `offset` for error messages: the character itself
    /// when it is printable text, otherwise its hex value.
    static func describeCharacter(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let byte = bytes[offset]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte < 0x80 { return "byte 0x\(hex(byte))" }
        var length = 0
        if byte & 0xE0 == 0xC0 { length = 2 } else if byte & 0xF0 == 0xE0 { length = 3 } else if byte & 0xF8 == 0xF0 { length = 4 }
        if length > 0, offset + length <= bytes.count {
            let slice = UnsafeBufferPointer(rebasing: bytes[offset..<offset + length])
            if let scalar = String(validating: slice, as: UTF8.self) { return "'\(scalar)'" }
        }
        return "byte 0x\(hex(byte))"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
