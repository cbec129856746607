/// A problem with an input rather than with the configuration in it: a file that could
/// not be read or parsed (an error), or a loader remark (a warning). Line and column are
/// 1-based; both are 0 when the problem concerns a path as a whole (a missing file).
public struct InputProblem: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
}
