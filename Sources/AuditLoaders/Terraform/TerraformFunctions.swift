import AuditModel
import AuditSyntax
import Foundation

/// Terraform's operators and the built-in functions real AWS configurations lean on, over
/// known values, with Terraform's results (checked with `terraform console` 1.11):
/// `element` wraps around, `keys` are sorted, `format` knows `%s %d %v %q %t %f %%`,
/// `coalesce` skips null and "". An argument that is not known before plan (unresolved,
/// or a resource reference where a plain value is needed) makes the result unknown; a
/// function not listed here is unknown too, never guessed.
enum TerraformFunctions {
    enum Result {
        case value(Value)
        case unknown
        case failed(String)
    }

    struct Context {
        /// The module's directory: `file()` reads only below it.
        var moduleDirectory: String
        var readFile: @Sendable (String) -> String?
    }

    /// Functions whose result the model treats as their argument: the structure stays, so
    /// a policy in `jsonencode({…})` is read as a document with its references.
    static let transparent: Set<String> = ["jsonencode", "tolist", "tomap", "sensitive", "nonsensitive"]

    // MARK: Operators

    static func binary(_ op: HCLBinaryOperator, _ left: Value, _ right: Value) -> Value? {
        switch op {
        case .equal: return .bool(left == right)
        case .notEqual: return .bool(left != right)
        case .and, .or:
            guard case .bool(let l) = left, case .bool(let r) = right else { return nil }
            return .bool(op == .and ? l && r : l || r)
        default:
            guard let l = number(left), let r = number(right) else { return nil }
            switch op {
            case .add: return .number(l + r)
            case .subtract: return .number(l - r)
            case .multiply: return .number(l * r)
            case .divide: return r == 0 ? nil : .number(l / r)
            case .modulo: return r == 0 ? nil : .number(l.truncatingRemainder(dividingBy: r))
            case .less: return .bool(l < r)
            case .lessOrEqual: return .bool(l <= r)
            case .greater: return .bool(l > r)
            case .greaterOrEqual: return .bool(l >= r)
            default: return nil
            }
        }
    }

    /// A number, or a string that holds one (Terraform converts).
    private static func number(_ value: Value) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    private static func isKnown(_ value: Value) -> Bool {
        !value.containsUnresolved && value.references.isEmpty
    }

    private static func string(_ value: Value) -> String? {
        switch value {
        case .string(let text): text
        case .number, .bool: value.displayText
        default: nil
        }
    }

    // MARK: Functions

