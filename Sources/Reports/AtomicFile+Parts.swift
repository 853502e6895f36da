import Foundation

extension AtomicFile {
  /// Writes `parts` one after another to `url`, as `write(_:to:)` writes their bytes joined, but
  /// without joining them first (a list of a million rows is a quarter of a gigabyte): to a
  /// temporary file beside the target, then renamed over it.
  /// - Throws: the POSIX error, having removed the temporary file.
  public static func write(parts: [[UInt8]], to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      let file = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
      guard file >= 0 else { throw posixError(temporary) }
      defer { close(file) }
      for part in parts {
        try part.withUnsafeBytes { bytes in
          var done = 0
          while done < bytes.count {
            let n = Foundation.write(file, bytes.baseAddress! + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw posixError(temporary) }
            done += n
          }
        }
      }
      guard rename(temporary.path, url.path) == 0 else { throw posixError(url) }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}
