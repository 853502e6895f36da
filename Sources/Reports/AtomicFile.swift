import Foundation

/// Writes whole files so that a reader never sees half of one: the bytes go to a temporary file
/// in the same folder, which is then renamed over the target (rename(2) is atomic within one file
/// system). A killed write leaves the old file, or no file, never a torn one.
public enum AtomicFile {
  /// Writes `data` to `url`, creating the parent folder when missing.
  /// - Throws: the underlying Foundation or POSIX error, having removed the temporary file.
  public static func write(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try data.write(to: temporary)
      guard rename(temporary.path, url.path) == 0 else {
        throw CocoaError(
          .fileWriteUnknown,
          userInfo: [
            NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: String(cString: strerror(errno)),
          ])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// Writes `text` in `encoding` to `url`.
  public static func write(_ text: String, encoding: TextEncoding = .utf8, to url: URL) throws {
    try write(try encoding.encode(text), to: url)
  }
}