    static func call(_ name: String, _ arguments: [Value], context: Context) -> Result {
        // Leaves that are not known yet make most results unknown.
        func needKnown(_ values: [Value]) -> Bool { values.allSatisfy(isKnown) }
        func argumentCount(_ range: ClosedRange<Int>) -> Result? {
            range.contains(arguments.count) ? nil : .failed("\(name) takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") arguments")
        }
        func list(_ value: Value) -> [Value]? {
            if case .list(let items) = value { return items }
            return nil
        }
        func entries(_ value: Value) -> [Value.MapEntry]? {
            if case .map(let entries) = value { return entries }
            return nil
        }
        func isLeafUnknown(_ value: Value) -> Bool {
            switch value {
            case .unresolved, .reference: true
            default: false
            }
        }
        func stringArguments() -> [String]? {
            let texts = arguments.compactMap(string)
            return texts.count == arguments.count ? texts : nil
        }
        // String functions: every argument a known primitive.
        func strings(_ count: ClosedRange<Int>, _ body: ([String]) -> Result) -> Result {
            if let problem = argumentCount(count) { return problem }
            if arguments.contains(where: isLeafUnknown) { return .unknown }
            guard let texts = stringArguments() else { return .failed("\(name) needs strings") }
            return body(texts)
        }

        switch name {
        case "length":
            if let problem = argumentCount(1...1) { return problem }
            switch arguments[0] {
            case .list(let items): return .value(.number(Double(items.count)))
            case .map(let entries): return .value(.number(Double(entries.count)))
            case .string(let text): return .value(.number(Double(text.count)))
            case .unresolved, .reference: return .unknown
            default: return .failed("length needs a collection or a string")
            }
        case "concat":
            var items: [Value] = []
            for argument in arguments {
                if isLeafUnknown(argument) { return .unknown }
                guard let elements = list(argument) else { return .failed("concat needs lists") }
                items += elements
            }
            return .value(.list(items))
        case "merge":
            var merged: [Value.MapEntry] = []
            for argument in arguments {
                if case .null = argument { continue }
                if isLeafUnknown(argument) { return .unknown }
                guard let more = entries(argument) else { return .failed("merge needs maps or objects") }
                for entry in more {
                    if let index = merged.firstIndex(where: { $0.key == entry.key }) { merged[index] = entry } else { merged.append(entry) }
                }
            }
            return .value(.map(merged))
        case "lookup":
            if let problem = argumentCount(2...3) { return problem }
            if isLeafUnknown(arguments[0]) || isLeafUnknown(arguments[1]) { return .unknown }
            guard let map = entries(arguments[0]), let key = string(arguments[1]) else { return .failed("lookup needs a map and a key") }
            if let found = map.first(where: { $0.key == key }) { return .value(found.value) }
            return arguments.count == 3 ? .value(arguments[2]) : .failed("the map has no key \"\(key)\"")
        case "element":
            if let problem = argumentCount(2...2) { return problem }
            if isLeafUnknown(arguments[0]) || isLeafUnknown(arguments[1]) { return .unknown }
            guard let items = list(arguments[0]), let index = number(arguments[1]) else { return .failed("element needs a list and an index") }
            guard !items.isEmpty else { return .failed("element of an empty list") }
            guard index >= 0 else { return .failed("element needs an index of 0 or more") }
            return .value(items[Int(index) % items.count])
        case "contains":
            if let problem = argumentCount(2...2) { return problem }
            if isLeafUnknown(arguments[0]) || !isKnown(arguments[1]) { return .unknown }
            guard let items = list(arguments[0]) else { return .failed("contains needs a list") }
            if items.contains(arguments[1]) { return .value(.bool(true)) }
            return items.allSatisfy(isKnown) ? .value(.bool(false)) : .unknown
        case "keys":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let map = entries(arguments[0]) else { return .failed("keys needs a map") }
            return .value(.list(map.map(\.key).sorted().map(Value.string)))
        case "values":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let map = entries(arguments[0]) else { return .failed("values needs a map") }
            return .value(.list(map.sorted { $0.key < $1.key }.map(\.value)))
        case "flatten":
            if let problem = argumentCount(1...1) { return problem }
            var result: [Value] = []
            var pending: [(Value, Int)] = [(arguments[0], 0)]
            var output: [Value] = []
            // Depth-first, in order, without recursion.
            while let (next, depth) = pending.popLast() {
                if isLeafUnknown(next) { return .unknown }
                if case .list(let items) = next, depth < 64 {
                    pending += items.reversed().map { ($0, depth + 1) }
                } else if depth == 0 {
                    return .failed("flatten needs a list")
                } else {
                    output.append(next)
                }
            }
            result = output
            return .value(.list(result))
        case "zipmap":
            if let problem = argumentCount(2...2) { return problem }
            if isLeafUnknown(arguments[0]) || isLeafUnknown(arguments[1]) { return .unknown }
            guard let keys = list(arguments[0]), let values = list(arguments[1]), keys.count == values.count else {
                return .failed("zipmap needs two lists of the same length")
            }
            var map: [Value.MapEntry] = []
            for (key, value) in zip(keys, values) {
                guard let text = string(key) else { return isLeafUnknown(key) ? .unknown : .failed("zipmap keys must be strings") }
                map.append(Value.MapEntry(key: text, value: value))
            }
            return .value(.map(map))
        case "toset", "distinct":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let items = list(arguments[0]) else { return .failed("\(name) needs a list") }
            guard items.allSatisfy(isKnown) else { return name == "toset" ? .value(arguments[0]) : .unknown }
            var seen: Set<Value> = []
            var unique = items.filter { seen.insert($0).inserted }
            // Terraform orders a set of strings lexically.
            if name == "toset", unique.allSatisfy({ $0.stringValue != nil }) {
                unique.sort { ($0.stringValue ?? "") < ($1.stringValue ?? "") }
            }
            return .value(.list(unique))
        case "tostring":
            if let problem = argumentCount(1...1) { return problem }
            if case .null = arguments[0] { return .value(.null) }
            if isLeafUnknown(arguments[0]) { return .unknown }
            return string(arguments[0]).map { .value(.string($0)) } ?? .failed("tostring needs a primitive value")
        case "tonumber":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            return number(arguments[0]).map { .value(.number($0)) } ?? .failed("cannot convert to a number")
        case "tobool":
            if let problem = argumentCount(1...1) { return problem }
            switch arguments[0] {
            case .bool: return .value(arguments[0])
            case .string("true"): return .value(.bool(true))
            case .string("false"): return .value(.bool(false))
            case .unresolved, .reference: return .unknown
            default: return .failed("cannot convert to a bool")
            }
        case "join":
            if let problem = argumentCount(2...2) { return problem }
            if isLeafUnknown(arguments[0]) || isLeafUnknown(arguments[1]) { return .unknown }
            guard let separator = string(arguments[0]), let items = list(arguments[1]) else { return .failed("join needs a separator and a list") }
            var parts: [String] = []
            for item in items {
                if isLeafUnknown(item) { return .unknown }
                guard let text = string(item) else { return .failed("join needs a list of strings") }
                parts.append(text)
            }
            return .value(.string(parts.joined(separator: separator)))
        case "split":
            return strings(2...2) { texts in
                guard !texts[0].isEmpty else { return .value(.list(texts[1].map { .string(String($0)) })) }
                return .value(.list(texts[1].components(separatedBy: texts[0]).map(Value.string)))
            }
        case "replace":
            return strings(3...3) { texts in
                // A `/regex/` pattern is not evaluated here.
                if texts[1].count > 1, texts[1].hasPrefix("/"), texts[1].hasSuffix("/") { return .unknown }
                guard !texts[1].isEmpty else { return .value(.string(texts[0])) }
                return .value(.string(texts[0].components(separatedBy: texts[1]).joined(separator: texts[2])))
            }
        case "lower": return strings(1...1) { .value(.string($0[0].lowercased())) }
        case "upper": return strings(1...1) { .value(.string($0[0].uppercased())) }
        case "trimspace": return strings(1...1) { .value(.string(TerraformEvaluator.trimmed($0[0]))) }
        case "trimprefix": return strings(2...2) { .value(.string($0[0].hasPrefix($0[1]) ? String($0[0].dropFirst($0[1].count)) : $0[0])) }
        case "trimsuffix": return strings(2...2) { .value(.string($0[0].hasSuffix($0[1]) ? String($0[0].dropLast($0[1].count)) : $0[0])) }
        case "startswith": return strings(2...2) { .value(.bool($0[0].hasPrefix($0[1]))) }
        case "endswith": return strings(2...2) { .value(.bool($0[0].hasSuffix($0[1]))) }
        case "strcontains": return strings(2...2) { .value(.bool($0[1].isEmpty || $0[0].contains($0[1]))) }
        case "substr":
            return strings(3...3) { texts in
                guard let offset = Int(texts[1]), let length = Int(texts[2]) else { return .failed("substr needs numbers") }
                let characters = Array(texts[0])
                let start = offset < 0 ? max(0, characters.count + offset) : min(offset, characters.count)
                let end = length < 0 ? characters.count : min(characters.count, start + length)
                return .value(.string(String(characters[start..<max(start, end)])))
            }
        case "basename":
            return strings(1...1) { .value(.string($0[0].split(separator: "/").last.map(String.init) ?? $0[0])) }
        case "format":
            if arguments.isEmpty { return .failed("format needs a format string") }
            if arguments.contains(where: { !isKnown($0) }) { return .unknown }
            guard let spec = string(arguments[0]) else { return .failed("format needs a format string") }
            return format(spec, Array(arguments.dropFirst()))
        case "coalesce":
            for argument in arguments {
                if isLeafUnknown(argument) { return .unknown }
                if case .null = argument { continue }
                if case .string("") = argument { continue }
                return .value(argument)
            }
            return .failed("coalesce: no non-null, non-empty argument")
        case "coalescelist":
            for argument in arguments {
                if isLeafUnknown(argument) { return .unknown }
                if let items = list(argument), !items.isEmpty { return .value(argument) }
            }
            return .value(.list([]))
        case "compact":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let items = list(arguments[0]) else { return .failed("compact needs a list") }
            if items.contains(where: isLeafUnknown) { return .unknown }
            return .value(.list(items.filter { $0 != .null && $0 != .string("") }))
        case "slice":
            if let problem = argumentCount(3...3) { return problem }
            if arguments.contains(where: isLeafUnknown) { return .unknown }
            guard let items = list(arguments[0]), let start = number(arguments[1]).map(Int.init), let end = number(arguments[2]).map(Int.init),
                  start >= 0, start <= end, end <= items.count else { return .failed("slice indexes out of range") }
            return .value(.list(Array(items[start..<end])))
        case "one":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let items = list(arguments[0]) else { return .failed("one needs a list") }
            switch items.count {
            case 0: return .value(.null)
            case 1: return .value(items[0])
            default: return .failed("one needs a list of at most one element")
            }
        case "reverse":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            return list(arguments[0]).map { .value(.list($0.reversed())) } ?? .failed("reverse needs a list")
        case "sort":
            if let problem = argumentCount(1...1) { return problem }
            if !isKnown(arguments[0]) { return .unknown }
            guard let items = list(arguments[0]) else { return .failed("sort needs a list") }
            let texts = items.compactMap(string)
            guard texts.count == items.count else { return .failed("sort needs a list of strings") }
            return .value(.list(texts.sorted().map(Value.string)))
        case "range":
            if let problem = argumentCount(1...3) { return problem }
            if arguments.contains(where: isLeafUnknown) { return .unknown }
            let numbers = arguments.compactMap(number)
            guard numbers.count == arguments.count else { return .failed("range needs numbers") }
            let (start, end, step) = numbers.count == 1 ? (0, numbers[0], 1) : (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : (numbers[1] >= numbers[0] ? 1 : -1))
            guard step != 0 else { return .failed("range step must not be 0") }
            let count = Int(((end - start) / step).rounded(.up))
            guard count <= 1024 else { return .failed("range of more than 1024 numbers") }
            return .value(.list((0..<max(0, count)).map { .number(start + Double($0) * step) }))
        case "min", "max", "abs", "ceil", "floor", "sum":
            var values = arguments
            if name == "sum" {
                if arguments.count != 1 { return .failed("sum takes 1 argument") }
                if isLeafUnknown(arguments[0]) { return .unknown }
                values = list(arguments[0]) ?? []
            }
            if values.contains(where: isLeafUnknown) { return .unknown }
            let numbers = values.compactMap(number)
            guard numbers.count == values.count, !numbers.isEmpty else { return .failed("\(name) needs numbers") }
            switch name {
            case "min": return .value(.number(numbers.min()!))
            case "max": return .value(.number(numbers.max()!))
            case "abs": return .value(.number(Swift.abs(numbers[0])))
            case "ceil": return .value(.number(numbers[0].rounded(.up)))
            case "floor": return .value(.number(numbers[0].rounded(.down)))
            default: return .value(.number(numbers.reduce(0, +)))
            }
        case "alltrue", "anytrue":
            if let problem = argumentCount(1...1) { return problem }
            guard let items = list(arguments[0]) else { return isLeafUnknown(arguments[0]) ? .unknown : .failed("\(name) needs a list") }
            var sawUnknown = false
            for item in items {
                switch item {
                case .bool(let flag):
                    if name == "alltrue", !flag { return .value(.bool(false)) }
                    if name == "anytrue", flag { return .value(.bool(true)) }
                case .string("true"), .string("false"):
                    let flag = item == .string("true")
                    if name == "alltrue", !flag { return .value(.bool(false)) }
                    if name == "anytrue", flag { return .value(.bool(true)) }
                default: sawUnknown = true
                }
            }
            return sawUnknown ? .unknown : .value(.bool(name == "alltrue"))
        case "jsondecode":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let text = string(arguments[0]), let document = try? JSONReader.parse(Array(text.utf8)) else { return .failed("jsondecode needs JSON text") }
            return .value(ResolvedNode(literal: document.root).value)
        case "cidrsubnet":
            if let problem = argumentCount(3...3) { return problem }
            if arguments.contains(where: isLeafUnknown) { return .unknown }
            guard let prefix = string(arguments[0]), let newBits = number(arguments[1]), let netNumber = number(arguments[2]) else {
                return .failed("cidrsubnet needs a prefix and two numbers")
            }
            return cidrSubnet(prefix, newBits: Int(newBits), netNumber: Int(netNumber))
        case "file":
            if let problem = argumentCount(1...1) { return problem }
            if isLeafUnknown(arguments[0]) { return .unknown }
            guard let path = string(arguments[0]) else { return .failed("file needs a path") }
            return readModuleFile(path, context: context).map { .value(.string($0)) } ?? .unknown
        case "timestamp", "uuid", "bcrypt", "uuidv5", "plantimestamp":
            return .unknown
        default:
            return .unknown
        }
    }

