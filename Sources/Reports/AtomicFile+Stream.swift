import Foundation

extension AtomicFile {
  /// Writes to `url` what `produce` hands its writer, part after part, as `write(_:to:)` writes
  /// their bytes joined, but without joining them (a list of a million rows is a quarter of a
  /// gigabyte, written while it is rendered): to a temporary file beside the target, renamed over
  /// it once `produce` returns.
  /// - Throws: what `produce` throws, or the POSIX error, having removed the temporary file.
  public static func write(to url: URL, _ produce: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws
  {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      let file = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
      guard file >= 0 else { throw posixError(temporary) }
      defer { close(file) }
      try produce { part in
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
