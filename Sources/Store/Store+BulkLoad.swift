import Foundation
import Records

#if canImport(Glibc)
  import Glibc
#endif

extension Store {
  /// Opens a NEW store file for one cold load: no rollback journal, no syncs, an exclusive lock.
  /// Fast (every page is written once) and safe only because the file is not the store yet: the
  /// caller fills it in one `write`, `close()`s it and `publish`es it over the store's path, so
  /// a crash or kill before that leaves the store as it was (absent) and a file nobody reads.
  /// - Throws: `InputError` when the file cannot be created.
  package static func bulkLoad(path: String) throws -> Store {
    for suffix in ["", "-journal", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
    return try Store(path: path, bulkLoad: true)
  }

  /// Closes the connection (the object must not be used afterwards).
  package func close() throws {
    try queue.close()
  }

  /// Makes a closed bulk-loaded file durable (fsync) and renames it to `destination` (atomic on
  /// POSIX file systems), then syncs the folder so the rename survives a power loss. A stale
  /// `-wal`/`-shm` beside a missing destination is removed first (it belongs to no store).
  /// - Throws: `InputError` when the file cannot be synced or renamed.
  package static func publish(_ path: String, as destination: String) throws {
    func fail(_ what: String) -> InputError {
      InputError(
        file: destination, problem: "cannot \(what) (\(String(cString: strerror(errno))))",
        fix: "check the folder's permissions and free space")
    }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw fail("open the loaded store") }
    let synced = fsync(fd)
    Glibc.close(fd)
    guard synced == 0 else { throw fail("sync the loaded store") }
    if !FileManager.default.fileExists(atPath: destination) {
      for suffix in ["-wal", "-shm", "-journal"] {
        try? FileManager.default.removeItem(atPath: destination + suffix)
      }
    }
    guard rename(path, destination) == 0 else { throw fail("move the loaded store into place") }
    let folder = (destination as NSString).deletingLastPathComponent
    let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
    if dir >= 0 {
      _ = fsync(dir)
      Glibc.close(dir)
    }
  }
}