    /// A file of the module, read only when the path stays inside the module's directory.
    static func readModuleFile(_ path: String, context: Context) -> String? {
        let full = path.hasPrefix("/") ? path : context.moduleDirectory + "/" + path
        let directory = context.moduleDirectory.hasPrefix("/") ? context.moduleDirectory : context.moduleDirectory
        guard !path.split(separator: "/").contains(".."), full.hasPrefix(directory) else { return nil }
        return context.readFile(full)
    }

    /// Terraform's `format`: `%s %d %v %q %t %f %%`, with an optional width and precision.
    private static func format(_ spec: String, _ arguments: [Value]) -> Result {
        var output = ""
        var next = 0
        var scalars = Array(spec)[...]
        while let character = scalars.popFirst() {
            guard character == "%" else { output.append(character); continue }
            var flags = ""
            while let flag = scalars.first, "0123456789.-+# ".contains(flag) { flags.append(flag); scalars.removeFirst() }
            guard let verb = scalars.popFirst() else { return .failed("format string ends in %") }
            if verb == "%" { output += "%"; continue }
            guard next < arguments.count else { return .failed("not enough arguments for format") }
            let argument = arguments[next]
            next += 1
            switch verb {
            case "s", "v":
                if verb == "v", case .list = argument { output += argument.displayText; continue }
                guard let text = string(argument) else { return .failed("%\(verb) needs a primitive value") }
                output += text
            case "d":
                guard let number = number(argument), number == number.rounded() else { return .failed("%d needs a whole number") }
                let text = String(Int64(number))
                let width = Int(flags.filter(\.isNumber)) ?? 0
                let pad = flags.hasPrefix("0") ? "0" : " "
                output += String(repeating: pad, count: max(0, width - text.count)) + text
            case "f":
                guard let number = number(argument) else { return .failed("%f needs a number") }
                let precision = flags.split(separator: ".").last.flatMap { Int($0) } ?? 6
                output += fixed(number, precision: flags.contains(".") ? precision : 6)
            case "t":
                guard case .bool(let flag) = argument else { return .failed("%t needs a bool") }
                output += flag ? "true" : "false"
            case "q":
                guard let text = string(argument) else { return .failed("%q needs a string") }
                output += "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            default:
                return .unknown
            }
        }
        return .value(.string(output))
    }

