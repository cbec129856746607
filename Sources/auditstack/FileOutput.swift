import Foundation

/// The one way auditstack writes a file the user asked for (a report, a baseline): whole,
/// in one pass, creating missing parent folders, and with the system's own reason when it
/// fails ("Permission denied"), never a Foundation error domain.
enum FileOutput {
    /// Writes `text` to `path`; `nil` on success, else why it failed.
    static func write(_ text: String, to path: String) -> String? {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                return "cannot create the folder \(parent)"
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { return reason(errno) }
        var text = text
        let failure = text.withUTF8 { bytes -> Int32? in
            var offset = 0
            while offset < bytes.count {
                let result = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += result
            }
            return nil
        }
        if let failure {
            close(descriptor)
            return reason(failure)
        }
        return close(descriptor) == 0 ? nil : reason(errno)
    }

    private static func reason(_ code: Int32) -> String {
        code == EISDIR ? "it is a folder" : String(cString: strerror(code))
    }

    /// Whether a path the user gave names a folder: one that exists, or one written with
    /// a trailing `/`.
    static func namesFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }
}
