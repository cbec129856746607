import AuditCore

/// ANSI styling that collapses to plain text when colour is off.
struct TextStyle: Sendable {
    enum Tone: String, Sendable {
        case red = "31"
        case boldRed = "1;31"
        case yellow = "33"
        case cyan = "36"
        case magenta = "35"
        case bold = "1"
        case dim = "2"
    }

    var enabled: Bool

    func apply(_ tone: Tone?, to text: String) -> String {
        guard enabled, let tone, !text.isEmpty else { return text }
        return "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m"
    }

    static func tone(for severity: Severity) -> Tone {
        switch severity {
        case .critical: .boldRed
        case .high: .red
        case .medium: .yellow
        case .low: .cyan
        }
    }
}

extension String {
    /// The text with control characters shown as `\u{…}` escapes. Paths, names and
    /// expressions come from scanned files, which must not drive the user's terminal.
    var terminalSafe: String {
        guard unicodeScalars.contains(where: \.isTerminalControl) else { return self }
        var output = ""
        for scalar in unicodeScalars {
            if scalar.isTerminalControl {
                output += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Pads with spaces to `width` characters (never truncates).
    func padded(to width: Int) -> String {
        let missing = width - count
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }
}

extension Unicode.Scalar {
    fileprivate var isTerminalControl: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}

/// English counts: `1 file`, `2 files`, `1 policy`, `3 policies`.
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}

/// Seconds with two decimals, without Foundation's formatter.
func formattedSeconds(_ seconds: Double) -> String {
    let hundredths = Int((max(0, seconds) * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
}

/// `file:line:col`, or just the file when the problem has no position.
func locationText(file: String, line: Int, column: Int) -> String {
    line > 0 ? "\(file):\(line):\(max(column, 1))" : file
}
