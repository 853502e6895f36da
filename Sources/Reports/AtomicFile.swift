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

  /// Many files made durable together: each goes to a temporary file beside its target without
  /// a sync of its own; `commit` then flushes them all with one `sync(2)`, renames each into place
  /// and syncs the folders holding them. A nightly run's hundred-odd lists cost one flush instead
  /// of one `fsync` each. Until `commit`, no target is touched; a killed run leaves only
  /// temporaries (dot-files ending in `.tmp`).
  public struct Batch {
    /// Paths, not `URL`s: a night stages thousands of files, and joining and splitting `URL`s
    /// costs more than writing a small file.
    private var pending: [(temporary: String, target: String)] = []

    public init() {}

    /// The files added so far, in order.
    public var targets: [URL] { pending.map { URL(fileURLWithPath: $0.target) } }

    /// Writes `data` to a temporary file beside `url`, creating the folder when missing.
    public mutating func add(_ data: Data, to url: URL) throws {
      adopt(try AtomicFile.stage(data, to: url))
    }

    /// Takes a file staged on its own (`AtomicFile.stage`) into the batch, after those added so far:
    /// `commit` renames it into place, `discard` removes it.
    public mutating func adopt(_ staged: Staged) {
      pending.append((staged.temporary, staged.target))
    }

    /// Flushes every temporary file, renames each over its target, then syncs the folders.
    public mutating func commit() throws {
      guard !pending.isEmpty else { return }
      sync()
      var folders: Set<String> = []
      for (temporary, target) in pending {
        guard rename(temporary, target) == 0 else { throw AtomicFile.posixError(path: target) }
        folders.insert(AtomicFile.folder(of: target))
      }
      for folder in folders.sorted() {
        let fd = open(folder, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
          _ = fsync(fd)
          close(fd)
        }
      }
      pending = []
    }

    /// Removes the temporary files of a batch that will not be committed.
    public mutating func discard() {
      for (temporary, _) in pending { unlink(temporary) }
      pending = []
    }
  }

  /// A temporary file written beside its target and not yet in a batch.
  public struct Staged: Sendable {
    /// The path of the dot-file holding the bytes.
    let temporary: String
    /// The path where `commit` will put them.
    let target: String
  }

  /// Writes `data` to a temporary file beside `url` (no sync, no rename): a `Batch` that adopts
  /// it makes it durable and renames it at its `commit`. Safe to call from several threads at
  /// once, so that files are written on the cores that rendered them.
  /// - Parameter makeFolder: whether to create `url`'s folder when missing (false: the caller has).
  /// - Throws: the POSIX error, having removed the temporary file.
  public static func stage(_ data: Data, to url: URL, makeFolder: Bool = true) throws -> Staged {
    if makeFolder {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    }
    return try stage(data, atPath: url.path)
  }

  /// `stage(_:to:makeFolder: false)` for a target given as a file path, whose folder exists.
  public static func stage(_ data: Data, atPath target: String) throws -> Staged {
    let name = target.lastIndex(of: "/").map { target[target.index(after: $0)...] } ?? target[...]
    let temporary = folder(of: target) + "/.\(name).\(UUID().uuidString).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw posixError(path: temporary) }
    defer { close(fd) }
    try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var offset = 0
      while offset < bytes.count {
        let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0, errno == EINTR { continue }
        guard n > 0 else {
          let error = posixError(path: temporary)
          unlink(temporary)
          throw error
        }
        offset += n
      }
    }
    return Staged(temporary: temporary, target: target)
  }

  /// The folder holding the file at `path` ("." for a bare name).
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// The failure `errno` names, of the file at `path`.
  static func posixError(path: String) -> CocoaError {
    CocoaError(
      .fileWriteUnknown,
      userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
  }

  static func posixError(_ url: URL) -> CocoaError { posixError(path: url.path) }
}