    private static func fixed(_ number: Double, precision: Int) -> String {
        var scale = 1.0
        for _ in 0..<precision { scale *= 10 }
        let rounded = (abs(number) * scale).rounded()
        let whole = Int64(rounded / scale)
        var fraction = String(Int64(rounded.truncatingRemainder(dividingBy: scale)))
        while fraction.count < precision { fraction = "0" + fraction }
        return (number < 0 ? "-" : "") + String(whole) + (precision > 0 ? "." + fraction : "")
    }

    /// `cidrsubnet("10.0.0.0/16", 8, 2)` is `10.0.2.0/24` (IPv4).
    private static func cidrSubnet(_ prefix: String, newBits: Int, netNumber: Int) -> Result {
        let parts = prefix.split(separator: "/")
        guard parts.count == 2, let length = Int(parts[1]) else { return .failed("invalid CIDR prefix \(prefix)") }
        let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }), (0...32).contains(length) else {
            return parts[0].contains(":") ? .unknown : .failed("invalid CIDR prefix \(prefix)")
        }
        let newLength = length + newBits
        guard newBits >= 0, newLength <= 32, netNumber >= 0, netNumber < (1 << newBits) else {
            return .failed("cidrsubnet: prefix extension out of range")
        }
        let address = octets.reduce(0) { $0 << 8 | $1 }
        let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - length)
        let subnet = (address & mask) | (newLength == 0 ? 0 : UInt32(netNumber) << (32 - newLength))
        let text = [24, 16, 8, 0].map { String((subnet >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        return .value(.string("\(text)/\(newLength)"))
    }
}
